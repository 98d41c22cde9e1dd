"""Data tables: the contract (schema), the validator, the loader and the CSV format.

The builder of the embedded dataset is `ikm_sim.databuild`.
"""

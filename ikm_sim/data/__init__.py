"""Data tables: the contract (schema), the validator, the loader and the dataset builder."""

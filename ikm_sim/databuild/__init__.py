"""The dataset builder: the embedded ``data/`` built from published figures and seeded synthesis.

Kept apart from the runtime data contract (`ikm_sim.data`: schema, checks, loading, the CSV
format), which it writes to: an analyst's registry extract replaces what this builds.
`ikm_sim.databuild.dataset.build_dataset` is the entry point (``ikm-sim data build``).
"""

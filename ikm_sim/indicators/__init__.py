"""Derived measures computed once from the tidy results.

Every share, rate, KPI, per-year rank and near-term table that runner, charts, exports, CLI
and app show is computed here, from the result tables of one column contract
(:mod:`ikm_sim.results_schema`), and imported from here everywhere else.
"""

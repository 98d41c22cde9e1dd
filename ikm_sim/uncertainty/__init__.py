"""Uncertainty bands, shortage probabilities and sensitivity of the teacher gap.

`draw_samples` draws the uncertain inputs, `run_ensemble` runs them (vectorised over an extra
``Sample`` dimension, spread over local worker processes or a dask cluster: `ikm_sim.executor`),
`ikm_sim.uncertainty.streamed` runs large ensembles in bounded memory,
`ikm_sim.uncertainty.summary` turns the ensemble into percentiles and probabilities,
`ikm_sim.uncertainty.sensitivity` ranks parameters.
"""

from __future__ import annotations

from ikm_sim.uncertainty.ensemble import Ensemble, run_ensemble
from ikm_sim.uncertainty.sampling import UncertaintySpec, draw_samples

__all__ = ["Ensemble", "UncertaintySpec", "draw_samples", "run_ensemble"]

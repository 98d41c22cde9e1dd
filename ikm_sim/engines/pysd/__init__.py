"""The PySD engine, the reference: the model translated by PySD, run with PySD.

`translate` translates the model file once per data directory and hands out fresh copies,
`speedups` patches each loaded model (same results, less bookkeeping), `ensemble` translates
the ensemble variant. PySD is imported only when a PySD model is first needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.engines.base import EngineOutput
from ikm_sim.paths import MODEL_FILE

__all__ = ["PysdEngine", "from_pysd"]


def from_pysd(out: pd.DataFrame, columns: list[str]) -> EngineOutput:
    """PySD's unflattened output (one DataArray or float per time) as an `EngineOutput`."""
    values: dict[str, np.ndarray] = {}
    dims: dict[str, tuple[str, ...]] = {}
    coords: dict[str, list[str]] = {}
    for name in columns:
        column = out[name]
        first = column.iloc[0]
        if isinstance(first, xr.DataArray):
            dims[name] = tuple(str(d) for d in first.dims)
            values[name] = np.stack(
                [np.asarray(da.transpose(*dims[name]).values, dtype=float) for da in column]
            )
            for d in dims[name]:
                coords.setdefault(d, [str(e) for e in first.coords[d].values])
        else:
            dims[name] = ()
            values[name] = column.to_numpy(dtype=float)
    return EngineOutput(out.index.to_numpy(dtype=float), values, dims, coords)


class PysdEngine:
    """PySD: every run on a fresh copy of the translated model (`ikm_sim.engines.base.Engine`)."""

    name = "pysd"

    def prepare(self, data_dir: Path, samples: int | None = None) -> None:
        """Translate (if needed) and load the model, or its ensemble variant, once."""
        if samples is not None:
            from ikm_sim.engines.pysd.ensemble import fresh_ensemble

            fresh_ensemble(data_dir, samples)
        else:
            from ikm_sim.engines.pysd.translate import fresh_model

            fresh_model(data_dir)

    def simulate(
        self,
        data_dir: Path,
        inputs: Mapping[str, Any],
        columns: list[str],
        base_year: int,
        final_year: int,
        *,
        samples: int | None = None,
        model_file: Path = MODEL_FILE,
    ) -> EngineOutput:
        """Run a fresh PySD model and return the saved values of `columns`."""
        from ikm_sim.engines.pysd import translate

        if samples is not None:
            from ikm_sim.engines.pysd.ensemble import fresh_ensemble

            pysd_model = fresh_ensemble(data_dir, samples, model_file)
        else:
            pysd_model = translate.fresh_model(data_dir, model_file)
        # Every array in the model shares its coordinates, so exact alignment is safe and skips
        # xarray's join computation (about 20 % of a PySD run); a mismatch raises.
        with xr.set_options(arithmetic_join="exact"):
            out = translate.simulate(pysd_model, dict(inputs), columns, base_year, final_year)
        return from_pysd(out, columns)

    def simulate_samples(
        self,
        data_dir: Path,
        inputs: Mapping[str, Any],
        columns: list[str],
        base_year: int,
        final_year: int,
        samples: int,
    ) -> EngineOutput:
        """All samples in one ensemble model: PySD's cost is per equation, not per element."""
        return self.simulate(data_dir, inputs, columns, base_year, final_year, samples=samples)

"""What every engine shares: the engine names, the default, the output type and the interface.

An engine turns the model's inputs (Vensim names -> float, `xarray.DataArray` or a time-indexed
`pandas.Series`, as PySD takes them) into an `EngineOutput`, so nothing downstream knows which
engine ran. The engines are siblings: `ikm_sim.engines.fast` (numpy code generated from the
model file) and `ikm_sim.engines.pysd` (PySD, the reference); each implements `Engine` and
imports nothing from the other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ikm_sim.errors import IkmSimError
from ikm_sim.paths import MODEL_FILE

if TYPE_CHECKING:  # the names are imported by the CLI before its slow imports
    import numpy as np
    import pandas as pd
    import xarray as xr

#: The engines a run can use; the first is the default.
ENGINES = ("fast", "pysd")
DEFAULT_ENGINE = ENGINES[0]
#: Environment variable naming the engine of runs that are given none (the default only: the
#: CLI and the app pass the engine as an argument).
ENGINE_ENV = "IKM_SIM_ENGINE"


def check_engine(engine: str | None) -> str:
    """The engine's name if it is known, else raise; None means the default.

    Parameters
    ----------
    engine : str or None
        An engine name, or None for the default: ``IKM_SIM_ENGINE`` if set, else ``fast``.

    Returns
    -------
    str

    Raises
    ------
    IkmSimError
        Naming the engine and the known ones.
    """
    if engine is None:
        engine = os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise IkmSimError(f"engine '{engine}': choose one of {', '.join(ENGINES)}")
    return engine


@dataclass(frozen=True)
class EngineOutput:
    """Saved values of a run: one array per variable, time first.

    Attributes
    ----------
    times : numpy.ndarray
        Saved times.
    values : dict
        Variable name (as asked for) -> array of shape ``(times, *dims)``.
    dims : dict
        Variable name -> its dimensions, in the array's order.
    coords : dict
        Dimension -> its elements.
    """

    times: np.ndarray
    values: dict[str, np.ndarray]
    dims: dict[str, tuple[str, ...]]
    coords: dict[str, list[str]]

    def array(self, name: str) -> xr.DataArray:
        """A variable as a DataArray with a ``time`` dimension first."""
        import xarray as xr

        dims = self.dims[name]
        coords = {"time": self.times, **{d: self.coords[d] for d in dims}}
        return xr.DataArray(self.values[name], coords, ["time", *dims])

    def series(self, name: str) -> pd.Series:
        """A variable as PySD returns it unflattened: one DataArray (or float) per time."""
        import pandas as pd
        import xarray as xr

        dims = self.dims[name]
        if not dims:
            return pd.Series(self.values[name], index=self.times, name=name)
        coords = {d: self.coords[d] for d in dims}
        return pd.Series(
            [xr.DataArray(row, coords, list(dims)) for row in self.values[name]],
            index=self.times,
            name=name,
            dtype=object,
        )


class Engine(Protocol):
    """One engine: prepare its model once, run inputs, run an ensemble of samples."""

    #: The engine's name (one of `ENGINES`).
    name: str

    def prepare(self, data_dir: Path, samples: int | None = None) -> None:
        """Load (translate or generate, if needed) the model once in this process.

        Worker processes forked afterwards inherit it instead of loading their own.
        """
        ...

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
        """Run the model (the ensemble variant with `samples` members) and save `columns`."""
        ...

    def simulate_samples(
        self,
        data_dir: Path,
        inputs: Mapping[str, Any],
        columns: list[str],
        base_year: int,
        final_year: int,
        samples: int,
    ) -> EngineOutput:
        """Run inputs with a ``Sample`` dimension of `samples` members, however is fastest."""
        ...

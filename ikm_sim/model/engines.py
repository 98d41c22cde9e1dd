"""One call for both engines: the fast engine generated from the model file, and PySD.

PySD is the reference engine; the fast engine (`ikm_sim.engine`) is generated from the same
``.mdl`` and tested to agree with it (``tests/engine``). Both take the same inputs (Vensim names
-> float, DataArray or a time-indexed Series) and both results come back as an
`ikm_sim.engine.EngineOutput`, so nothing downstream knows which engine ran.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.engine.agreement import RTOL, Difference, compare_outputs
from ikm_sim.engine.model import EngineOutput
from ikm_sim.errors import IkmSimError
from ikm_sim.paths import MODEL_FILE

#: The engines a run can use; the first is the default.
ENGINES = ("fast", "pysd")
DEFAULT_ENGINE = "fast"
#: Environment variable that sets the engine of runs that do not name one (worker processes
#: inherit it; the CLI's ``--engine`` sets it).
ENGINE_ENV = "IKM_SIM_ENGINE"


def check_engine(engine: str | None) -> str:
    """Return `engine` (or the default engine when None) if it is known, else raise."""
    if engine is None:
        engine = os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise IkmSimError(f"engine '{engine}': choose one of {', '.join(ENGINES)}")
    return engine


def use_engine(engine: str) -> None:
    """Make `engine` the default of this process and of the worker processes it starts."""
    os.environ[ENGINE_ENV] = check_engine(engine)


def prepare_engine(engine: str | None, data_dir: Path, samples: int | None = None) -> None:
    """Load (and translate or generate, if needed) the engine's model once in this process.

    Worker processes forked afterwards inherit it instead of loading their own.
    """
    engine = check_engine(engine)
    if engine == "fast":
        from ikm_sim.engine import load_fast_model

        size = samples if samples is None or samples <= FAST_BLOCK else FAST_BLOCK
        load_fast_model(data_dir, MODEL_FILE, _ensemble_text(MODEL_FILE, size))
    elif samples is not None:
        from ikm_sim.model.ensemble_model import fresh_ensemble

        fresh_ensemble(data_dir, samples)
    else:
        from ikm_sim.model.translate import fresh_model

        fresh_model(data_dir)


def _ensemble_text(model_file: Path, samples: int | None) -> str | None:
    if samples is None:
        return None
    from ikm_sim.model.ensemble_model import transform

    return transform(model_file.read_text(encoding="utf-8"), samples)


#: Samples per run of the compiled ensemble model: arrays of a few samples stay in the CPU's
#: cache (per sample: 0.020 s at 5, 0.025 s at 10, 0.030 s at 20-100 on the 2-core machine).
FAST_BLOCK = 5


def simulate_samples(
    engine: str | None,
    data_dir: Path,
    inputs: Mapping[str, Any],
    columns: list[str],
    base_year: int,
    final_year: int,
    samples: int,
    *,
    block: int = FAST_BLOCK,
) -> EngineOutput:
    """Run inputs with a ``Sample`` dimension of `samples` members through the ensemble model.

    PySD runs all samples in one model (its cost is per equation, not per element). The fast
    engine converts the inputs once and runs its compiled ensemble model `block` samples at a
    time (its cost is memory traffic, which small arrays keep in cache); the last block is
    padded with copies of the last sample, and the padding dropped.

    Returns
    -------
    EngineOutput
        Every variable has ``Sample`` (all `samples` members) as its first dimension.
    """
    from ikm_sim.model.ensemble_model import SAMPLE_DIM

    if check_engine(engine) == "pysd" or samples <= block:
        return simulate(engine, data_dir, inputs, columns, base_year, final_year, samples=samples)
    from ikm_sim.engine import load_fast_model

    model = load_fast_model(data_dir, MODEL_FILE, _ensemble_text(MODEL_FILE, block))
    labels = [f"S{i + 1}" for i in range(samples)]
    prepared = model.prepare(inputs, {SAMPLE_DIM: labels})
    pieces = []
    for start in range(0, samples, block):
        members = list(range(start, min(start + block, samples)))
        padded = members + [members[-1]] * (block - len(members))
        part = model.take(prepared, SAMPLE_DIM, padded)
        out = model.run(part, columns, initial_time=base_year, final_time=final_year)
        pieces.append((out, len(members)))
    first = pieces[0][0]
    values = {
        name: np.concatenate([out.values[name][:, :n] for out, n in pieces], axis=1)
        for name in columns
    }
    return EngineOutput(first.times, values, first.dims, {**first.coords, SAMPLE_DIM: labels})


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


def simulate(
    engine: str | None,
    data_dir: Path,
    inputs: Mapping[str, Any],
    columns: list[str],
    base_year: int,
    final_year: int,
    *,
    samples: int | None = None,
    model_file: Path = MODEL_FILE,
) -> EngineOutput:
    """Run the model with `engine` and return the saved values of `columns`.

    Parameters
    ----------
    engine : {"fast", "pysd"} or None
        Which engine runs the model (None: the default, see `check_engine`).
    data_dir : pathlib.Path
        Data directory (its municipality and subject tables define the dimensions).
    inputs : mapping
        Model inputs by Vensim name (`ikm_sim.model.inputs.model_inputs`).
    columns : list of str
        Variables to return.
    base_year, final_year : int
        First and last simulated year.
    samples : int, optional
        Run the ensemble variant of the model with a ``Sample`` dimension of this size
        (`ikm_sim.model.ensemble_model`).
    model_file : pathlib.Path, optional
        The Vensim model.

    Returns
    -------
    EngineOutput
    """
    if check_engine(engine) == "fast":
        from ikm_sim.engine import load_fast_model

        model = load_fast_model(data_dir, model_file, _ensemble_text(model_file, samples))
        return model.run(inputs, columns, initial_time=base_year, final_time=final_year)
    from ikm_sim.model import translate

    if samples is not None:
        from ikm_sim.model.ensemble_model import fresh_ensemble

        pysd_model = fresh_ensemble(data_dir, samples, model_file)
    else:
        pysd_model = translate.fresh_model(data_dir, model_file)
    # Every array in the model shares its coordinates, so exact alignment is safe and skips
    # xarray's join computation (about 20 % of a PySD run); a mismatch raises.
    with xr.set_options(arithmetic_join="exact"):
        out = translate.simulate(pysd_model, dict(inputs), columns, base_year, final_year)
    return from_pysd(out, columns)


def check_agreement(
    data_dir: Path,
    inputs: Mapping[str, Any],
    variables: list[str],
    base_year: int,
    final_year: int,
    *,
    samples: int | None = None,
    rtol: float = RTOL,
) -> list[Difference]:
    """Run PySD and the fast engine on the same inputs and compare `variables`.

    Parameters
    ----------
    data_dir : pathlib.Path
        Data directory.
    inputs : mapping
        Model inputs (`ikm_sim.model.inputs.model_inputs`, thinned).
    variables : list of str
        Variables to compare (`model_variables` for all).
    base_year, final_year : int
        Simulated years.
    samples : int, optional
        Compare the ensemble variant with this many samples.
    rtol : float
        Relative tolerance.

    Returns
    -------
    list of Difference
        Empty when the engines agree.
    """
    runs = [
        simulate(e, data_dir, inputs, variables, base_year, final_year, samples=samples)
        for e in ("pysd", "fast")
    ]
    return compare_outputs(runs[0], runs[1], rtol)

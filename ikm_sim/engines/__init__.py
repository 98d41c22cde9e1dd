"""The model's engines, siblings behind one interface: the fast engine and PySD.

PySD (`ikm_sim.engines.pysd`) is the reference engine; the fast engine
(`ikm_sim.engines.fast`) is generated from the same ``.mdl`` and checked to agree with it
(`ikm_sim.engines.agreement`, ``ikm-sim engine check``). Both implement
`ikm_sim.engines.base.Engine`: the same inputs (Vensim names -> float, DataArray or a
time-indexed Series) in, an `EngineOutput` out, so nothing downstream knows which engine ran.

Callers name the engine as an argument (``engine="fast"`` or ``"pysd"``); None means the
default (`check_engine`: ``IKM_SIM_ENGINE`` if set, else ``fast``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ikm_sim.engines.base import (
    DEFAULT_ENGINE,
    ENGINE_ENV,
    ENGINES,
    Engine,
    EngineOutput,
    check_engine,
)
from ikm_sim.paths import MODEL_FILE

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "ENGINE_ENV",
    "Engine",
    "EngineOutput",
    "check_engine",
    "get_engine",
    "prepare_engine",
    "simulate",
    "simulate_samples",
]


def get_engine(engine: str | None) -> Engine:
    """The engine named `engine` (None: the default, see `check_engine`).

    Parameters
    ----------
    engine : {"fast", "pysd"} or None
        The engine's name.

    Returns
    -------
    Engine
    """
    if check_engine(engine) == "fast":
        from ikm_sim.engines.fast import FastEngine

        return FastEngine()
    from ikm_sim.engines.pysd import PysdEngine

    return PysdEngine()


def prepare_engine(engine: str | None, data_dir: Path, samples: int | None = None) -> None:
    """Load (and translate or generate, if needed) the engine's model once in this process.

    Worker processes forked afterwards inherit it instead of loading their own.
    """
    get_engine(engine).prepare(data_dir, samples)


def simulate_samples(
    engine: str | None,
    data_dir: Path,
    inputs: Mapping[str, Any],
    columns: list[str],
    base_year: int,
    final_year: int,
    samples: int,
) -> EngineOutput:
    """Run inputs with a ``Sample`` dimension of `samples` members through the ensemble model.

    PySD runs all samples in one model (its cost is per equation, not per element); the fast
    engine runs its compiled ensemble model a few samples at a time (`FastEngine`).

    Returns
    -------
    EngineOutput
        Every variable has ``Sample`` (all `samples` members) as its first dimension.
    """
    return get_engine(engine).simulate_samples(
        data_dir, inputs, columns, base_year, final_year, samples
    )


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
        Model inputs by Vensim name (`ikm_sim.inputs.model_inputs`).
    columns : list of str
        Variables to return.
    base_year, final_year : int
        First and last simulated year.
    samples : int, optional
        Run the ensemble variant of the model with a ``Sample`` dimension of this size
        (`ikm_sim.engines.ensemble_model`).
    model_file : pathlib.Path, optional
        The Vensim model.

    Returns
    -------
    EngineOutput
    """
    return get_engine(engine).simulate(
        data_dir, inputs, columns, base_year, final_year, samples=samples, model_file=model_file
    )

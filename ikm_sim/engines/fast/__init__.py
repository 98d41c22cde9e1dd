"""The fast engine: numpy code generated from the Vensim model file by way of PySD's parser.

`load_fast_model` parses ``models/teacher_workforce.mdl`` (or any model text) with PySD's
translator, compiles every equation into numpy code with a fixed axis order per subscript
range (`ikm_sim.engines.fast.codegen`), caches the generated module
(`ikm_sim.engines.fast.generate`) and returns a `FastModel` that runs it
(`ikm_sim.engines.fast.model`), each kind of run's step fused into one function generated from
the module's code (`ikm_sim.engines.fast.fuse`), optionally compiled by numba
(`ikm_sim.engines.fast.jit`, ``IKM_SIM_FAST_JIT=numba``). `FastEngine` is its
`ikm_sim.engines.base.Engine`. PySD stays
the reference engine; ``tests/engines`` checks that both agree.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ikm_sim.engines.base import EngineOutput
from ikm_sim.engines.ensemble_model import SAMPLE_DIM, transform
from ikm_sim.engines.fast.generate import load_generated
from ikm_sim.engines.fast.model import FastModel
from ikm_sim.engines.fast.model_ir import UnsupportedConstruct
from ikm_sim.paths import DIMENSION_TABLES, MODEL_CACHE_DIR, MODEL_FILE

__all__ = ["FAST_BLOCK", "FastEngine", "FastModel", "UnsupportedConstruct", "load_fast_model"]

#: Samples per run of the compiled ensemble model: arrays of a few samples stay in the CPU's
#: cache (``benchmarks/ensemble_speed.py`` measures the cost per sample).
FAST_BLOCK = 5

_models: dict[tuple[str, str], FastModel] = {}
_lock = threading.Lock()


def load_fast_model(
    data_dir: Path, model_file: Path = MODEL_FILE, model_text: str | None = None
) -> FastModel:
    """The fast engine for a model file (or model text) on a data directory's dimensions.

    Parameters
    ----------
    data_dir : pathlib.Path
        Data directory with the municipality and subject tables.
    model_file : pathlib.Path, optional
        The Vensim model (its name is used for messages and the generated module).
    model_text : str, optional
        Model text to compile instead of the file's (e.g. the ensemble variant).

    Returns
    -------
    FastModel
        Shared and stateless between runs: every run starts from its own inputs.
    """
    text = model_file.read_text(encoding="utf-8") if model_text is None else model_text
    module = load_generated(
        text, Path(data_dir), MODEL_CACHE_DIR, model_file.name, DIMENSION_TABLES
    )
    key = (module.__name__, str(data_dir))
    with _lock:
        model = _models.get(key)
        if model is None:
            model = _models[key] = FastModel(module)
        return model


def _ensemble_text(model_file: Path, samples: int | None) -> str | None:
    if samples is None:
        return None
    return transform(model_file.read_text(encoding="utf-8"), samples)


class FastEngine:
    """The generated numpy engine (`ikm_sim.engines.base.Engine`)."""

    name = "fast"

    def __init__(self, block: int = FAST_BLOCK) -> None:
        self.block = block

    def prepare(self, data_dir: Path, samples: int | None = None) -> None:
        """Generate (if needed) and load the model, or the ensemble variant it runs, once."""
        size = samples if samples is None or samples <= self.block else self.block
        load_fast_model(data_dir, MODEL_FILE, _ensemble_text(MODEL_FILE, size))

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
        """Run the generated model and return the saved values of `columns`."""
        model = load_fast_model(data_dir, model_file, _ensemble_text(model_file, samples))
        return model.run(inputs, columns, initial_time=base_year, final_time=final_year)

    def simulate_samples(
        self,
        data_dir: Path,
        inputs: Mapping[str, Any],
        columns: list[str],
        base_year: int,
        final_year: int,
        samples: int,
    ) -> EngineOutput:
        """Run the samples `block` at a time through the compiled ensemble model.

        The inputs are converted once; the engine's cost is memory traffic, which small arrays
        keep in cache. The last block is padded with copies of the last sample, and the
        padding dropped.
        """
        block = self.block
        if samples <= block:
            return self.simulate(data_dir, inputs, columns, base_year, final_year, samples=samples)
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

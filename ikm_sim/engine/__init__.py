"""The fast engine: numpy code generated from the Vensim model file by way of PySD's parser.

`load_fast_model` parses ``models/teacher_workforce.mdl`` (or any model text) with PySD's
translator, compiles every equation into numpy code with a fixed axis order per subscript
range (`ikm_sim.engine.codegen`), caches the generated module (`ikm_sim.engine.generate`) and
returns a `FastModel` that runs it (`ikm_sim.engine.model`). PySD stays the reference engine;
``tests/engine`` checks that both agree.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ikm_sim.engine.generate import load_generated
from ikm_sim.engine.model import EngineOutput, FastModel
from ikm_sim.engine.model_ir import UnsupportedConstruct
from ikm_sim.paths import DIMENSION_TABLES, MODEL_CACHE_DIR, MODEL_FILE

__all__ = ["EngineOutput", "FastModel", "UnsupportedConstruct", "load_fast_model"]

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

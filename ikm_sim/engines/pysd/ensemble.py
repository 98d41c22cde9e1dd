"""The ensemble variant of the model translated by PySD, cached like the deterministic model.

The text comes from `ikm_sim.engines.ensemble_model.transform`; the translation is kept in
``.cache/models/ensemble-<key>/`` with the same ``models/`` + ``data/`` layout as
`ikm_sim.engines.pysd.translate`, so the relative ``GET DIRECT SUBSCRIPT('../data/...')``
references resolve.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ikm_sim.engines.ensemble_model import TRANSFORM_VERSION, transform
from ikm_sim.engines.pysd.translate import (
    CACHE_DIR,
    TRANSLATION_TABLES,
    template_copy,
    translate_into,
)
from ikm_sim.paths import MODEL_FILE


def ensemble_key(data_dir: Path, samples: int, model_file: Path = MODEL_FILE) -> str:
    """Hash of the model, the dimension tables, the sample count and the transform version."""
    h = hashlib.sha256(f"ensemble-{TRANSFORM_VERSION}-{samples}".encode())
    for path in (model_file, *(data_dir / t for t in TRANSLATION_TABLES)):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def ensemble_file(data_dir: Path, samples: int, model_file: Path = MODEL_FILE) -> Path:
    """Path of the translated ensemble model with `samples` samples, translating if needed."""
    target = CACHE_DIR / f"ensemble-{ensemble_key(data_dir, samples, model_file)}"
    py_file = target / "models" / model_file.with_suffix(".py").name
    if py_file.exists():
        return py_file
    text = model_file.read_text(encoding="utf-8")
    translate_into(target, data_dir, model_file.name, transform(text, samples))
    return py_file


def fresh_ensemble(data_dir: Path, samples: int, model_file: Path = MODEL_FILE) -> Any:
    """Return a new, never-run ensemble model (one template per process and size is cached).

    Parameters
    ----------
    data_dir : pathlib.Path
        Data directory whose municipality and subject tables define the dimensions.
    samples : int
        Size of the ``Sample`` dimension.
    model_file : pathlib.Path, optional
        The Vensim model.

    Returns
    -------
    pysd.py_backend.model.Model
        An independent copy of the initialised template.
    """
    return template_copy(ensemble_file(data_dir, samples, model_file))

"""Translate the Vensim model with PySD once, cache it, and hand out fresh copies.

The model's Region and Subject dimensions are read from the data directory at translation
time (``GET DIRECT SUBSCRIPT``), so a translation belongs to one model file *and* one pair of
municipality/subject tables. The cache key is a hash of the three files; the translated Python
module lives in ``.cache/models/<key>/`` and is re-translated only when one of them changes.
PySD models keep parameters between runs, so every run gets its own copy of a pristine,
never-run, initialised template. PySD is imported only when a PySD model is needed (the fast
engine does not load it).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

from ikm_sim.errors import ModelError
from ikm_sim.paths import DIMENSION_TABLES, MODEL_CACHE_DIR, MODEL_FILE

CACHE_DIR = MODEL_CACHE_DIR
#: Tables the model reads at translation time (relative to the data directory).
TRANSLATION_TABLES = DIMENSION_TABLES

_templates: dict[str, Any] = {}
_lock = threading.Lock()


def translation_key(data_dir: Path, model_file: Path = MODEL_FILE) -> str:
    """Hash of the model file and the tables that define its dimensions."""
    h = hashlib.sha256()
    for path in (model_file, *(data_dir / t for t in TRANSLATION_TABLES)):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def translate_into(target: Path, data_dir: Path, model_name: str, model_text: str) -> None:
    """Translate `model_text` with PySD into `target`, atomically.

    Parameters
    ----------
    target : pathlib.Path
        Cache directory to create (``<target>/models/<model>.py``); left untouched on failure.
    data_dir : pathlib.Path
        Data directory whose dimension tables the model reads at translation time.
    model_name : str
        File name of the model (e.g. ``teacher_workforce.mdl``).
    model_text : str
        The Vensim model text.

    Raises
    ------
    ModelError
        If PySD cannot translate the model.
    """
    # Lay out <tmp>/models/<model>.mdl and <tmp>/data/*.csv so the model's relative
    # '../data/...' references resolve, translate there, then move into place atomically.
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="translate-", dir=target.parent))
    try:
        (tmp / "models").mkdir()
        (tmp / "data").mkdir()
        (tmp / "models" / model_name).write_text(model_text, encoding="utf-8")
        for table in TRANSLATION_TABLES:
            shutil.copy2(data_dir / table, tmp / "data" / table)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pysd

            pysd.read_vensim(str(tmp / "models" / model_name), initialize=False)
        try:
            tmp.rename(target)
        except OSError:  # another process finished first; its translation is identical
            shutil.rmtree(tmp, ignore_errors=True)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"{model_name}: PySD could not translate the model: {exc}") from exc


def translated_file(data_dir: Path, model_file: Path = MODEL_FILE) -> Path:
    """Path of the translated Python model for `data_dir`, translating if needed."""
    key = translation_key(data_dir, model_file)
    target = CACHE_DIR / key
    py_file = target / "models" / model_file.with_suffix(".py").name
    if not py_file.exists():
        translate_into(target, data_dir, model_file.name, model_file.read_text(encoding="utf-8"))
    return py_file


def fresh_model(data_dir: Path, model_file: Path = MODEL_FILE) -> Any:
    """Return a new, never-run PySD model for `data_dir` (cheap after the first call).

    Parameters
    ----------
    data_dir : pathlib.Path
        Data directory whose municipality and subject tables define the dimensions.
    model_file : pathlib.Path, optional
        The Vensim model. Default is ``models/teacher_workforce.mdl``.

    Returns
    -------
    pysd.py_backend.model.Model
        An independent copy; parameters set on it never leak into other runs.
    """
    return template_copy(translated_file(data_dir, model_file))


def template_copy(py_file: Path) -> Any:
    """A fresh copy of the initialised template of a translated model (loaded once).

    Parameters
    ----------
    py_file : pathlib.Path
        A model translated by PySD (`translated_file`, or the ensemble variant's).

    Returns
    -------
    pysd.py_backend.model.Model
        An independent copy with this project's speed-ups (`ikm_sim.engines.pysd.speedups`).
    """
    import pysd

    from ikm_sim.engines.pysd.speedups import prepare

    key = str(py_file)
    with _lock:
        template = _templates.get(key)
        if template is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # Initialised on load: a model loaded with initialize=False re-initialises its
                # hard-coded lookups inside run(), silently discarding lookup params.
                template = prepare(pysd.load(str(py_file)))
            _templates[key] = template
        return prepare(template.copy())


def simulate(
    model: Any, params: dict[str, Any], columns: list[str], base_year: int, final_year: int
) -> Any:
    """Run `model` from `base_year` to `final_year` and return PySD's unflattened output.

    PySD's ``initial_condition=(year, {})`` initialises the model at the ``INITIAL TIME`` of
    the model file (2023) and only then moves the clock, so every ``INITIAL(...)`` and stock
    initial value that reads a time path (workload rules, lever paths) was taken at 2023 even
    in a run from 2012. The clock is set to `base_year` first, so the base year's values are
    used (``tests/model/test_behaviour.py`` checks a run from 2012 starts with its own demand).

    Parameters
    ----------
    model : pysd.py_backend.model.Model
        A fresh model (`fresh_model` or the ensemble's `fresh_ensemble`).
    params : dict
        Model inputs by variable name.
    columns : list of str
        Variables to return.
    base_year, final_year : int
        First and last simulated year.

    Returns
    -------
    pandas.DataFrame
        One row per year, one column per variable (DataArrays or floats).
    """
    model.time.set_control_vars(initial_time=base_year)
    return model.run(
        params=params,
        return_columns=columns,
        flatten_output=False,
        final_time=final_year,
        initial_condition=(base_year, {}),
    )

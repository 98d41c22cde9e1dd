"""App state: the chosen scenario, its title and results, display names and the dataset.

What the pages use, from one place. The parts live beside it: the language in
`ikm_sim.ui.language`, the caches (dataset, scenarios, runs in memory and on disk) in
`ikm_sim.ui.caches`, the scenarios a session can choose (shipped and its own) in
`ikm_sim.ui.scenarios`, the status box and progress of a run in `ikm_sim.ui.progress`, and the
injectable model runner in `ikm_sim.ui.runner`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ikm_sim.errors import IkmSimError
from ikm_sim.locale.formatting import check_lang
from ikm_sim.locale.i18n import t
from ikm_sim.paths import DATA_DIR
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui.caches import Results, _load_scenario, clear_caches, load_dataset
from ikm_sim.ui.language import LANG_KEY, current_lang
from ikm_sim.ui.progress import run_with_status
from ikm_sim.ui.runner import app_runner
from ikm_sim.ui.scenarios import (
    ScenarioChoice,
    _scenario_key,
    chosen_scenario,
    scenario_description,
    scenario_files,
    scenario_object_key,
    scenario_title,
)
from ikm_sim.ui.url_state import MUNICIPALITY_KEY, SCENARIO_KEY, YEAR_KEY

__all__ = [
    "FINAL_YEAR",
    "LANG_KEY",
    "MUNICIPALITY_KEY",
    "SCENARIO_KEY",
    "YEAR_KEY",
    "Results",
    "ScenarioChoice",
    "_load_scenario",
    "_scenario_key",
    "chosen_scenario",
    "clear_caches",
    "current_lang",
    "data_readme",
    "dataset_or_none",
    "get_results",
    "load_dataset",
    "model_runner",
    "names",
    "run_with_status",
    "scenario_description",
    "scenario_files",
    "scenario_object_key",
    "scenario_title",
]

_RESULTS_KEY = "_ikm_last_results"


def dataset_or_none() -> Any | None:
    """Return the dataset, or None (after showing why) when it cannot be loaded."""
    try:
        return load_dataset()
    except (IkmSimError, OSError) as exc:
        st.warning(t("data_unavailable", current_lang(), message=str(exc)))
        return None


def names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Return display names by code: (subjects, municipalities) in `lang`; empty if no data."""
    ds = dataset_or_none()
    if ds is None:
        return {}, {}
    col = f"name_{check_lang(lang)}"
    subjects = dict(zip(ds.subjects["code"].astype(str), ds.subjects[col].astype(str), strict=True))
    munis = dict(
        zip(ds.municipalities["atvk"].astype(str), ds.municipalities[col].astype(str), strict=True)
    )
    return subjects, munis


def model_runner() -> Callable[..., Any]:
    """Return the callable the app runs scenarios with (`ikm_sim.ui.runner.app_runner`)."""
    return app_runner().run


def get_results(lang: str) -> Results | None:
    """Run (or fetch from the cache) the selected scenario, showing progress and errors.

    A failed run shows the error message and returns the previous successful results of
    this session (with a note), or None when there are none.

    Parameters
    ----------
    lang : {"lv", "en"}
        Language of the messages.

    Returns
    -------
    Results or None
    """
    chosen = chosen_scenario()
    if chosen is None:
        return run_with_status(
            _scenario_key(None), None, None, scenario_title(None, lang), lang, _RESULTS_KEY
        )
    return run_with_status(
        chosen.key,
        str(chosen.path) if chosen.path is not None else None,
        None if chosen.path is not None else chosen.scenario,
        chosen.title(lang),
        lang,
        _RESULTS_KEY,
    )


def data_readme() -> str | None:
    """Return the text of ``data/README.md``, or None if it does not exist."""
    path = DATA_DIR / "README.md"
    return path.read_text(encoding="utf-8") if path.exists() else None

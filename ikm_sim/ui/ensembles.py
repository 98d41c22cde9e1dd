"""The app's ensembles: one cached run per scenario, N and seed, and the session's last one.

`ensemble` runs N samples of a scenario (`ikm_sim.uncertainty`) in the app's one process and
summarises them; the summary is cached by the scenario's content, N and seed
(`st.cache_data`), so asking again for the same three is instant. The session keeps its last
ensemble (`SESSION_KEY`) and says which one it is in the URL (`ENSEMBLE_KEY`: N, seed and the
scenario's key hash, see `ikm_sim.ui.url_state`), so a reloaded page or a sent link shows the
same ensemble again (read from the cache) instead of losing it. `run_with_cancel` runs one with
a progress bar and a Cancel button (`ikm_sim.ui.progress.LongRun`: a cancelled run leaves the
session's last ensemble as it was); `estimated_seconds` quotes its time at the speed measured
on this machine (`ikm_sim.ui.speed`). The Municipality page reads the
session's ensemble of its scenario for the shortage probability of the coming years.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from ikm_sim.locale.i18n import t
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui.progress import LongRun
from ikm_sim.uncertainty.pack import FanSummary

#: Sample counts offered on the Uncertainty page.
SAMPLE_CHOICES = (100, 200, 500, 1000)
#: Session key of the session's last ensemble (`UncertaintyResults`).
SESSION_KEY = "_ikm_uncertainty_results"
#: Session key of the last ensemble's tag (`ensemble_tag`), kept in the URL.
ENSEMBLE_KEY = "unc_ensemble"
#: Widget key of the running ensemble's Cancel button.
CANCEL_KEY = "unc_cancel"
_TAG = re.compile(r"^(\d{1,5})-(\d{1,10})-([0-9a-f]{8})$")


@dataclass(frozen=True)
class UncertaintyResults(FanSummary):
    """Summary of one ensemble, as the app keeps it (small and picklable).

    The four percentile tables of `FanSummary` (national, regions, subjects, probability),
    and:

    Attributes
    ----------
    scenario : str
        Scenario name.
    n : int
        Number of samples.
    seed : int
        Seed of the draw.
    source : str
        What was run: a scenario file's path or an own scenario's id
        (`ikm_sim.ui.scenarios.ScenarioChoice.source`), for its title.
    births_variant : str
        The scenario's birth variant (drawn with probability 0.5).
    source_sizes : dict
        Standard deviations of the other uncertain inputs (`ikm_sim.uncertainty.sources`).
    cells : pandas.DataFrame
        ``year``, ``region``, ``subject`` and ``p_shortage`` (share of samples whose gap
        exceeds 5 % of demand in that municipality and subject) for the coming school years.
    key : str
        Cache key of the scenario's run (`ScenarioChoice.key`).
    yaml : str
        The scenario's YAML text (for the export pack).
    meta : dict
        Where the ensemble came from and when (`ikm_sim.runner.provenance`), for downloads.
    """

    scenario: str
    n: int
    seed: int
    source: str = ""
    births_variant: str = "medium"
    source_sizes: dict[str, float] = field(default_factory=dict)
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    key: str = ""
    yaml: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


@st.cache_data(max_entries=4, show_spinner=False)
def _ensemble_cached(
    scenario_json: str,
    n: int,
    seed: int,
    _progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run N samples of the scenario (one process) and summarise them; cached by the inputs.

    Returns plain values (the fields of `UncertaintyResults` the ensemble gives).
    """
    from ikm_sim.indicators.near_term import PROBABILITY, near_term_years
    from ikm_sim.scenario import Scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
    from ikm_sim.uncertainty.ensemble import ensemble_provenance
    from ikm_sim.uncertainty.pack import summarise
    from ikm_sim.uncertainty.summary import shortage_probability

    scenario = Scenario.model_validate_json(scenario_json)
    spec = UncertaintySpec(seed=seed)
    draws = draw_samples(n, spec, scenario.levers.births_variant or "medium")
    ens = run_ensemble(draws, scenario, workers=1, progress=_progress)
    summary = summarise(ens)
    cells = shortage_probability(ens)
    cells = cells[cells["year"].isin(near_term_years(ens.years))]
    return {
        "national": summary.national,
        "regions": summary.regions,
        "subjects": summary.subjects,
        "probability": summary.probability,
        "costs": summary.costs,
        "scenario": str(scenario.name),
        "n": n,
        "seed": seed,
        "births_variant": str(scenario.levers.births_variant or "medium"),
        "source_sizes": dict(ens.source_sizes),
        "cells": cells[["year", "region", "subject", "p_gap_over_share"]]
        .rename(columns={"p_gap_over_share": PROBABILITY})
        .reset_index(drop=True),
        "meta": ensemble_provenance() | {"years": [int(ens.years[0]), int(ens.years[-1])]},
    }


def ensemble(
    scenario: Any,
    n: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    *,
    source: str = "",
    key: str = "",
    yaml: str = "",
) -> UncertaintyResults:
    """The summary of N samples of `scenario` (run, or read from the cache).

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    n, seed : int
        Number of samples and seed of the draw.
    progress : callable, optional
        ``progress(done, total)`` while samples run.
    source, key, yaml : str
        As in `UncertaintyResults`.

    Returns
    -------
    UncertaintyResults
    """
    return UncertaintyResults(
        **_ensemble_cached(scenario.model_dump_json(), n, seed, progress),
        source=source,
        key=key,
        yaml=yaml,
    )


def run_with_cancel(chosen: Any, n: int, seed: int, lang: str) -> UncertaintyResults | None:
    """The ensemble of `chosen`, run with a progress bar and a Cancel button (or from the cache).

    Parameters
    ----------
    chosen : ScenarioChoice
        The scenario (`ikm_sim.ui.scenarios.ScenarioChoice`).
    n, seed : int
        Number of samples and seed of the draw.
    lang : {"lv", "en"}
        Language of the bar, the button and the message.

    Returns
    -------
    UncertaintyResults or None
        None when the run was cancelled (said on the page; the session's last ensemble stays).
    """

    def text(done: int, total: int) -> str:
        return t("unc_running", lang, done=done, total=total)

    with LongRun(CANCEL_KEY, text, n, FINAL_YEAR, lang) as run:
        return ensemble(
            chosen.scenario, n, seed, run.progress, source=chosen.source, key=chosen.key,
            yaml=chosen.yaml,
        )  # fmt: skip
    return None  # cancelled


def estimated_seconds(n: int) -> int:
    """The time an ensemble of `n` samples is quoted at: this machine's speed, up to 5 s."""
    from ikm_sim.ui import speed

    return max(5, 5 * math.ceil(speed.estimated_seconds(n, FINAL_YEAR) / 5))


def forget_unrun() -> None:
    """After a cancelled run, let the URL name the session's last ensemble (or none).

    A cancelled restore (a reload's ensemble) must not start again on the next rerun.
    """
    results = session_ensemble()
    if results is None:
        st.session_state.pop(ENSEMBLE_KEY, None)
    else:
        remember(results)


def ensemble_tag(key: str, n: int, seed: int) -> str:
    """The URL's name of an ensemble: N, seed and a short hash of the scenario's key."""
    return f"{n}-{seed}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"


def valid_tag(text: str) -> str | None:
    """`text` if it is an `ensemble_tag` with an offered N (else None)."""
    match = _TAG.match(text)
    if match is None or int(match.group(1)) not in SAMPLE_CHOICES:
        return None
    return text if int(match.group(2)) < 2**31 else None


def tag_for(key: str) -> tuple[int, int] | None:
    """N and seed of the session's ensemble tag when it names scenario `key` (else None)."""
    match = _TAG.match(str(st.session_state.get(ENSEMBLE_KEY) or ""))
    if match is None or ensemble_tag(key, 1, 0).rsplit("-", 1)[1] != match.group(3):
        return None
    return int(match.group(1)), int(match.group(2))


def remember(results: UncertaintyResults) -> None:
    """Keep `results` as the session's last ensemble (and name it in the URL)."""
    st.session_state[SESSION_KEY] = results
    st.session_state[ENSEMBLE_KEY] = ensemble_tag(results.key, results.n, results.seed)


def session_ensemble(key: str | None = None) -> UncertaintyResults | None:
    """The session's last ensemble (only if it is of scenario `key`, when given)."""
    results: UncertaintyResults | None = st.session_state.get(SESSION_KEY)
    if results is None or (key is not None and results.key != key):
        return None
    return results


__all__ = [
    "CANCEL_KEY",
    "ENSEMBLE_KEY",
    "SAMPLE_CHOICES",
    "SESSION_KEY",
    "UncertaintyResults",
    "ensemble",
    "ensemble_tag",
    "estimated_seconds",
    "forget_unrun",
    "remember",
    "run_with_cancel",
    "session_ensemble",
    "tag_for",
    "valid_tag",
]

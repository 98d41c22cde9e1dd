"""Running a sensitivity analysis from the app: costs, time estimates, cached runs, progress.

Both methods run in the server's process (one worker) through the vectorised ensemble; their
tables are cached by scenario content, method, municipality, year, design size and seed. A run
shows a progress bar and a Cancel button (`ikm_sim.ui.progress.LongRun`), and its time is quoted
at the speed measured on this machine (`ikm_sim.ui.speed`). The page
(`ikm_sim.ui.pages.sensitivity`) shows what `compute` returns.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ikm_sim.locale.i18n import t
from ikm_sim.settings import DEFAULT_SEED as SEED
from ikm_sim.settings import SENSITIVITY_METHODS as METHODS
from ikm_sim.ui.progress import LongRun
from ikm_sim.ui.scenarios import chosen_scenario

#: Morris trajectories offered (r); each costs D + 1 samples.
TRAJECTORY_CHOICES = (2, 4, 8)
DEFAULT_TRAJECTORIES = 4
#: Sobol base samples offered (N, powers of two); each costs D + 2 samples, so with D = 36
#: parameters 608, 1,216 and 2,432 samples (their time: `estimated_seconds`).
SOBOL_CHOICES = (16, 32, 64)
DEFAULT_SOBOL = 32
#: Relative half-width of the parameter ranges (`UncertaintySpec.band`).
BAND = 0.2
#: Widget key of the running analysis's Cancel button.
CANCEL_KEY = "sens_cancel"


@dataclass(frozen=True)
class SensitivityResults:
    """One analysis, as the page keeps it.

    Attributes
    ----------
    table : pandas.DataFrame
        Morris ranking (`ikm_sim.uncertainty.sensitivity.sensitivity`) or Sobol indices
        (``indices`` of `ikm_sim.uncertainty.sobol.sobol`), codes not labels.
    method : {"morris", "sobol"}
        The method.
    region : str or None
        Municipality analysed besides Latvia.
    year : int
        Target year.
    size : int
        Morris trajectories (r) or Sobol base samples (N).
    seed : int
        Seed of the design.
    scenario : str
        Scenario name (file stem).
    source : str
        What was run: a scenario file's path or an own scenario's id (for its title).
    """

    table: pd.DataFrame
    method: str
    region: str | None
    year: int
    size: int
    seed: int
    scenario: str
    source: str = ""

    @property
    def parameters(self) -> int:
        """Number of parameters varied (D)."""
        return int(self.table["parameter"].nunique())

    @property
    def samples(self) -> int:
        """Model samples the analysis cost."""
        return design_samples(self.method, self.size, self.parameters)


def design_samples(method: str, size: int, d: int) -> int:
    """Samples of a design: r x (D + 1) for Morris, N x (D + 2) for Sobol."""
    return size * (d + (2 if method == "sobol" else 1))


def varied_parameters() -> int:
    """Number of parameters a design varies (D), as `ikm_sim.uncertainty.design` counts."""
    from ikm_sim.uncertainty import UncertaintySpec
    from ikm_sim.uncertainty.design import varying_parameters

    return len(varying_parameters(UncertaintySpec(band=BAND, seed=SEED)))


def estimated_seconds(samples: int, year: int) -> int:
    """Run time of `samples` samples to `year` in one process, rounded up to 5 s.

    At the speed measured on this machine (`ikm_sim.ui.speed`: the app's recent runs and its
    warm-up), shaped by simulated years as `ikm_sim.uncertainty.ensemble.estimated_seconds`.
    """
    from ikm_sim.ui import speed

    return max(5, 5 * math.ceil(speed.estimated_seconds(samples, year) / 5))


@st.cache_data(max_entries=8, show_spinner=False)
def _cached(
    scenario_json: str,
    method: str,
    region: str | None,
    year: int,
    size: int,
    seed: int,
    _progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Run one analysis of the scenario (one process); cached by the inputs."""
    from ikm_sim.scenario import Scenario
    from ikm_sim.ui.runner import app_engine
    from ikm_sim.uncertainty import UncertaintySpec, sobol
    from ikm_sim.uncertainty import sensitivity as morris

    scenario = Scenario.model_validate_json(scenario_json)
    spec = UncertaintySpec(band=BAND, seed=seed)
    engine = app_engine()
    if method == "sobol":
        result = sobol.sobol(
            scenario,
            region,
            size,
            spec,
            years=(year,),
            workers=1,
            progress=_progress,
            engine=engine,
        )
        return result.indices
    return morris.sensitivity(
        scenario, region, size, spec, years=(year,), workers=1, progress=_progress, engine=engine
    )


def compute(
    method: str, region: str | None, year: int, size: int, lang: str
) -> SensitivityResults | None:
    """Run (or fetch) the analysis of the sidebar scenario with a progress bar and Cancel.

    Parameters
    ----------
    method : {"morris", "sobol"}
        The method.
    region : str, optional
        Municipality (ATVK code).
    year : int
        Target year.
    size : int
        Morris trajectories (r) or Sobol base samples (N).
    lang : {"lv", "en"}
        Language of the progress text.

    Returns
    -------
    SensitivityResults or None
        None when the run was cancelled (the page keeps its earlier results).

    Raises
    ------
    FileNotFoundError
        If no scenario file is selected.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    chosen = chosen_scenario()
    if chosen is None or chosen.scenario is None:
        raise FileNotFoundError("no scenario file")
    scenario = chosen.scenario
    total = design_samples(method, size, varied_parameters())

    def text(done: int, total: int) -> str:
        return t("sens_running", lang, done=done, total=total)

    table = None
    with LongRun(CANCEL_KEY, text, total, year, lang) as run:
        table = _cached(scenario.model_dump_json(), method, region, year, size, SEED, run.progress)
    if table is None:  # cancelled
        return None
    return SensitivityResults(
        table=table,
        method=method,
        region=region,
        year=year,
        size=size,
        seed=SEED,
        scenario=str(scenario.name),
        source=chosen.source,
    )

"""The model against history for the calibration page, drawn in the page's language.

The report's fit is re-run once per process (`st.cache_resource`): the model from the
calibration's start year with the estimated parameters and with their priors (the report's
``estimates.csv``), beside the published observations of every target; the page draws each
charted quantity with `ikm_sim.charts.calibration_fit.fit_chart`. Without the report's
estimates, or when they no longer name the targets' parameters, there is nothing to draw (the
page falls back to the report's own images).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ikm_sim.errors import IkmSimError


@dataclass(frozen=True)
class FitSeries:
    """The model's national quantities (calibrated and prior) beside the observations.

    Attributes
    ----------
    simulated : pandas.DataFrame
        ``quantity``, ``year``, ``line`` (``calibrated`` or ``prior``) and ``value``.
    observed : pandas.DataFrame
        ``quantity``, ``series``, ``year``, ``value``, ``low`` and ``high``.
    start_year : int
        The calibration's first year.
    """

    simulated: pd.DataFrame
    observed: pd.DataFrame
    start_year: int


@st.cache_resource(max_entries=2, show_spinner=False)
def _fit_series(estimates_csv: str) -> FitSeries | None:
    """Run the fit's two simulations for the estimates (cached by their text)."""
    import io

    from ikm_sim.calibration.simulate import Simulator
    from ikm_sim.calibration.targets import load_targets, observations
    from ikm_sim.ui.caches import load_dataset

    estimates = pd.read_csv(io.StringIO(estimates_csv)).set_index("name")
    targets = load_targets()
    data = load_dataset()
    simulator = Simulator(data, targets)
    if not set(simulator.names) <= set(estimates.index):
        return None
    frames = []
    for line, column in (("calibrated", "estimate"), ("prior", "prior")):
        q = simulator.quantities(estimates.loc[simulator.names, column].astype(float).tolist())
        long = q.rename_axis("year").reset_index().melt("year", var_name="quantity")
        frames.append(long.assign(line=line))
    observed = observations(data, targets)[["quantity", "series", "year", "value", "low", "high"]]
    return FitSeries(pd.concat(frames, ignore_index=True), observed, int(targets.start_year))


def fit_series(estimates: pd.DataFrame | None, lang: str) -> FitSeries | None:
    """The model against history for the report's estimates (None when it cannot be drawn).

    Parameters
    ----------
    estimates : pandas.DataFrame or None
        ``estimates.csv`` of the calibration report (``name``, ``prior``, ``estimate``).
    lang : {"lv", "en"}
        Language of the progress text.

    Returns
    -------
    FitSeries or None
    """
    if estimates is None or not {"name", "prior", "estimate"} <= set(estimates.columns):
        return None
    from ikm_sim.locale.i18n import t

    try:
        with st.spinner(t("fit_running", lang), show_time=True):
            return _fit_series(estimates[["name", "prior", "estimate"]].to_csv(index=False))
    except (IkmSimError, OSError, KeyError, ValueError):
        return None

"""Sensitivity page: which behavioural parameters drive the teacher gap (Morris or Sobol).

Nothing runs until the user presses the button. The user picks the method: Morris screening
(r trajectories, r x (D + 1) samples, tornado charts of μ*) or Sobol indices (N base samples,
N x (D + 2) samples, bar charts of ST and S1); the cost and a time estimate are shown before
the run. The run (`ikm_sim.ui.sensitivity_run`) shows a progress bar and is cached; a failed
run shows the error and keeps the previous results of the session.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ikm_sim.charts.sensitivity import (
    sensitivity_tornado,
    sobol_chart,
    sobol_table,
    tornado_table,
)
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.ui import speed
from ikm_sim.ui.progress import was_cancelled
from ikm_sim.ui.scenarios import chosen_scenario, source_title
from ikm_sim.ui.sensitivity_run import (
    BAND,
    CANCEL_KEY,
    DEFAULT_SOBOL,
    DEFAULT_TRAJECTORIES,
    METHODS,
    SOBOL_CHOICES,
    TRAJECTORY_CHOICES,
    SensitivityResults,
    compute,
    design_samples,
    estimated_seconds,
    varied_parameters,
)
from ikm_sim.ui.sensitivity_tables import download_table, ranking_table
from ikm_sim.ui.state import MUNICIPALITY_KEY, current_lang, names
from ikm_sim.ui.widgets import (
    chart_with_downloads,
    language_aware_radio,
    language_aware_selectbox,
    table_downloads,
)

#: Target years offered (`ikm_sim.uncertainty.design.TARGET_YEARS`).
YEAR_CHOICES = (2030, 2035)
#: Parameters shown in each chart.
TOP = 12
#: Municipality chosen until the user picks another (Rīga).
DEFAULT_REGION = "LV0001000"
METHOD_KEY = "sens_method"
MUNI_KEY = MUNICIPALITY_KEY
YEAR_KEY = "sens_year"
R_KEY = "sens_trajectories"
N_KEY = "sens_sobol_n"
RUN_KEY = "sens_run"
_RESULTS_KEY = "_ikm_sensitivity_results"


def _tag(res: SensitivityResults) -> str:
    """File name part of an analysis: scenario, year, method and size, seed."""
    size = f"sobol_n{res.size}" if res.method == "sobol" else f"r{res.size}"
    return f"{res.scenario}_{res.year}_{size}_s{res.seed}"


def _caption(res: SensitivityResults, lang: str, where: str, scenario: str) -> str:
    fields = {
        "scenario": scenario,
        "where": where,
        "year": school_year_label(res.year, lang),
        "samples": format_number(res.samples, lang, 0),
        "seed": res.seed,
    }
    if res.method == "sobol":
        return t("sobol_results_for", lang, n=res.size, **fields)
    return t("sens_results_for", lang, r=res.size, **fields)


def _show(res: SensitivityResults, lang: str, munis: Mapping[str, str]) -> None:
    """Draw the charts, the ranking table and the explanation of one analysis."""
    scenario = source_title(res.source, lang)
    tag = _tag(res)
    where = munis.get(res.region, res.region) if res.region else t("sens_latvia", lang)
    st.caption(_caption(res, lang, where, scenario))
    explain = "sobol_explain" if res.method == "sobol" else "sens_explain"
    st.markdown(t(explain, lang, band=format_number(BAND * 100, lang, 0)))

    charts = [("national", f"national_gap_{res.year}", "valsts")]
    if res.region is not None:
        charts.append(("municipality", f"{res.region}_gap_{res.year}", res.region))
    for section, output, stem in charts:
        st.subheader(t(f"sens_section_{section}", lang))
        if res.method == "sobol":
            chart = sobol_chart(res.table, output, lang, munis, top=TOP, scenario=scenario)
            data = sobol_table(res.table, output, lang, top=TOP)
        else:
            chart = sensitivity_tornado(res.table, output, lang, munis, top=TOP, scenario=scenario)
            data = tornado_table(res.table, output, lang, top=TOP)
        chart_with_downloads(chart, f"sens_{section}", lang, f"jutigums_{stem}_{tag}", table=data)

    st.subheader(t("sens_section_table", lang))
    st.caption(t("sobol_table_note" if res.method == "sobol" else "sens_table_note", lang))
    st.dataframe(ranking_table(res, lang, munis), hide_index=True, width="stretch", key="sens_rank")
    raw = download_table(res, lang)
    table_downloads(raw, "sens_table", lang, f"jutigums_{tag}")


def _size_choice(method: str, lang: str, container: DeltaGenerator) -> int:
    """The design size: Morris trajectories (r) or Sobol base samples (N)."""
    if method == "sobol":
        label, options, default, key = t("sobol_samples", lang), SOBOL_CHOICES, DEFAULT_SOBOL, N_KEY
    else:
        label, options = t("sens_trajectories", lang), TRAJECTORY_CHOICES
        default, key = DEFAULT_TRAJECTORIES, R_KEY
    chosen = container.selectbox(
        label,
        options=list(options),
        index=options.index(default),
        key=key,
        placeholder=t("select_placeholder", lang),
    )
    return int(chosen or default)


def _cost(method: str, size: int, year: int, lang: str) -> str:
    """The cost line shown before a run: samples and the estimated time."""
    d = varied_parameters()
    samples = design_samples(method, size, d)
    fields = {
        "d": d,
        "samples": format_number(samples, lang, 0),
        "seconds": estimated_seconds(samples, year),
    }
    if method == "sobol":
        return t("sobol_cost", lang, n=size, **fields) + speed.note(lang)
    return t("sens_cost", lang, r=size, **fields) + speed.note(lang)


def render() -> None:
    """Draw the sensitivity page."""
    lang = current_lang()
    st.title(t("sens_title", lang))
    st.markdown(t("sens_intro", lang))
    _, munis = names(lang)
    regions = sorted(munis, key=lambda c: munis[c])
    if DEFAULT_REGION in munis:
        st.session_state.setdefault(MUNI_KEY, DEFAULT_REGION)
    method = (
        language_aware_radio(
            t("sens_method", lang),
            list(METHODS),
            lambda m: t(f"sens_method_{m}", lang),
            METHOD_KEY,
            lang,
        )
        or METHODS[0]
    )
    muni_col, year_col, size_col, button = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    region = language_aware_selectbox(
        t("muni_select", lang), regions, lambda c: munis.get(c, c), MUNI_KEY, lang, muni_col
    )
    year_text = language_aware_selectbox(
        t("sens_year", lang),
        [str(y) for y in YEAR_CHOICES],
        lambda y: school_year_label(int(y), lang),
        YEAR_KEY,
        lang,
        year_col,
    )
    year = int(year_text or YEAR_CHOICES[0])
    size = _size_choice(method, lang, size_col)
    pressed = button.button(
        t("sens_run", lang), type="primary", key=RUN_KEY, icon=":material/bar_chart:"
    )
    st.caption(_cost(method, size, year, lang))
    was_cancelled(CANCEL_KEY, lang)
    if pressed:
        try:
            results = compute(method, region, year, size, lang)
        except Exception as exc:  # any failure of the run: report it, keep the last results
            st.error(t("sens_failed", lang, message=str(exc)))
        else:
            if results is not None:
                st.session_state[_RESULTS_KEY] = results
    previous: SensitivityResults | None = st.session_state.get(_RESULTS_KEY)
    if previous is None:
        st.info(t("sens_not_run", lang))
        return
    selected = chosen_scenario()
    if (previous.method, previous.region, previous.year, previous.size, previous.source) != (
        method,
        region,
        year,
        size,
        selected.source if selected else "",
    ):
        st.info(t("sens_stale", lang))
    _show(previous, lang, munis)


if __name__ == "__main__":
    render()

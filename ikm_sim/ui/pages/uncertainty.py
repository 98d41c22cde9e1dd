"""Uncertainty page: fan charts of the teacher gap and the chance of a shortage over 5 %.

Nothing runs until the user presses the button: the ensemble (N samples of the uncertain
parameters, birth variant and migration, see `ikm_sim.uncertainty`) runs in this process in
chunks of 100 samples with a progress bar (its expected duration shown beforehand), and its
summary is cached by scenario content, N and seed; the URL names the session's last ensemble,
so a reload or a sent link shows it again from the cache (`ikm_sim.ui.ensembles`). A failed
run shows the error and keeps the previous results of the session.

Fan charts: national gap, demand and supply, then every other quantity of the percentile
tables (vacancies, teachers, school pedagogues, pupils, first-graders); a municipality's gap; a
subject's national gap; the national cost percentiles (`ikm_sim.ui.cost_percentiles`).
The export pack (`ikm_sim.uncertainty.pack.uncertainty_pack`) is built only when its button
is clicked, and cached.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from ikm_sim.charts.uncertainty import fan_chart, fan_data
from ikm_sim.export_tables import TableContext
from ikm_sim.locale.formatting import format_number, format_percent, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.settings import DEFAULT_SEED
from ikm_sim.ui import speed
from ikm_sim.ui.cost_percentiles import cost_section
from ikm_sim.ui.ensembles import (
    CANCEL_KEY,
    SAMPLE_CHOICES,
    SESSION_KEY,
    UncertaintyResults,
    _ensemble_cached,
    estimated_seconds,
    forget_unrun,
    remember,
    run_with_cancel,
    session_ensemble,
    tag_for,
)
from ikm_sim.ui.packs import report_context
from ikm_sim.ui.progress import was_cancelled
from ikm_sim.ui.scenarios import chosen_scenario, source_title
from ikm_sim.ui.state import MUNICIPALITY_KEY, current_lang, names
from ikm_sim.ui.widgets import chart_with_downloads, language_aware_selectbox

N_KEY = "unc_n"
SEED_KEY = "unc_seed"
RUN_KEY = "unc_run"
MUNI_KEY = MUNICIPALITY_KEY
SUBJECT_KEY = "unc_subject"
PACK_KEY = "unc_pack"
_RESULTS_KEY = SESSION_KEY
__all__ = ["SAMPLE_CHOICES", "UncertaintyResults", "_ensemble_cached", "render"]


def _compute(n: int, seed: int, lang: str) -> UncertaintyResults | None:
    """Run (or fetch) the ensemble of the sidebar scenario (progress bar, Cancel button)."""
    chosen = chosen_scenario()
    if chosen is None or chosen.scenario is None:
        raise FileNotFoundError("no scenario file")
    return run_with_cancel(chosen, n, seed, lang)


def _probability_table(res: UncertaintyResults, lang: str) -> pd.DataFrame:
    """The national shortage probability by school year, formatted for `lang`."""
    p = res.probability
    return pd.DataFrame(
        {
            t("axis_school_year", lang): [school_year_label(int(y), lang) for y in p["year"]],
            t("unc_col_probability", lang): [
                format_percent(float(v), lang, 0) for v in p["p_over_share"]
            ],
            t("unc_col_gap", lang): [format_number(float(v), lang, 0) for v in p["gap_p50"]],
            t("unc_col_demand", lang): [format_number(float(v), lang, 0) for v in p["demand_p50"]],
        }
    )


@st.cache_data(max_entries=4, show_spinner=False)
def _pack_cached(
    national: pd.DataFrame,
    regions: pd.DataFrame,
    subjects: pd.DataFrame,
    probability: pd.DataFrame,
    scenario_yaml: str,
    meta_json: str,
    lang: str,
    names_json: str,
    region: str | None = None,
    subject: str | None = None,
    costs: pd.DataFrame | None = None,
) -> bytes:
    """Build the uncertainty export pack; cached by its content (built only on a click)."""
    from ikm_sim.uncertainty.pack import uncertainty_pack

    subject_names, region_names = json.loads(names_json)
    return uncertainty_pack(
        national,
        regions,
        subjects,
        probability,
        scenario_yaml,
        json.loads(meta_json),
        lang,
        subject_names,
        region_names,
        region,
        subject,
        costs=costs,
    )


def _pack_download(
    res: UncertaintyResults,
    lang: str,
    scenario: str,
    region: str | None = None,
    subject: str | None = None,
) -> None:
    """Draw the download button of the uncertainty export pack (ZIP built when clicked).

    The pack also holds the gap fans of the municipality and the subject chosen on the page.
    """
    meta = {
        **res.meta,
        "scenario": res.scenario,
        "scenario_title": scenario,
        "n": res.n,
        "seed": res.seed,
        "births_variant": res.births_variant,
        "source_sizes": res.source_sizes,
    }
    names_json = json.dumps(names(lang), ensure_ascii=False)
    yaml_text = res.yaml
    st.download_button(
        t("unc_pack", lang),
        data=lambda: _pack_cached(
            res.national,
            res.regions,
            res.subjects,
            res.probability,
            yaml_text,
            json.dumps(meta, sort_keys=True, ensure_ascii=False),
            lang,
            names_json,
            region,
            subject,
            res.costs,
        ),
        file_name=f"nenoteiktiba_{res.scenario}_{res.n}.zip",
        mime="application/zip",
        key=PACK_KEY,
        on_click="ignore",
        icon=":material/folder_zip:",
        help=t("unc_pack_note", lang),
    )


def _focus_fan(
    frame: pd.DataFrame,
    column: str,
    labels: dict[str, str],
    select_label: str,
    state_key: str,
    chart_key: str,
    lang: str,
    scenario: str,
    tag: str,
    context: TableContext | None = None,
) -> str | None:
    """A select of one municipality or subject (`column`) and the fan chart of its gap.

    Returns
    -------
    str or None
        The chosen code (None when there is nothing to choose).
    """
    codes = sorted({str(c) for c in frame[column].unique()}, key=lambda c: labels.get(c, c))
    code = language_aware_selectbox(
        select_label, codes, lambda c: labels.get(c, c), state_key, lang
    )
    if code is not None:
        focus = {column: code}
        chart_with_downloads(
            fan_chart(
                frame,
                lang,
                "gap_fte",
                region=focus.get("region"),
                subject=focus.get("subject"),
                where=labels.get(code, code),
                scenario=scenario,
            ),
            chart_key,
            lang,
            f"diapazons_iztrukums_{code}_{tag}",
            table=_fan_table(frame, "gap_fte", **focus),
            context=context,
        )
    return code


def _more_fans(
    res: UncertaintyResults,
    charts: dict[str, Any],
    lang: str,
    tag: str,
    context: TableContext | None = None,
) -> None:
    """Fans of every quantity past gap, demand and supply, two a row (`FAN_CHARTS`)."""
    from ikm_sim.uncertainty.pack import FAN_CHARTS

    rest = [(v, stem) for v, stem, _ in FAN_CHARTS[3:] if v in charts]
    for i in range(0, len(rest), 2):
        for col, (variable, stem) in zip(st.columns(2, gap="large"), rest[i : i + 2], strict=False):
            with col:
                chart_with_downloads(
                    charts[variable],
                    f"unc_{variable}",
                    lang,
                    f"{stem}_{tag}",
                    table=_fan_table(res.national, variable),
                    context=context,
                )


def _table_context(res: UncertaintyResults, lang: str, scenario: str) -> TableContext:
    """The downloads' provenance: the ensemble's scenario, N and seed, the model and data."""
    meta = dict(res.meta)
    meta |= {"scenario": {"name": res.scenario}, "ensemble": {"n": res.n, "seed": res.seed}}
    return replace(report_context(None, scenario, lang), run_meta=meta)


def _fan_table(frame: pd.DataFrame, variable: str, **focus: str) -> pd.DataFrame:
    """A fan chart's percentiles with the quantity named (its name and unit in a report)."""
    table = fan_data(frame, variable, **focus)
    table.insert(1, "variable", variable)
    return table


def _show(res: UncertaintyResults, lang: str) -> None:
    """Draw the charts, the probability table and the explanation of one ensemble."""
    # Imported here: the ensemble modules are loaded only once an ensemble has run.
    from ikm_sim.uncertainty.pack import national_fan_charts

    scenario = source_title(res.source, lang)
    tag = f"{res.scenario}_n{res.n}_s{res.seed}"
    context = _table_context(res, lang, scenario)
    st.caption(t("unc_results_for", lang, scenario=scenario, n=res.n, seed=res.seed))
    st.markdown(t("unc_explain", lang))

    st.subheader(t("unc_section_national", lang))
    national = national_fan_charts(res.national, lang, scenario)
    chart_with_downloads(
        national["gap_fte"],
        "unc_gap",
        lang,
        f"diapazons_iztrukums_{tag}",
        table=_fan_table(res.national, "gap_fte"),
        context=context,
    )
    left, right = st.columns(2, gap="large")
    for col, variable, stem in (
        (left, "demand_fte", "pieprasijums"),
        (right, "supply_fte", "piedavajums"),
    ):
        with col:
            chart_with_downloads(
                national[variable],
                f"unc_{variable}",
                lang,
                f"diapazons_{stem}_{tag}",
                table=_fan_table(res.national, variable),
                context=context,
            )

    st.subheader(t("unc_section_people", lang))
    _more_fans(res, national, lang, tag, context)

    st.subheader(t("unc_section_probability", lang))
    st.caption(t("unc_probability_note", lang))
    table = _probability_table(res, lang)
    st.dataframe(table, hide_index=True, width="stretch", key="unc_probability")
    cost_section(res.costs, lang, tag, context)

    subjects, munis = names(lang)
    st.subheader(t("unc_section_municipality", lang))
    region = _focus_fan(
        res.regions,
        "region",
        munis,
        t("muni_select", lang),
        MUNI_KEY,
        "unc_muni_gap",
        lang,
        scenario,
        tag,
        context,
    )
    st.subheader(t("unc_section_subject", lang))
    st.caption(t("unc_subject_note", lang))
    subject = _focus_fan(
        res.subjects,
        "subject",
        subjects,
        t("unc_subject_select", lang),
        SUBJECT_KEY,
        "unc_subject_gap",
        lang,
        scenario,
        tag,
        context,
    )

    st.subheader(t("section_export", lang))
    st.caption(t("unc_pack_note", lang))
    _pack_download(res, lang, scenario, region, subject)


def _restore(lang: str) -> None:
    """Show a reloaded page's (or a sent link's) ensemble again: read from the cache.

    The URL names the session's last ensemble (`ikm_sim.ui.ensembles`); a new session (a
    reload, a link) has none yet, so it takes N and seed from the URL and asks the cache
    for that ensemble of the sidebar scenario, before the widgets are drawn.
    """
    if session_ensemble() is not None:
        return
    chosen = chosen_scenario()
    wanted = tag_for(chosen.key) if chosen is not None else None
    if wanted is None:
        return
    n, seed = wanted
    st.session_state[N_KEY], st.session_state[SEED_KEY] = n, seed
    try:
        results = _compute(n, seed, lang)
    except Exception as exc:  # as a pressed button's run: report it
        st.error(t("unc_failed", lang, message=str(exc)))
        return
    if results is not None:
        remember(results)


def render() -> None:
    """Draw the uncertainty page."""
    lang = current_lang()
    st.title(t("unc_title", lang))
    st.markdown(t("unc_intro", lang))
    if was_cancelled(CANCEL_KEY, lang):
        forget_unrun()
    else:
        _restore(lang)
    left, right, button = st.columns([1, 1, 1], vertical_alignment="bottom")
    n = left.selectbox(
        t("unc_samples", lang),
        options=list(SAMPLE_CHOICES),
        format_func=lambda v: format_number(v, lang, 0),
        key=N_KEY,
        placeholder=t("select_placeholder", lang),
    )
    seed = right.number_input(
        t("unc_seed", lang),
        min_value=0,
        max_value=2**31 - 1,
        value=DEFAULT_SEED,
        step=1,
        key=SEED_KEY,
    )
    pressed = button.button(
        t("unc_run", lang), type="primary", key=RUN_KEY, icon=":material/ssid_chart:"
    )
    seconds = estimated_seconds(int(n or SAMPLE_CHOICES[0]))
    st.caption(t("unc_cost", lang, seconds=format_number(seconds, lang, 0)) + speed.note(lang))
    if pressed:
        try:
            results = _compute(int(n or SAMPLE_CHOICES[0]), int(seed), lang)
        except Exception as exc:  # any failure of the run: report it, keep the last results
            st.error(t("unc_failed", lang, message=str(exc)))
        else:
            if results is not None:
                remember(results)
    previous = session_ensemble()
    if previous is None:
        st.info(t("unc_not_run", lang))
        return
    _show(previous, lang)


if __name__ == "__main__":
    render()

"""The Municipality page's near term and its comparison of two scenarios.

`near_term_section` draws the next five school years of an area year by year (one measure by
subject and year, its shortage probability when the session has an ensemble of the scenario,
the downloads of every measure); `compare_section` draws the area in any two scenarios (the
sidebar's and one the user picks, shipped or the session's own). The figures come from
`ikm_sim.indicators.near_term`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from ikm_sim import charts, export
from ikm_sim.export_columns import COLUMN_KINDS, column_label
from ikm_sim.export_tables import TableContext
from ikm_sim.indicators.near_term import (
    MEASURES,
    PROBABILITY,
    by_subject_and_year,
    near_term_table,
    near_term_years,
    scenario_difference,
    with_probability,
)
from ikm_sim.locale.formatting import format_number, format_percent, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.ui.ensembles import session_ensemble
from ikm_sim.ui.progress import run_with_status
from ikm_sim.ui.regions import REGION_PREFIX
from ikm_sim.ui.scenarios import ScenarioChoice, choice, scenario_ids, scenario_label
from ikm_sim.ui.widgets import (
    chart_with_downloads,
    formatted_table,
    language_aware_selectbox,
    table_downloads,
)

MEASURE_KEY = "muni_near_measure"
COMPARE_KEY = "muni_compare"
#: The subject names' column wide enough for the longest ("Dizains un tehnoloģijas, inženierz…").
SUBJECT_COLUMN = {"_index": st.column_config.TextColumn(width=330)}
#: Columns of the comparison table and its download.
COMPARE_COLUMNS = ("vacancies_fte_a", "vacancies_fte_b", "vacancies_fte_diff", "gap_fte_diff")


def _wide(
    table: pd.DataFrame, measure: str, lang: str, subjects: Mapping[str, str], total: bool
) -> pd.DataFrame:
    """One measure as subject names × school-year labels (with a total row when asked)."""
    wide = by_subject_and_year(table, measure)
    if total:
        wide.loc["__total__"] = wide.sum(axis=0)
    wide.index = pd.Index(
        [
            t("near_term_total", lang) if c == "__total__" else subjects.get(str(c), str(c))
            for c in wide.index
        ],
        name=t("axis_subject", lang),
    )
    wide.columns = [school_year_label(int(y), lang) for y in wide.columns]
    return wide


def _blank_small_counts(wide: pd.DataFrame) -> pd.DataFrame:
    """`wide` (subjects × years, total row last) with 1–4 persons blanked, as the downloads.

    Counts are rounded first, as `ikm_sim.export_columns.suppressed` does, and blanked by the
    same rule (`ikm_sim.export.suppress_small_cells`); a year's total is blanked too when only
    one of its cells was, since subtracting would give that cell back.
    """
    rounded = wide.round().astype(float)
    years = list(rounded.columns)
    body = export.suppress_small_cells(rounded.iloc[:-1], years)[years]
    blanked = body.isna() & rounded.iloc[:-1].notna()
    out = rounded.copy()
    out.iloc[:-1] = body
    out.iloc[-1] = rounded.iloc[-1].mask(blanked.sum(axis=0) == 1)
    return out


def _probability(
    code: str, key: str, lang: str, subjects: Mapping[str, str]
) -> pd.DataFrame | None:
    """Draw the shortage probability by subject and year; return its cells (None if none)."""
    ens = session_ensemble(key)
    if ens is None or ens.cells.empty:
        st.caption(t("near_term_no_ensemble", lang))
        return None
    if code.startswith(REGION_PREFIX):
        st.caption(t("near_term_region_no_probability", lang))
        return None
    cells = ens.cells[ens.cells["region"].astype(str) == code]
    n = format_number(ens.n, lang, 0)
    st.markdown(f"**{t('near_term_probability', lang, n=n)}**")
    st.caption(t("near_term_probability_note", lang, n=n, seed=ens.seed))
    wide = _wide(cells, PROBABILITY, lang, subjects, total=False)
    st.dataframe(
        wide.map(lambda v: format_percent(float(v), lang, 0)),
        width="stretch",
        key="muni_near_probability",
        column_config=SUBJECT_COLUMN,
    )
    return cells


def near_term_section(
    supply_demand: pd.DataFrame,
    code: str,
    scenario_key: str,
    lang: str,
    subjects: Mapping[str, str],
    ctx: TableContext,
    file_stem: str,
) -> None:
    """Draw the next five school years of an area, year by year, by subject.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The area's rows of the ``supply_demand`` table.
    code : str
        The area's code (ATVK, or a planning region's pseudo code).
    scenario_key : str
        Cache key of the scenario shown (its ensemble, if the session has one, gives the
        shortage probability).
    lang : {"lv", "en"}
        Language.
    subjects : mapping
        Subject names by code.
    ctx : TableContext
        Names and provenance of the downloads.
    file_stem : str
        File name stem of the downloads.
    """
    years = near_term_years(supply_demand["year"].unique())
    if not years:
        return
    span = f"{school_year_label(years[0], lang)}–{school_year_label(years[-1], lang)}"
    st.subheader(t("section_near_term", lang, span=span))
    st.caption(t("near_term_note", lang))
    table = near_term_table(supply_demand, years, region=code)
    measure = st.segmented_control(
        t("near_term_measure", lang),
        options=[m for m in MEASURES if m in table.columns],
        default="vacancies_fte",
        format_func=lambda m: t(f"measure_{m}", lang),
        key=MEASURE_KEY,
    )
    measure = str(measure or "vacancies_fte")
    wide = _wide(table, measure, lang, subjects, total=True)
    decimals = 0 if measure == "entrants_needed" else 1
    if ctx.small_area and COLUMN_KINDS.get(measure) == "persons":
        wide = _blank_small_counts(wide)
        st.caption(t("near_term_suppressed", lang))
    st.dataframe(
        formatted_table(wide, lang, decimals),
        width="stretch",
        height=36 * (len(wide) + 1) + 4,
        key="muni_near_term",
        column_config=SUBJECT_COLUMN,
    )
    cells = _probability(code, scenario_key, lang, subjects)
    table_downloads(
        lambda: with_probability(table, cells), "muni_near_term_table", lang, file_stem, ctx
    )


def _other_results(other: ScenarioChoice, lang: str) -> pd.DataFrame | None:
    """The ``supply_demand`` table of the scenario compared with (run or from the cache)."""
    res = run_with_status(
        other.key,
        str(other.path) if other.path is not None else None,
        other.scenario if other.path is None else None,
        other.title(lang),
        lang,
        None,
    )
    return None if res is None else res.supply_demand


def compare_section(
    supply_demand: pd.DataFrame,
    members: Sequence[str],
    place: str,
    chosen: ScenarioChoice,
    year: int,
    lang: str,
    subjects: Mapping[str, str],
    ctx: TableContext,
    file_stem: str,
) -> None:
    """Draw an area in two scenarios: the sidebar's (B) and one the user picks (A).

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The area's rows of the sidebar scenario's ``supply_demand`` table.
    members : sequence of str
        ATVK codes of the area's municipalities.
    place : str
        The area's name.
    chosen : ScenarioChoice
        The sidebar's scenario (B).
    year : int
        School year of the table by subject.
    lang : {"lv", "en"}
        Language.
    subjects : mapping
        Subject names by code.
    ctx : TableContext
        Names and provenance of the downloads.
    file_stem : str
        File name stem of the downloads.
    """
    st.subheader(t("section_compare", lang, place=place))
    labels = {"": t("compare_none", lang)}
    labels.update({i: scenario_label(i, lang) for i in scenario_ids() if i != chosen.id})
    picked = language_aware_selectbox(
        t("compare_with", lang), list(labels), labels.__getitem__, COMPARE_KEY, lang
    )
    other = choice(picked)
    if other is None:
        return
    other_sd = _other_results(other, lang)
    if other_sd is None:
        return
    rows_a = other_sd[other_sd["region"].astype(str).isin(list(members))]
    a, b = other.title(lang), chosen.title(lang)
    st.caption(t("compare_caption", lang, a=a, b=b))
    chart_with_downloads(
        charts.area_compare_chart(rows_a, supply_demand, lang, place, a, b),
        "muni_compare_chart",
        lang,
        f"salidzinajums_{file_stem}_{other.tag}",
        context=ctx,
    )
    diff = scenario_difference(
        near_term_table(rows_a, [year]),
        near_term_table(supply_demand, [year]),
        ["vacancies_fte", "gap_fte"],
    )
    st.markdown(f"**{t('compare_table', lang, year=school_year_label(year, lang))}**")
    shown = diff.set_index("subject")[list(COMPARE_COLUMNS)]
    shown.index = pd.Index(
        [subjects.get(str(c), str(c)) for c in shown.index], name=t("axis_subject", lang)
    )
    shown.columns = [column_label(c, lang) for c in shown.columns]
    st.dataframe(formatted_table(shown, lang, 1), width="stretch", key="muni_compare_table")
    table_downloads(
        diff[["year", "subject", *COMPARE_COLUMNS]],
        "muni_compare_table",
        lang,
        f"salidzinajums_tabula_{file_stem}_{other.tag}",
        ctx,
    )

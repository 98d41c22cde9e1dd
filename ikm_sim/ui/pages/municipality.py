"""Municipality page: one municipality (or planning region) in a chosen school year.

The cards for a chosen year (default: the first forecast year) with the area's own cost beside
them (`ikm_sim.ui.cost_cards`), the next five school years
year by year by subject (with the shortage probability when an ensemble has been run), the
vacancies by subject and year, teachers' age, pupils, the area beside Latvia, and the area in
two scenarios (the sidebar's and any other, shipped or the session's own).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from ikm_sim import charts
from ikm_sim.data.schema import MERGED_ATVK
from ikm_sim.export_tables import TableContext
from ikm_sim.indicators.kpis import area_kpis
from ikm_sim.indicators.shares import share_60plus
from ikm_sim.locale.formatting import format_number, format_percent, school_year_label
from ikm_sim.locale.i18n import region_genitive, t
from ikm_sim.ui.cost_cards import cost_cards, year_choice
from ikm_sim.ui.near_term_view import compare_section, near_term_section
from ikm_sim.ui.packs import report_context
from ikm_sim.ui.regions import (
    REGION_PREFIX,
    AreaTables,
    area_tables,
    national_comparison,
    planning_regions,
)
from ikm_sim.ui.state import (
    MUNICIPALITY_KEY,
    Results,
    chosen_scenario,
    current_lang,
    dataset_or_none,
    get_results,
    names,
)
from ikm_sim.ui.widgets import (
    chart_with_downloads,
    formatted_table,
    kpi_caption,
    language_aware_selectbox,
    metric_delta,
    table_downloads,
)

MUNI_KEY = MUNICIPALITY_KEY
LEVEL_KEY = "muni_level"
REGION_KEY = "planning_region"
#: Columns of the municipality's year-by-year table download.
VACANCY_COLUMNS = (
    "year",
    "region",
    "subject",
    "vacancies_fte",
    "gap_fte",
    "demand_fte",
    "supply_fte",
    "entrants_needed",
)


@dataclass(frozen=True)
class _View:
    """What every section of the page shows the area with: language, names, scenario, files."""

    lang: str
    subjects: dict[str, str]
    munis: dict[str, str]
    scenario: str
    tag: str
    file_tag: str
    ctx: TableContext


def _members(code: str) -> list[str]:
    """ATVK codes of an area: the municipality, or a planning region's municipalities."""
    ds = dataset_or_none()
    if not code.startswith(REGION_PREFIX) or ds is None:
        return [code]
    return planning_regions(ds.municipalities).get(code.removeprefix(REGION_PREFIX), [])


def _caption(region: str, lang: str) -> str | None:
    ds = dataset_or_none()
    if ds is None:
        return None
    rows = ds.municipalities[ds.municipalities["atvk"] == region]
    if rows.empty:
        return None
    row = rows.iloc[0]
    kind = t(f"type_{row['type']}", lang)
    name = str(row["planning_region"])
    text = t("muni_region", lang, region_gen=region_genitive(name, lang), kind=kind)
    return f"{text} · ATVK {region}"


def _with_merged(code: str, munis: dict[str, str], lang: str) -> str:
    """A municipality's name, with the retired ones merged into it (so a search finds them)."""
    name = munis.get(code, code)
    merged = [(n, y) for n, _, into, y in MERGED_ATVK.values() if into == code]
    for old, year in merged:
        name = t("muni_with_merged", lang, name=name, merged=old, year=year)
    return name


def _choose_area(res: Results, lang: str, munis: dict[str, str]) -> AreaTables | None:
    """Draw the level and area choice; return the chosen area's tables."""
    level = st.segmented_control(
        t("muni_level", lang),
        options=["municipality", "region"],
        default="municipality",
        format_func=lambda o: t(f"level_{o}", lang),
        key=LEVEL_KEY,
    )
    ds = dataset_or_none()
    if level == "region" and ds is not None:
        groups = planning_regions(ds.municipalities)
        name = language_aware_selectbox(
            t("region_select", lang), list(groups), str, REGION_KEY, lang
        )
        if name is None:
            return None
        code = f"{REGION_PREFIX}{name}"
        gen = region_genitive(name, lang)
        munis[code] = t("region_place", lang, region_gen=gen)
        st.caption(t("region_caption", lang, region_gen=gen, n=len(groups[name])))
        return area_tables(res.supply_demand, res.pupils, res.teachers_by_age, groups[name], code)
    regions = sorted(
        {str(r) for r in res.supply_demand["region"].unique()},
        key=lambda code: munis.get(code, code),
    )
    region = language_aware_selectbox(
        t("muni_select", lang),
        regions,
        lambda code: _with_merged(code, munis, lang),
        MUNI_KEY,
        lang,
    )
    if region is None:
        return None
    caption = _caption(region, lang)
    if caption:
        st.caption(caption)
    return AreaTables(
        region,
        res.supply_demand[res.supply_demand["region"] == region],
        res.pupils[res.pupils["region"] == region],
        res.teachers_by_age,
    )


def _cards(area: AreaTables, since: int, year: int, lang: str) -> None:
    """The cards: vacancies, teachers, pupils and the 60+ share in `year`, change since `since`."""
    figures = area_kpis(area.supply_demand, area.pupils, year, since)
    kpi_caption(since, year, lang)
    cols = st.columns(4)
    for col, key, name, decimals, colour in (
        (cols[0], "kpi_vacancies", "vacancies", 1, "inverse"),
        (cols[1], "kpi_teachers", "teachers", 0, "off"),
        (cols[2], "kpi_pupils", "pupils", 0, "off"),
    ):
        figure = figures[name]
        col.metric(
            t(key, lang),
            format_number(figure.value, lang, decimals),
            **metric_delta(figure.change, lang, decimals, mode=colour),
            border=True,
        )
    old_year = share_60plus(area.teachers_by_age, year, area.code)
    old_since = share_60plus(area.teachers_by_age, since, area.code)
    cols[3].metric(
        t("kpi_60plus", lang),
        format_percent(old_year, lang),
        **metric_delta((old_year - old_since) * 100, lang, 1, "p.p.", mode="inverse"),
        border=True,
    )


def _vacancies(area: AreaTables, view: _View) -> None:
    """The vacancies by subject and year: chart, the every-fifth-year table, downloads."""
    lang, sd = view.lang, area.supply_demand
    st.subheader(t("section_vacancies", lang))
    chart_with_downloads(
        charts.vacancies_chart(sd, area.code, lang, view.subjects, view.munis, view.scenario),
        "muni_vacancies",
        lang,
        f"vakances_{view.file_tag}_{view.tag}",
        context=view.ctx,
    )
    table = charts.vacancies_table(sd, area.code, lang, view.subjects)
    st.markdown(f"**{t('table_vacancies', lang)}**")
    st.dataframe(formatted_table(table, lang, 1), width="stretch", height=36 * (len(table) + 1) + 4)
    table_downloads(
        lambda: sd[[c for c in VACANCY_COLUMNS if c in sd.columns]],
        "muni_vacancy_table",
        lang,
        f"vakances_tabula_{view.file_tag}_{view.tag}",
        view.ctx,
    )


def _age_and_pupils(area: AreaTables, year: int, view: _View) -> None:
    """The teachers' age in the chosen year beside the pupils by grade group."""
    lang = view.lang
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("section_muni_age", lang))
        st.caption(school_year_label(year, lang))
        chart_with_downloads(
            charts.age_chart(
                area.teachers_by_age,
                year,
                lang,
                region=area.code,
                municipality_names=view.munis,
                scenario=view.scenario,
                hide_small=True,
            ),
            "muni_age",
            lang,
            f"vecums_{view.file_tag}_{year}_{view.tag}",
            # every age, its counts of 1–4 blanked and flagged (the chart leaves those out)
            table=charts.age_table(area.teachers_by_age, year, lang, region=area.code),
            context=view.ctx,
        )
    with right:
        st.subheader(t("section_pupils", lang))
        chart_with_downloads(
            charts.pupils_chart(area.pupils, area.code, lang, view.munis, view.scenario),
            "muni_pupils",
            lang,
            f"skoleni_{view.file_tag}_{view.tag}",
            context=view.ctx,
        )


def _national(area: AreaTables, res: Results, view: _View, year: int) -> None:
    """The area beside Latvia in the cards' school year, changes since the first year."""
    lang, region = view.lang, area.code
    first, last = res.years[0], year
    st.subheader(t("section_national_compare", lang))
    st.caption(t("national_compare_note", lang, year=school_year_label(last, lang)))
    own_tba = area.teachers_by_age
    if not region.startswith(REGION_PREFIX):
        own_tba = own_tba[own_tba["region"] == region]
    numbers, shown = national_comparison(
        AreaTables(region, area.supply_demand, area.pupils, own_tba),
        res.supply_demand,
        res.pupils,
        res.teachers_by_age,
        last,
        first,
        lang,
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="muni_national")
    table_downloads(
        numbers,
        "muni_national_table",
        lang,
        f"salidzinajums_{view.file_tag}_{year}_{view.tag}",
        view.ctx,
    )


def render() -> None:
    """Draw the municipality (or planning-region) page."""
    lang = current_lang()
    st.title(t("muni_title", lang))
    res = get_results(lang)
    chosen = chosen_scenario()
    if res is None or chosen is None:
        return
    subjects, munis = names(lang)
    munis = dict(munis)
    area = _choose_area(res, lang, munis)
    if area is None:
        return
    scenario = chosen.title(lang)
    view = _View(
        lang,
        subjects,
        munis,
        scenario,
        chosen.tag,
        area.code.replace(REGION_PREFIX, "").replace(" ", "_"),
        replace(report_context(res, scenario, lang), municipalities=munis, small_area=True),
    )
    year = year_choice(res.years, lang)
    _cards(area, res.years[0], year, lang)
    cost_cards(res, year, lang, _members(area.code))
    near_term_section(
        area.supply_demand,
        area.code,
        chosen.key,
        lang,
        subjects,
        view.ctx,
        f"nakamie_gadi_{view.file_tag}_{view.tag}",
    )
    _vacancies(area, view)
    _age_and_pupils(area, year, view)
    _national(area, res, view, year)
    compare_section(
        area.supply_demand,
        _members(area.code),
        munis.get(area.code, area.code),
        chosen,
        year,
        lang,
        subjects,
        view.ctx,
        view.file_tag,
    )


if __name__ == "__main__":
    render()

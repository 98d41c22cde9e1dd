"""Municipality page: one municipality's vacancies by subject and year, teachers' age, pupils."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ikm_sim import charts
from ikm_sim.locale.formatting import format_number, format_percent, school_year_label
from ikm_sim.locale.i18n import region_genitive, t
from ikm_sim.ui.packs import report_context
from ikm_sim.ui.pages.overview import share_60plus
from ikm_sim.ui.regions import (
    REGION_PREFIX,
    AreaTables,
    area_tables,
    national_comparison,
    planning_regions,
)
from ikm_sim.ui.state import (
    MUNICIPALITY_KEY,
    YEAR_KEY,
    Results,
    current_lang,
    dataset_or_none,
    get_results,
    names,
    scenario_title,
    selected_scenario,
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
        t("muni_select", lang), regions, lambda code: munis.get(code, code), MUNI_KEY, lang
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


def render() -> None:
    """Draw the municipality (or planning-region) page."""
    lang = current_lang()
    st.title(t("muni_title", lang))
    res = get_results(lang)
    if res is None:
        return
    subjects, munis = names(lang)
    munis = dict(munis)
    path = selected_scenario()
    scenario = scenario_title(path, lang)
    tag = path.stem if path else "baseline"
    area = _choose_area(res, lang, munis)
    if area is None:
        return
    region = area.code
    file_tag = region.replace(REGION_PREFIX, "").replace(" ", "_")
    ctx = replace(report_context(res, scenario, lang), municipalities=munis)

    years = res.years
    first, last = years[0], years[-1]
    sd = area.supply_demand
    vac = sd.groupby("year")["vacancies_fte"].sum()
    teachers = sd.groupby("year")["teachers"].sum()
    pupils = area.pupils.groupby("year")["pupils"].sum()
    kpi_caption(first, last, lang)
    cols = st.columns(4)
    for col, key, series, decimals, colour in (
        (cols[0], "kpi_vacancies", vac, 1, "inverse"),
        (cols[1], "kpi_teachers", teachers, 0, "off"),
        (cols[2], "kpi_pupils", pupils, 0, "off"),
    ):
        value = float(series.get(last, 0.0))
        col.metric(
            t(key, lang),
            format_number(value, lang, decimals),
            **metric_delta(value - float(series.get(first, 0.0)), lang, decimals, mode=colour),
            border=True,
        )
    old_last = share_60plus(area.teachers_by_age, last, region)
    old_first = share_60plus(area.teachers_by_age, first, region)
    cols[3].metric(
        t("kpi_60plus", lang),
        format_percent(old_last, lang),
        **metric_delta((old_last - old_first) * 100, lang, 1, "p.p.", mode="inverse"),
        border=True,
    )

    st.subheader(t("section_vacancies", lang))
    chart_with_downloads(
        charts.vacancies_chart(area.supply_demand, region, lang, subjects, munis, scenario),
        "muni_vacancies",
        lang,
        f"vakances_{file_tag}_{tag}",
        context=ctx,
    )
    table = charts.vacancies_table(area.supply_demand, region, lang, subjects)
    st.markdown(f"**{t('table_vacancies', lang)}**")
    st.dataframe(formatted_table(table, lang, 1), width="stretch", height=36 * (len(table) + 1) + 4)
    table_downloads(
        lambda: sd[[c for c in VACANCY_COLUMNS if c in sd.columns]],
        "muni_vacancy_table",
        lang,
        f"vakances_tabula_{file_tag}_{tag}",
        ctx,
    )

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("section_muni_age", lang))
        if st.session_state.get(YEAR_KEY) not in years:  # a year (from a URL) not forecast
            st.session_state.pop(YEAR_KEY, None)
        # No value=: the first year is the default, and a year from the URL is not overridden.
        year = st.select_slider(
            t("year_select", lang),
            options=years,
            format_func=lambda y: school_year_label(int(y), lang),
            key=YEAR_KEY,
        )
        chart_with_downloads(
            charts.age_chart(
                area.teachers_by_age,
                int(year),
                lang,
                region=region,
                municipality_names=munis,
                scenario=scenario,
            ),
            "muni_age",
            lang,
            f"vecums_{file_tag}_{year}_{tag}",
            context=ctx,
        )
    with right:
        st.subheader(t("section_pupils", lang))
        chart_with_downloads(
            charts.pupils_chart(area.pupils, region, lang, munis, scenario),
            "muni_pupils",
            lang,
            f"skoleni_{file_tag}_{tag}",
            context=ctx,
        )

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
    table_downloads(numbers, "muni_national_table", lang, f"salidzinajums_{file_tag}_{tag}", ctx)


if __name__ == "__main__":
    render()

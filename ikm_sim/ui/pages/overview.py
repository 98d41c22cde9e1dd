"""Overview (national) page: KPIs and their cost in a chosen year, supply, age, gaps, entrants.

Streamlit runs this file as a page script (``__name__ == "__main__"``); tests import `render`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ikm_sim import charts
from ikm_sim.calibration.targets import SCHOOL_EXCLUDED, load_targets
from ikm_sim.charts.overview import history_forecast_chart, subject_ranking_chart
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.export_tables import TableContext
from ikm_sim.indicators.aggregate import shortage_totals
from ikm_sim.indicators.kpis import yearly_totals
from ikm_sim.indicators.near_term import planning_year, subject_ranking
from ikm_sim.indicators.shares import (
    share_60plus as share_60plus,
)  # municipality.py imports it here
from ikm_sim.locale.formatting import (
    format_number,
    format_percent,
    school_year_label,
    year_range_label,
)
from ikm_sim.locale.i18n import t
from ikm_sim.ui.caches import shared
from ikm_sim.ui.cost_cards import cost_cards, year_choice
from ikm_sim.ui.packs import report_context
from ikm_sim.ui.state import (
    Results,
    chosen_scenario,
    current_lang,
    dataset_or_none,
    get_results,
    names,
)
from ikm_sim.ui.url_state import CHART_YEAR_KEY
from ikm_sim.ui.widgets import chart_with_downloads, kept_year_slider, kpi_caption, metric_delta

YEAR_KEY = "overview_year"


def _net_gap_help(res: Results, year: int, lang: str) -> str:
    """The national gap is net: say so, with the shortage where it is (`SHORTAGE`)."""
    shortage = shared(shortage_totals, res.supply_demand)
    return t("kpi_gap_help", lang, shortage=format_number(float(shortage.get(year, 0.0)), lang))


def _chart_year(years: list[int], lang: str) -> int:
    """The school year of the charts below the history (`planning_year`), kept in the URL.

    Kept in `CHART_YEAR_KEY` (`ikm_sim.ui.widgets.kept_year_slider`).
    """
    default = planning_year(years)
    label = t("chart_year_select", lang)
    return kept_year_slider(label, years, CHART_YEAR_KEY, YEAR_KEY, default, lang)


def _kpis(res: Results, year: int, lang: str) -> None:
    """The forecast cards in the chosen school `year`, each with its change since the first."""
    years = res.years
    first, last = years[0], year
    bal = shared(charts.balance_data, res.supply_demand).set_index("year")
    kpi_caption(first, last, lang)
    cols = st.columns(5)
    for col, key, column, colour in (
        (cols[0], "kpi_demand", "demand_fte", "off"),
        (cols[1], "kpi_supply", "supply_fte", "normal"),
        (cols[2], "kpi_gap", "gap_fte", "inverse"),
    ):
        series = bal[column]
        value = float(series[last])
        col.metric(
            t(key, lang),
            format_number(value, lang, signed=column == "gap_fte"),
            **metric_delta(value - float(series[first]), lang, mode=colour),
            help=_net_gap_help(res, last, lang) if column == "gap_fte" else None,
            border=True,
        )
    entrants = (
        shared(charts.entrants_data, res.supply_demand).groupby("year")["entrants_needed"].sum()
    )
    cols[3].metric(
        t("kpi_entrants", lang),
        format_number(float(entrants.loc[first:last].mean()), lang),  # the span it names
        t("kpi_mean_to", lang, last=school_year_label(last, lang)),  # the card cuts a longer text
        delta_color="off",
        delta_arrow="off",
        help=t("kpi_entrants_help", lang, span=year_range_label(first, last, lang)),
        border=True,
    )
    old_last = shared(share_60plus, res.teachers_by_age, last)
    old_first = shared(share_60plus, res.teachers_by_age, first)
    cols[4].metric(
        t("kpi_60plus", lang),
        format_percent(old_last, lang),
        **metric_delta((old_last - old_first) * 100, lang, 1, "p.p.", mode="inverse"),
        border=True,
    )


def _age_and_entrants(
    res: Results,
    year: int,
    lang: str,
    subjects: dict[str, str],
    scenario: str,
    tag: str,
    ctx: TableContext,
) -> None:
    """Teachers by age in the chosen year beside the new teachers needed per year."""
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("section_age", lang))
        by = st.segmented_control(
            t("colour_by", lang),
            options=["age", "subject"],
            default="age",
            format_func=lambda o: t(f"colour_{'age_group' if o == 'age' else 'subject'}", lang),
            key="overview_colour",
        )
        chart_with_downloads(
            shared(
                charts.age_chart,
                res.teachers_by_age,
                year,
                lang,
                by_subject=by == "subject",
                subject_names=subjects,
                scenario=scenario,
            ),
            "age",
            lang,
            f"vecums_{year}_{tag}",
            context=ctx,
        )
    with right:
        st.subheader(t("section_entrants", lang))
        chart_with_downloads(
            shared(charts.entrants_chart, res.supply_demand, lang, subjects, scenario),
            "entrants",
            lang,
            f"jaunie_pedagogi_{tag}",
            context=ctx,
        )


def _heat(
    res: Results,
    year: int,
    lang: str,
    names_: tuple[dict[str, str], dict[str, str]],
    scenario: str,
    tag: str,
    ctx: TableContext,
) -> None:
    """The municipalities × subjects with the largest gaps in the chosen year."""
    subjects, munis = names_
    st.subheader(t("section_heat", lang))
    n_regions = int(res.supply_demand["region"].nunique())
    top_n = (
        st.slider(
            t("top_n", lang),
            min_value=min(5, n_regions),
            max_value=n_regions,
            value=min(15, n_regions),
            key="overview_top_n",
        )
        if n_regions > 5
        else n_regions
    )
    chart_with_downloads(
        shared(
            charts.gap_heatmap, res.supply_demand, year, lang, int(top_n), subjects, munis, scenario
        ),
        "heat",
        lang,
        f"iztrukums_{year}_{tag}",
        stretch=False,
        context=ctx,
    )


#: Quantity of the history chart -> (published series, text key of its name).
HISTORY = {
    "pedagogues": ("pedagogues_general", "history_pedagogues"),
    "pupils": ("pupils_1_12", "history_pupils"),
}


def _history_start() -> int:
    """The calibration's first year (the published history shown starts there)."""
    try:
        return int(load_targets().start_year)
    except (IkmSimError, OSError, ValueError):
        return 0  # every published year


def _forecast(res: Results, quantity: str) -> pd.Series:
    """The run's national values of a history quantity by year (school subjects; grades 1-12)."""
    if quantity == "pupils":
        pupils = res.pupils[res.pupils["grade"].between(1, 12)]
        return yearly_totals(pupils, "pupils")
    sd = res.supply_demand
    return yearly_totals(sd[~sd["subject"].astype(str).isin(SCHOOL_EXCLUDED)], "teachers")


def _published(ds: Any, series: str) -> pd.Series:
    """A published national series from the calibration's first year to the data's last."""
    observed = ds.national_series(series)
    # from the year the calibration starts (the model's first stocks) to the data's last
    return observed[(observed.index >= _history_start()) & (observed.index <= BASE_YEAR)]


def _history(res: Results, lang: str, scenario: str, tag: str, ctx: TableContext) -> None:
    """The published history (from the targets' start) and the forecast on one chart."""
    ds = dataset_or_none()
    if ds is None:
        return
    st.subheader(t("section_history", lang))
    st.caption(t("history_note", lang, base=school_year_label(BASE_YEAR, lang)))
    quantity = st.segmented_control(
        t("history_quantity", lang),
        options=list(HISTORY),
        default="pedagogues",
        format_func=lambda q: t(HISTORY[q][1], lang),
        key="overview_history",
    )
    quantity = str(quantity or "pedagogues")
    series, name = HISTORY[quantity]
    observed = shared(_published, ds, series)
    forecast = shared(_forecast, res, quantity)
    chart_with_downloads(
        shared(history_forecast_chart, observed, forecast, lang, t(name, lang), scenario),
        "history",
        lang,
        f"vesture_{quantity}_{tag}",
        context=ctx,
    )


def _ranking(
    res: Results,
    year: int,
    lang: str,
    subjects: dict[str, str],
    scenario: str,
    tag: str,
    ctx: TableContext,
) -> None:
    """The subjects ranked by their national gap in the chosen year."""
    st.subheader(t("section_ranking", lang, year=school_year_label(year, lang)))
    st.caption(t("ranking_note", lang))
    ranking = shared(subject_ranking, res.supply_demand, year)
    chart_with_downloads(
        shared(
            subject_ranking_chart, ranking, lang, year, t("sens_latvia", lang), subjects, scenario
        ),
        "ranking",
        lang,
        f"prieksmeti_{year}_{tag}",
        context=ctx,
        table=ranking.assign(year=year)[
            ["year", "rank", "subject", "gap_fte", "vacancies_fte", "demand_fte", "gap_share"]
        ],
    )


def render() -> None:
    """Draw the national overview page."""
    lang = current_lang()
    st.title(t("overview_title", lang))
    res = get_results(lang)
    if res is None:
        return
    years = res.years
    st.caption(t("overview_intro", lang, last=school_year_label(years[-1], lang)))
    subjects, munis = names(lang)
    chosen = chosen_scenario()
    scenario = chosen.title(lang) if chosen else t("baseline", lang)
    description = chosen.description(lang) if chosen else ""
    if description:
        st.info(f"**{scenario}.** {description}", icon=":material/tune:")
    tag = chosen.tag if chosen else "baseline"
    ctx = report_context(res, scenario, lang)
    cards_year = year_choice(years, lang)
    _kpis(res, cards_year, lang)
    cost_cards(res, cards_year, lang)

    st.subheader(t("section_balance", lang))
    chart_with_downloads(
        shared(charts.balance_chart, res.supply_demand, lang, scenario),
        "balance",
        lang,
        f"pieprasijums_{tag}",
        context=ctx,
    )
    _history(res, lang, scenario, tag, ctx)
    year = _chart_year(years, lang)
    _age_and_entrants(res, int(year), lang, subjects, scenario, tag, ctx)
    _heat(res, int(year), lang, (subjects, munis), scenario, tag, ctx)
    _ranking(res, int(year), lang, subjects, scenario, tag, ctx)


if __name__ == "__main__":
    render()

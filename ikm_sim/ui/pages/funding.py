"""Funding page: the budget path, a municipality's top-up, the builder's what-if, lever ranking.

Every money figure comes from the run's ``funding`` table through `ikm_sim.costs` (the one
definition of the cost measures and of constant 2025 prices); the what-if is the scenario
builder's last run against its starting scenario, as `ikm_sim.compare` measures a comparison
(gap closed, EUR per FTE closed), without the lever-by-lever runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from ikm_sim import costs
from ikm_sim.charts._base import year_span
from ikm_sim.charts.funding import money_chart, money_data
from ikm_sim.export_columns import column_label
from ikm_sim.locale.formatting import format_number, format_percent, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.model.parameters import CALIBRATED_FILE
from ikm_sim.scenario import Scenario
from ikm_sim.ui.builder import BUILDER_RESULT_KEY
from ikm_sim.ui.cost_cards import what_if_cost_kpis, what_if_effectiveness
from ikm_sim.ui.lever_ranking import ranking_section
from ikm_sim.ui.packs import report_context
from ikm_sim.ui.scenarios import _scenario_key, chosen_scenario, scenario_object_key
from ikm_sim.ui.state import (
    MUNICIPALITY_KEY,
    YEAR_KEY,
    Results,
    current_lang,
    dataset_or_none,
    get_results,
    names,
    run_with_status,
)
from ikm_sim.ui.widgets import (
    chart_with_downloads,
    formatted_table,
    language_aware_selectbox,
    table_downloads,
)

PRICES_KEY = "funding_prices"
#: The national budget path's series, in drawing order.
BUDGET_SERIES = ("wage_bill_eur", "grant_eur", "top_up_eur", "supply_cost_eur")
#: A municipality's series (its supply cost is national only).
MUNICIPAL_SERIES = ("wage_bill_eur", "grant_eur", "top_up_eur")
#: Series names (`TEXTS` keys of the download headers, without the unit).
SERIES_KEYS = {c: f"col_{c}" for c in (*BUDGET_SERIES, "public_cost_eur", "extra_cost_eur")}


def _chosen_title(lang: str) -> str:
    """The sidebar's scenario's title in `lang` ("" when none is chosen)."""
    chosen = chosen_scenario()
    return chosen.title(lang) if chosen is not None else ""


def _series_names(codes: tuple[str, ...], lang: str) -> dict[str, str]:
    return {c: t(SERIES_KEYS[c], lang).rsplit(",", 1)[0] for c in codes}


def _grant_error(lang: str) -> str:
    """The calibrated grant's largest error (%), from ``calibrated.yaml`` (``?`` if unknown)."""
    try:
        doc = yaml.safe_load(Path(CALIBRATED_FILE).read_text(encoding="utf-8")) or {}
        return format_number(float(doc["funding"]["max_abs_error_pct"]), lang, 1)
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError):
        return "?"


def _prices(lang: str) -> str:
    basis = st.segmented_control(
        t("fund_prices", lang),
        options=list(costs.PRICE_BASES),
        default=costs.DEFAULT_PRICE_BASIS,
        format_func=lambda b: t(f"fund_basis_{b}", lang),
        key=PRICES_KEY,
    )
    chosen = str(basis or costs.DEFAULT_PRICE_BASIS)
    if chosen == "constant":
        inflation = format_number(100 * costs.ASSUMED_INFLATION, lang, 1)
        st.caption(t("fund_prices_note", lang, inflation=inflation))
    return chosen


def _cards_year(years: pd.Index) -> int:
    """The cards' school year chosen on the Overview or Municipality page, else the last one."""
    chosen = st.session_state.get(YEAR_KEY)
    return int(chosen) if chosen is not None and chosen in years else int(years.max())


def _blank(column: pd.Series) -> pd.Series:
    return column.isna() | (column.astype(object) == "")


def _municipal(funding: pd.DataFrame, region: str) -> pd.DataFrame:
    rows = funding[(funding["region"].astype(str) == region) & _blank(funding["subject"])]
    return rows.set_index("year")[list(MUNICIPAL_SERIES)].astype(float).sort_index()


def _budget(res: Results, lang: str, basis: str, prices: pd.DataFrame, ctx: Any) -> None:
    st.subheader(t("fund_section_budget", lang))
    table = costs.in_prices(
        costs.national_costs(res.funding), prices, basis, list(costs.COST_MEASURES)
    )
    last = _cards_year(table.index)
    year = school_year_label(last, lang)
    st.caption(t("fund_kpi_caption", lang, year=year, unit=t(f"fund_unit_{basis}", lang)))
    # two rows of two: four cards in one row cut the longer Latvian labels short
    cols = [col for _ in range(len(BUDGET_SERIES) // 2) for col in st.columns(2)]
    for col, (code, name) in zip(cols, _series_names(BUDGET_SERIES, lang).items(), strict=True):
        value = float(table[code].to_numpy(dtype=float)[table.index.get_loc(last)]) / 1e6
        col.metric(
            f"{name}, {t('fund_unit_eur_m', lang)}", format_number(value, lang, 1), border=True
        )
    data = money_data(table, _series_names(BUDGET_SERIES, lang))
    chart = money_chart(
        data,
        lang,
        t("fund_budget_title", lang, span=year_span(data, lang)),
        t(f"fund_unit_{basis}", lang),
        _chosen_title(lang),
    )
    shown = table.reset_index().assign(prices=basis)
    chart_with_downloads(
        chart, "fund_budget", lang, f"finansejums_{basis}", table=shown, context=ctx
    )


def _municipality(res: Results, lang: str, basis: str, prices: pd.DataFrame, ctx: Any) -> None:
    st.subheader(t("fund_section_muni", lang))
    _, munis = names(lang)
    regions = sorted(
        {str(r) for r in res.funding["region"].dropna().unique() if str(r)},
        key=lambda code: munis.get(code, code),
    )
    region = language_aware_selectbox(
        t("muni_select", lang), regions, lambda c: munis.get(c, c), MUNICIPALITY_KEY, lang
    )
    if region is None:
        return
    table = costs.in_prices(_municipal(res.funding, region), prices, basis, MUNICIPAL_SERIES)
    last = _cards_year(table.index)
    at = table.index.get_loc(last)
    top_up, wage = table["top_up_eur"].to_numpy()[at], table["wage_bill_eur"].to_numpy()[at]
    share = float(top_up) / float(wage) if float(wage) else float("nan")
    st.metric(
        f"{t('fund_top_up_share', lang)} ({school_year_label(last, lang)})",
        format_percent(share, lang),
        border=True,
    )
    name = munis.get(region, region)
    data = money_data(table, _series_names(MUNICIPAL_SERIES, lang))
    chart = money_chart(
        data,
        lang,
        t("fund_muni_title", lang, name=name),
        t(f"fund_unit_{basis}", lang),
        _chosen_title(lang),
    )
    shown = table.reset_index().assign(region=region, prices=basis)
    chart_with_downloads(
        chart, "fund_muni", lang, f"piemaksa_{region}_{basis}", table=shown, context=ctx
    )
    st.caption(t("fund_muni_note", lang))


def _builder_runs(lang: str) -> tuple[Results, Results, dict[str, Any]] | None:
    """The builder's last what-if and its starting scenario's run (both cached), or None."""
    stored = st.session_state.get(BUILDER_RESULT_KEY)
    if not stored:
        return None
    base_json, _, path = stored["base"]
    title = stored["base_title"]
    if path is not None:
        base = run_with_status(_scenario_key(Path(path)), path, None, title, lang, None)
    else:
        scenario = Scenario.model_validate_json(base_json)
        base = run_with_status(scenario_object_key(scenario), None, scenario, title, lang, None)
    if base is None or base.funding.empty or stored["results"].funding.empty:
        return None
    return base, stored["results"], stored


def _what_if(lang: str, basis: str, prices: pd.DataFrame, ctx: Any) -> None:
    st.subheader(t("fund_section_builder", lang))
    runs = _builder_runs(lang)
    if runs is None:
        st.info(t("fund_builder_none", lang), icon=":material/tune:")
        return
    base, edited, stored = runs
    effect = what_if_effectiveness(base, edited, basis, prices)
    first, last = int(effect["year"].min()), int(effect["year"].max())
    st.caption(
        t(
            "fund_builder_caption",
            lang,
            edited=stored["title"],
            base=stored["base_title"],
            first=school_year_label(first, lang),
            last=school_year_label(last, lang),
            unit=t(f"fund_in_{basis}", lang),
        )
    )
    what_if_cost_kpis(effect, lang)
    ratios = effect.iloc[-1][["cum_eur_per_fte_closed", "cum_eur_per_vacancy_avoided"]]
    if ratios.isna().any():  # a card shows "–": say why
        st.caption(t("fund_ratio_none", lang))
    extra = effect.set_index("year")[["extra_cost_eur"]]
    data = money_data(extra, _series_names(("extra_cost_eur",), lang))
    chart = money_chart(
        data,
        lang,
        t("fund_extra_title", lang, span=year_span(data, lang)),
        t(f"fund_unit_{basis}", lang),
        stored["title"],
    )
    shown = effect.drop(columns="lever").assign(prices=basis)
    chart_with_downloads(
        chart, "fund_whatif", lang, f"izmaksas_{stored['name']}_{basis}", table=shown, context=ctx
    )
    summary = costs.cost_summary(effect).drop(columns="lever").set_index("to_year")
    st.markdown(f"**{t('fund_summary_table', lang)}**")
    headed = summary.rename(columns=lambda c: column_label(str(c), lang))
    headed.index = pd.Index([school_year_label(int(y), lang) for y in headed.index])
    st.dataframe(formatted_table(headed, lang, 0), width="stretch", key="fund_summary")
    table_downloads(
        summary.reset_index().assign(prices=basis),
        "fund_summary_table",
        lang,
        f"izmaksas_kopsavilkums_{stored['name']}_{basis}",
        ctx,
    )


def render() -> None:
    """Draw the funding page."""
    lang = current_lang()
    st.title(t("fund_title", lang))
    st.caption(t("fund_intro", lang, error=_grant_error(lang)))
    res = get_results(lang)
    ds = dataset_or_none()
    if res is None or ds is None or res.funding.empty:
        return
    basis = _prices(lang)
    ctx = report_context(res, _chosen_title(lang), lang)
    _budget(res, lang, basis, ds.funding, ctx)
    _municipality(res, lang, basis, ds.funding, ctx)
    _what_if(lang, basis, ds.funding, ctx)
    ranking_section(lang, ctx)


if __name__ == "__main__":
    render()

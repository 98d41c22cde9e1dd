"""Cost beside the forecasts (Overview, Municipality) and the lever ranking (Funding page)."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from ikm_sim import charts, costs
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.indicators.near_term import near_term_start
from ikm_sim.locale.formatting import format_number
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui import state
from ikm_sim.ui.cost_cards import YEAR_WIDGET_KEY
from ikm_sim.ui.url_state import MUNICIPALITY_KEY
from tests.ui.test_app import APP, MUNICIPALITY_PAGE, needs_runner

FUNDING_PAGE = "ikm_sim/ui/pages/funding.py"

#: The cards' default school year: today's (`near_term_start`).
START = near_term_start(range(BASE_YEAR, FINAL_YEAR + 1))


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _ranking_table(at: AppTest) -> pd.DataFrame:
    """The last table on the page: the lever ranking."""
    return at.dataframe[-1].value


def _expected(table: object, column: str, year: int, lang: str = "lv") -> str:
    factor = costs.constant_price_factor(state.load_dataset().funding, [year])[year]
    value = float(table.loc[year, column]) * factor / 1e6  # type: ignore[attr-defined]
    return format_number(value, lang, 1)


@needs_runner
def test_overview_cards_follow_the_chosen_year_with_their_cost() -> None:
    state.clear_caches()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception and not at.error
    assert at.select_slider(key=YEAR_WIDGET_KEY).value == START  # today's school year
    national = costs.national_costs(run("baseline").funding)
    shown = _metrics(at)
    assert shown["Algu fonds, milj. EUR"] == _expected(national, "wage_bill_eur", START)
    assert shown["Valsts mērķdotācija, milj. EUR"] == _expected(national, "grant_eur", START)
    assert any(f"{START}./{START + 1}." in c.value for c in at.caption)
    before = shown["Pieprasījums, likmes"]
    at.select_slider(key=YEAR_WIDGET_KEY).set_value(2035).run()
    shown = _metrics(at)
    assert shown["Pieprasījums, likmes"] != before  # the forecast cards follow the year
    assert shown["Pašvaldību piemaksa, milj. EUR"] == _expected(national, "top_up_eur", 2035)
    # new teachers a year: the mean over the span the card names (was the mean to 2050)
    entrants = charts.entrants_data(run("baseline").supply_demand)
    per_year = entrants.groupby("year")["entrants_needed"].sum()
    assert shown["Jaunie pedagogi gadā"] == format_number(per_year.loc[BASE_YEAR:2035].mean(), "lv")
    assert format_number(per_year.mean(), "lv") != shown["Jaunie pedagogi gadā"]
    deltas = {m.label: m.proto.delta for m in at.metric}
    assert deltas["Jaunie pedagogi gadā"] == "vidēji līdz 2035./2036."
    helps = {m.label: m.proto.help for m in at.metric}
    assert f"{BASE_YEAR}./{BASE_YEAR + 1}.–2035./2036." in helps["Jaunie pedagogi gadā"]
    at.sidebar.radio(key="lang").set_value("en").run()
    english = _metrics(at)
    assert english["State target grant, EUR million"] == _expected(
        national, "grant_eur", 2035, "en"
    )
    assert any("constant 2025 prices" in c.value for c in at.caption)


@needs_runner
def test_municipality_cards_show_its_own_grant_and_the_what_if_cost() -> None:
    state.clear_caches()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(MUNICIPALITY_PAGE).run()
    funding = run("baseline").funding
    region = sorted(r for r in funding["region"].unique() if r)[3]
    at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").set_value(region).run()
    at.select_slider(key=YEAR_WIDGET_KEY).set_value(2030).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").value == region
    own = costs.area_costs(funding, [region])
    shown = _metrics(at)
    assert shown["Valsts mērķdotācija, milj. EUR"] == _expected(own, "grant_eur", 2030)
    assert shown["Pašvaldību piemaksa, milj. EUR"] == _expected(own, "top_up_eur", 2030)
    assert "Papildu izmaksas pret bāzi" not in shown  # the baseline has nothing to compare
    at.sidebar.selectbox(key="scenario_file__lv").set_value("pay_growth").run()
    assert not at.exception and not at.error
    shown = _metrics(at)
    pay = costs.area_costs(run(load_scenario("pay_growth")).funding, [region])
    assert shown["Algu fonds, milj. EUR"] == _expected(pay, "wage_bill_eur", 2030)
    extra = pay.loc[[2030], ["wage_bill_eur"]] - own.loc[[2030], ["wage_bill_eur"]]
    assert shown["Papildu izmaksas pret bāzi, milj. EUR"] == _expected(extra, "wage_bill_eur", 2030)
    assert "EUR par slēgto likmi, kopā līdz šim gadam" in shown

    # the shortage closed in the year: the area's positive gaps, baseline minus what-if
    def shortage(sd: pd.DataFrame) -> float:
        cells = sd[(sd["region"].astype(str) == region) & (sd["year"] == 2030)]
        return float(cells["gap_fte"].clip(lower=0).sum())

    closed = shortage(run("baseline").supply_demand) - shortage(
        run(load_scenario("pay_growth")).supply_demand
    )
    assert shown["Slēgtais iztrūkums pret bāzi, likmes"] == format_number(closed, "lv", 1)


@needs_runner
def test_funding_page_ranks_the_levers_in_both_languages() -> None:
    state.clear_caches()
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.switch_page(FUNDING_PAGE).run()
    assert not at.exception and not at.error
    assert any(s.value == "Sviru izmaksu efektivitāte" for s in at.subheader)
    at.button(key="fund_rank_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    table = _ranking_table(at)
    assert list(table.columns)[:3] == ["Vieta", "Svira", "Scenāriji"]
    assert "Relatīvā alga" in set(table["Svira"])
    assert table["Vieta"].iloc[0] == "1"
    charts_before = len(at.get("vega_lite_chart"))
    assert "Dzimstības variants" not in set(table["Svira"])  # an assumption, not ranked
    assert at.segmented_control(key="fund_rank_year").value == 2030
    at.segmented_control(key="fund_rank_year").set_value(2050).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == charts_before  # the bars follow the year
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception and not at.error
    table = _ranking_table(at)
    assert list(table.columns)[:3] == ["Rank", "Lever", "Scenarios"]
    assert "Relative pay" in set(table["Lever"])

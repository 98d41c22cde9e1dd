"""The cost-effectiveness ranking of levers: each lever of the what-ifs alone against the base."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ikm_sim.compare import (
    ASSUMPTIONS,
    RANKING_COLUMNS,
    compare,
    lever_ranking,
    lever_switches,
    national_outcome,
    rank_levers,
)
from ikm_sim.data.load import Dataset
from ikm_sim.scenario import load_scenario

FINAL = 2036
WHAT_IFS = ("pay_growth", "combined_strategy", "retention_programme", "later_retirement")


@pytest.fixture(scope="module")
def ranking(mini_data: Dataset) -> pd.DataFrame:
    return rank_levers("baseline", WHAT_IFS, data=mini_data, final_year=FINAL)


def test_switches_are_one_per_setting_and_leave_out_assumptions() -> None:
    base = load_scenario("baseline")
    switches = lever_switches(base, [load_scenario(n) for n in WHAT_IFS])
    levers = [s.lever for s in switches]
    assert len(levers) == len(set(levers))  # pay_growth and combined set relative_pay alike
    by_lever = {s.lever: s for s in switches}
    assert by_lever["relative_pay"].scenarios == ("pay_growth", "combined_strategy")
    births = load_scenario("baseline").model_copy(update={"name": "births"})
    births = births.model_copy(
        update={"levers": births.levers.model_copy(update={"births_variant": "low"})}
    )
    assert not set(levers) & set(ASSUMPTIONS)
    assert lever_switches(base, [births]) == []  # an assumption is not ranked
    for s in switches:  # only that lever moved
        assert [s.lever] == [
            n
            for n in s.scenario.levers.model_dump()
            if s.scenario.levers.model_dump()[n] != base.levers.model_dump()[n]
        ]


def test_ranking_is_by_eur_per_fte_closed(ranking: pd.DataFrame) -> None:
    assert list(ranking.columns) == list(RANKING_COLUMNS)
    assert set(ranking["to_year"]) == {2030, 2035}  # the summary years within the run
    for _, rows in ranking.groupby("to_year"):
        priced = rows[rows["eur_per_fte_closed"].notna()].sort_values("rank")
        assert priced["eur_per_fte_closed"].is_monotonic_increasing
        assert (rows["rank"].dropna() >= 1).all()
        unranked = rows[rows["rank"].isna()]
        assert (unranked["cum_gap_closed_fte_years"] < 0.5).all()


def test_a_lever_alone_equals_compare_of_that_lever(
    ranking: pd.DataFrame, mini_data: Dataset
) -> None:
    cmp = compare("baseline", "pay_growth", data=mini_data, final_year=FINAL)
    expected = cmp.cost_summary_constant.set_index(["lever", "to_year"]).loc["relative_pay"]
    got = ranking[ranking["lever"] == "relative_pay"].set_index("to_year")
    for col in ("cum_extra_cost_eur", "cum_gap_closed_fte_years", "eur_per_fte_closed"):
        np.testing.assert_allclose(got[col], expected.loc[got.index, col], rtol=1e-9)


def test_saving_money_while_closing_ranks_first() -> None:
    years = pd.Index([2029, 2030], name="year")
    base = pd.DataFrame(
        {"gap_fte": 100.0, "shortage_fte": 100.0, "vacancies_fte": 50.0, "wage_bill_eur": 1e6,
         "grant_eur": 5e5,
         "top_up_eur": 5e5, "supply_cost_eur": 0.0, "public_cost_eur": 1e6},
        index=years,
    )  # fmt: skip
    cheap = base.assign(gap_fte=90.0, shortage_fte=90.0, public_cost_eur=1.1e6)
    saver = base.assign(gap_fte=95.0, shortage_fte=95.0, public_cost_eur=0.9e6)
    idle = base.assign(public_cost_eur=1.2e6)
    prices = pd.DataFrame(
        {"item": "consumer_price_change", "plan": False, "value": 2.0,
         "effective": ["2020-01-01"]}
    )  # fmt: skip
    alone = {("cheap", "a"): cheap, ("saver", "b"): saver, ("idle", "c"): idle}
    table = lever_ranking(base, alone, prices, years=(2030,))
    assert list(table["lever"]) == ["saver", "cheap", "idle"]
    assert table["rank"].tolist()[:2] == [1.0, 2.0] and np.isnan(table["rank"].iloc[2])


def test_national_outcome_has_gap_and_money(mini_data: Dataset) -> None:
    from ikm_sim.runner import run

    res = run(load_scenario("baseline"), data=mini_data, final_year=2026)
    out = national_outcome(res.supply_demand, res.funding)
    assert {"gap_fte", "vacancies_fte", "shortage_fte", "public_cost_eur"} <= set(out.columns)
    assert list(out.index) == [2023, 2024, 2025, 2026]
    # the shortage: positive cell gaps summed; never below the net gap, nor below zero
    cells = res.supply_demand.groupby(["year", "region", "subject"])["gap_fte"].sum()
    by_hand = cells.clip(lower=0).groupby(level="year").sum()
    np.testing.assert_allclose(out["shortage_fte"], by_hand.to_numpy())
    assert (out["shortage_fte"] >= out["gap_fte"].clip(lower=0) - 1e-9).all()


def test_a_growing_surplus_closes_no_gap() -> None:
    # a lever that deepens a surplus in one cell while the shortage elsewhere stays closes
    # nothing; the net gap would have counted the surplus as gap closed
    from ikm_sim.costs import effectiveness_against

    years = pd.Index([2030], name="year")
    base = pd.DataFrame(
        {"gap_fte": -50.0, "shortage_fte": 100.0, "vacancies_fte": 80.0, "public_cost_eur": 1e6},
        index=years,
    )
    surplus = base.assign(gap_fte=-150.0, public_cost_eur=2e6)
    effect = effectiveness_against(base, surplus)
    assert effect["gap_closed_fte"].tolist() == [0.0]
    assert np.isnan(effect["eur_per_fte_closed"].iloc[0])

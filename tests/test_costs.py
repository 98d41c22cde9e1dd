"""The cost of a scenario: money identities, EUR per FTE closed, signs, the CLI's files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.compare import Comparison, compare
from ikm_sim.costs import (
    COST_MEASURES,
    EFFECTIVENESS_COLUMNS,
    SUMMARY_COLUMNS,
    cost_effectiveness,
    cost_summary,
    national_costs,
    per_unit,
)
from ikm_sim.data.load import Dataset
from ikm_sim.scenario import Scenario, load_scenario
from tests.conftest import MINI_DATA

#: Three levers that move money in different ways: pay, study places, lessons per rate.
THREE_LEVERS = {
    "relative_pay": {"ramp": {"from": 2025, "to": 2031, "end": 1.19}},
    "additional_training_places": {"subjects": {"MAT": {"steps": {2026: 60}}}},
    "lesson_share": {"steps": {2026: 0.6}},
}


def three_levers() -> Scenario:
    base = load_scenario("baseline")
    s = Scenario.model_validate(
        {"name": "three_levers", "title_lv": "x", "title_en": "x", "levers": THREE_LEVERS}
    )
    return s.model_copy(update={"levers": base.levers.model_copy(update=s.levers.set_levers())})


@pytest.fixture(scope="module")
def comparison(mini_data: Dataset) -> Comparison:
    return compare("baseline", three_levers(), data=mini_data, final_year=2035)


@pytest.fixture(scope="module")
def pay(mini_data: Dataset) -> Comparison:
    return compare("baseline", "pay_growth", data=mini_data, final_year=2035)


def test_money_identity_by_lever(comparison: Comparison) -> None:
    lc = comparison.lever_costs
    assert set(lc["lever"]) == {*THREE_LEVERS, "total", "interaction"}
    costs = comparison.costs.set_index("year")
    for m in COST_MEASURES:
        wide = lc.pivot(index="year", columns="lever", values=f"{m}_change")
        parts = wide[[*THREE_LEVERS, "interaction"]].sum(axis=1)
        diff = costs[f"{m}_diff"]
        # scenario cost - base cost (two separate runs) = the single levers + interaction
        assert np.allclose(parts.to_numpy(), diff.to_numpy(), rtol=1e-6, atol=1e-6), m
        assert np.allclose(wide["total"].to_numpy(), diff.to_numpy(), rtol=1e-6, atol=1e-6), m
    assert costs.loc[2030, "public_cost_eur_diff"] != 0
    for side in ("a", "b"):
        wage = costs[f"wage_bill_eur_{side}"]
        assert np.allclose(wage, costs[f"grant_eur_{side}"] + costs[f"top_up_eur_{side}"])
        public = wage + costs[f"supply_cost_eur_{side}"]
        assert np.allclose(public, costs[f"public_cost_eur_{side}"])
    # the study places cost money on their own, the pay rise through the wage bill
    parts = lc[lc["year"] == 2030].set_index("lever")
    assert parts.loc["additional_training_places", "supply_cost_eur_change"] > 0
    assert parts.loc["relative_pay", "wage_bill_eur_change"] > 0
    assert parts.loc["relative_pay", "supply_cost_eur_change"] == pytest.approx(0.0, abs=1e-6)


def test_costs_are_the_funding_national_rows(comparison: Comparison, tmp_path: Path) -> None:
    funding = comparison.a.funding
    national = funding[(funding["region"] == "") & (funding["subject"] == "")]
    costs = comparison.costs.set_index("year")
    assert costs["wage_bill_eur_a"].to_numpy() == pytest.approx(
        national["wage_bill_eur"].to_numpy()
    )
    # read back from funding.csv, where the national rows' keys are empty (NaN)
    funding.to_csv(tmp_path / "funding.csv", index=False)
    again = national_costs(pd.read_csv(tmp_path / "funding.csv"))
    assert list(again.columns) == list(COST_MEASURES)
    assert again["public_cost_eur"].to_numpy() == pytest.approx(
        costs["public_cost_eur_a"].to_numpy()
    )


def test_eur_per_fte_closed_by_hand() -> None:
    changes = pd.DataFrame(
        {
            "lever": ["x"] * 3 + ["saves"] * 2,
            "year": [2025, 2026, 2027, 2025, 2026],
            "gap_change_fte": [-2.0, -4.0, 1.0, 3.0, 0.2],
            "vacancies_change_fte": [-1.0, -1.0, 0.0, 1.0, -0.2],
            "public_cost_change_eur": [100.0, 300.0, 50.0, -500.0, 10.0],
        }
    )
    ce = cost_effectiveness(changes)
    assert list(ce.columns) == list(EFFECTIVENESS_COLUMNS)
    assert list(ce["lever"]) == ["x", "x", "x", "saves", "saves"]
    x = ce[ce["lever"] == "x"].set_index("year")
    assert x["gap_closed_fte"].tolist() == [2.0, 4.0, -1.0]
    assert x["eur_per_fte_closed"].tolist()[:2] == [50.0, 75.0]
    assert math.isnan(x.loc[2027, "eur_per_fte_closed"])  # the gap widened that year
    assert x["cum_extra_cost_eur"].tolist() == [100.0, 400.0, 450.0]
    assert x["cum_gap_closed_fte_years"].tolist() == [2.0, 6.0, 5.0]
    assert x["cum_eur_per_fte_closed"].tolist() == pytest.approx([50.0, 400 / 6, 90.0])
    assert x["cum_eur_per_vacancy_avoided"].tolist() == pytest.approx([100.0, 200.0, 225.0])
    saves = ce[ce["lever"] == "saves"].set_index("year")
    # money saved while the gap widens: both numbers, no ratio
    assert saves.loc[2025, "extra_cost_eur"] == -500.0
    assert saves.loc[2025, "gap_closed_fte"] == -3.0
    assert saves["eur_per_fte_closed"].isna().all()
    assert saves["cum_eur_per_fte_closed"].isna().all()
    # less than half an FTE closed counts as nothing closed
    assert math.isnan(saves.loc[2026, "eur_per_vacancy_avoided"])
    summary = cost_summary(ce, years=(2026, 2040))
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert summary.set_index("lever").loc["x", "eur_per_fte_closed"] == pytest.approx(400 / 6)
    assert per_unit([0.0], [1.0]).tolist() == [0.0]


def test_pay_growth_raises_the_wage_bill_and_closes_gap(pay: Comparison) -> None:
    costs = pay.costs.set_index("year")
    after = costs.loc[2026:]
    assert (after["wage_bill_eur_diff"] > 0).all()
    assert (costs.loc[:2025, "public_cost_eur_diff"].abs() < 1e-6).all()
    assert after["grant_eur_diff"].abs().max() < 1e-6  # the grant follows pupils, not pay
    assert np.allclose(after["top_up_eur_diff"], after["wage_bill_eur_diff"])
    summary = pay.cost_summary.set_index(["lever", "to_year"])
    for year in (2030, 2035):
        row = summary.loc[("total", year)]
        assert row["cum_gap_closed_fte_years"] > 0
        assert row["cum_extra_cost_eur"] > 0
        expected = row["cum_extra_cost_eur"] / row["cum_gap_closed_fte_years"]
        assert row["eur_per_fte_closed"] == pytest.approx(expected)
    assert set(pay.cost_summary["to_year"]) == {2030, 2035}  # FINAL_YEAR beyond this run


def test_compare_command_writes_the_cost_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "baseline",
            "stem_training_places",
            "--out",
            str(tmp_path / "out"),
            "--data",
            str(MINI_DATA),
            "--final-year",
            "2031",
            "--lang",
            "lv",
        ],
    )
    assert result.exit_code == 0, (result.output, result.exception)
    out = tmp_path / "out"
    costs = pd.read_csv(out / "costs.csv").set_index("year")
    assert costs.loc[2030, "supply_cost_eur_diff"] > 0
    lever_costs = pd.read_csv(out / "lever_costs.csv")
    assert set(lever_costs["lever"]) == {
        "training_places",
        "additional_training_places",
        "total",
        "interaction",
    }
    assert list(pd.read_csv(out / "cost_effectiveness.csv").columns) == list(EFFECTIVENESS_COLUMNS)
    summary = pd.read_csv(out / "cost_summary.csv")
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert set(summary["to_year"]) == {2030}
    assert summary["eur_per_fte_closed"].isna().all()  # no gap closed by 2030 yet: no ratio
    assert (summary["cum_extra_cost_eur"] > 0).all()
    assert "Izmaksas" in result.output
    assert "slēgta iztrūkuma slodze" in result.output


def test_compare_command_refuses_an_unknown_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare", "baseline", "pay_growth", "--out", str(tmp_path / "o"), "--lang", "de"]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "o").exists()

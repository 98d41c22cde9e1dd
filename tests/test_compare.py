"""Scenario comparison: differences by year, region and subject, and the lever breakdown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.compare import Comparison, compare, differing_levers
from ikm_sim.data.load import Dataset
from ikm_sim.scenario import Scenario, load_scenario
from tests.conftest import MINI_DATA

TWO_LEVERS = {
    "lesson_share": {"steps": {2026: 0.6}},
    "consolidation": {"ramp": {"from": 2025, "to": 2028, "end": 1.2}},
}


def what_if() -> Scenario:
    base = load_scenario("baseline")
    s = Scenario.model_validate(
        {"name": "two_levers", "title_lv": "x", "title_en": "x", "levers": TWO_LEVERS}
    )
    return s.model_copy(update={"levers": base.levers.model_copy(update=s.levers.set_levers())})


@pytest.fixture(scope="module")
def comparison(mini_data: Dataset) -> Comparison:
    return compare("baseline", what_if(), data=mini_data, final_year=2032)


def test_differing_levers() -> None:
    assert differing_levers(load_scenario("baseline"), what_if()) == [
        "lesson_share",
        "consolidation",
    ]
    assert differing_levers(load_scenario("baseline"), load_scenario("baseline")) == []


def test_tables_by_year_region_and_subject(comparison: Comparison, mini_data: Dataset) -> None:
    nat = comparison.national.set_index("year")
    a = comparison.a.national().set_index("year")["gap_fte"]
    b = comparison.b.national().set_index("year")["gap_fte"]
    assert nat["gap_fte_diff"].to_numpy() == pytest.approx((b - a).to_numpy())
    assert nat.loc[2023, "gap_fte_diff"] == pytest.approx(0.0, abs=1e-6)
    regions = set(mini_data.municipalities["planning_region"])
    assert set(comparison.by_region["planning_region"]) == regions
    assert set(comparison.by_subject["subject"]) == set(mini_data.subject_codes)
    by_subject = comparison.by_subject.groupby("year")["gap_fte_diff"].sum()
    assert by_subject.to_numpy() == pytest.approx(nat["gap_fte_diff"].to_numpy())
    assert len(comparison.detail) == len(comparison.a.supply_demand)


def test_lever_breakdown_signs_and_sums(comparison: Comparison) -> None:
    lv = comparison.levers.set_index(["lever", "year"])["gap_change_fte"]
    assert set(comparison.levers["lever"]) == {
        "lesson_share",
        "consolidation",
        "total",
        "interaction",
    }
    assert lv[("lesson_share", 2030)] > 0  # fewer lessons per rate: more teachers needed
    assert lv[("consolidation", 2030)] < 0  # larger classes: fewer teachers needed
    parts = lv[("lesson_share", 2030)] + lv[("consolidation", 2030)] + lv[("interaction", 2030)]
    assert parts == pytest.approx(lv[("total", 2030)])
    nat = comparison.national.set_index("year")
    assert lv[("total", 2030)] == pytest.approx(nat.loc[2030, "gap_fte_diff"])


def test_write(comparison: Comparison, tmp_path: Path) -> None:
    comparison.write(tmp_path / "cmp")
    names = {p.name for p in (tmp_path / "cmp").iterdir()}
    assert names == {
        "national.csv",
        "by_region.csv",
        "by_subject.csv",
        "detail.csv",
        "levers.csv",
        "costs.csv",
        "lever_costs.csv",
        "cost_effectiveness.csv",
        "cost_summary.csv",
        "costs_constant.csv",
        "cost_effectiveness_constant.csv",
        "cost_summary_constant.csv",
        "compare.json",
    }
    levers = pd.read_csv(tmp_path / "cmp" / "levers.csv")
    assert list(levers.columns) == ["lever", "year", "gap_change_fte", "vacancies_change_fte"]


def test_compare_command(tmp_path: Path) -> None:
    b = tmp_path / "b.yaml"
    b.write_text(
        "name: b\ntitle_lv: b\ntitle_en: b\nlevers:\n  lesson_share:\n    steps: {2026: 60 %}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "baseline",
            str(b),
            "--out",
            str(tmp_path / "out"),
            "--data",
            str(MINI_DATA),
            "--final-year",
            "2030",
            "--no-breakdown",
        ],
    )
    assert result.exit_code == 0, (result.output, result.exception)
    nat = pd.read_csv(tmp_path / "out" / "national.csv").set_index("year")
    assert nat.loc[2030, "gap_fte_diff"] > 0
    assert "National gap" in result.output


def test_compare_command_bad_scenario(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("name: b\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["compare", "baseline", str(tmp_path / "b.yaml"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code != 0
    assert "missing required key" in str(result.exception)

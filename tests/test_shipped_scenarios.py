"""Every shipped scenario validates and runs through the CLI; each what-if moves the gap the
way its lever implies. Each scenario is run once (module-scoped fixture) on the embedded data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.compare import difference_tables
from ikm_sim.costs import national_costs
from ikm_sim.data.load import load_data
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.settings import FINAL_YEAR

SHIPPED = sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml"))
STEM = ["PHY", "CHE", "MAT"]

#: scenario -> (subjects measured or None for all, year, expected sign of the gap change)
DIRECTION = {
    "pay_growth": (None, 2035, -1),
    "stem_training_places": (STEM, 2035, -1),
    "lessons_60_40": (None, 2030, +1),
    "later_retirement": (None, 2030, -1),
    "pensioner_cap": (None, 2030, +1),
    "school_consolidation": (None, 2030, -1),
    "low_births": (None, 2035, -1),
    "retention_programme": (None, 2035, -1),
    "combined_strategy": (None, 2035, -1),
}

#: scenario -> (year, expected sign of the change of the public cost): what-ifs of the funding
#: rules, which move the money and leave the gap alone.
COST_DIRECTION = {
    "pay_schedule_2030": (2030, +1),
}

#: scenario -> (first year, expected sign of the change of the state grant): what-ifs of the
#: grant formula, which move money between the state grant and the municipal top-up only.
GRANT_DIRECTION = {
    "programma_skola": (2026, +1),
}


def test_at_least_six_what_ifs_and_each_has_a_direction_test() -> None:
    what_ifs = [s for s in SHIPPED if s != "baseline"]
    assert "baseline" in SHIPPED
    assert len(what_ifs) >= 6
    assert not set(DIRECTION) & set(COST_DIRECTION)
    assert not (set(DIRECTION) | set(COST_DIRECTION)) & set(GRANT_DIRECTION)
    assert sorted([*DIRECTION, *COST_DIRECTION, *GRANT_DIRECTION]) == what_ifs


def test_all_shipped_scenarios_validate() -> None:
    result = CliRunner().invoke(
        app, ["validate", *(str(SCENARIOS_DIR / f"{s}.yaml") for s in SHIPPED)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("OK") == len(SHIPPED)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the runs' outputs, one subfolder per scenario."""
    return tmp_path_factory.mktemp("shipped")


@pytest.fixture(scope="module")
def runs(out: Path) -> dict[str, pd.DataFrame]:
    """Run every shipped scenario once through ``ikm-sim run``; supply_demand.csv by name."""
    tables = {}
    for name in SHIPPED:
        result = CliRunner().invoke(
            app, ["run", str(SCENARIOS_DIR / f"{name}.yaml"), "--out", str(out / name)]
        )
        assert result.exit_code == 0, (name, result.output, result.exception)
        for table in ("supply_demand", "pupils", "teachers_by_age", "run"):
            suffix = ".json" if table == "run" else ".csv"
            assert (out / name / f"{table}{suffix}").is_file()
        tables[name] = pd.read_csv(out / name / "supply_demand.csv", dtype={"region": str})
    return tables


@pytest.fixture(scope="module")
def costs(runs: dict[str, pd.DataFrame], out: Path) -> dict[str, pd.DataFrame]:
    """The national cost measures of every run of `runs` (`ikm_sim.costs.national_costs`)."""
    return {
        name: national_costs(pd.read_csv(out / name / "funding.csv", dtype={"region": str}))
        for name in runs
    }


@pytest.fixture(scope="module")
def planning_region() -> pd.Series:
    return load_data().municipalities.set_index("atvk")["planning_region"]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_runs(name: str, runs: dict[str, pd.DataFrame]) -> None:
    sd = runs[name]
    assert sd["year"].min() == 2023 and sd["year"].max() == FINAL_YEAR
    assert sd[["demand_fte", "supply_fte", "teachers"]].notna().all().all()
    assert (sd["supply_fte"] >= 0).all()


@pytest.mark.parametrize("name", sorted(DIRECTION))
def test_what_if_moves_the_gap_in_the_lever_direction(
    name: str, runs: dict[str, pd.DataFrame], planning_region: pd.Series
) -> None:
    subjects, year, sign = DIRECTION[name]
    a, b = runs["baseline"], runs[name]
    if subjects is not None:
        a, b = a[a["subject"].isin(subjects)], b[b["subject"].isin(subjects)]
    national = difference_tables(a, b, planning_region)["national"].set_index("year")
    change = national.loc[year, "gap_fte_diff"]
    assert sign * change > 1.0, f"{name}: gap change {change:+.1f} FTE in {year}"
    # nothing changes in the base year: the scenario acts on the future only
    assert abs(national.loc[2023, "gap_fte_diff"]) < 1e-6


@pytest.mark.parametrize("name", sorted(COST_DIRECTION))
def test_funding_what_if_moves_the_cost_and_not_the_gap(
    name: str,
    runs: dict[str, pd.DataFrame],
    costs: dict[str, pd.DataFrame],
    planning_region: pd.Series,
) -> None:
    year, sign = COST_DIRECTION[name]
    a, b = costs["baseline"], costs[name]
    change = b.loc[year, "public_cost_eur"] - a.loc[year, "public_cost_eur"]
    assert sign * change > 1e6, f"{name}: public cost change {change:+,.0f} EUR in {year}"
    # the scenario acts on the future only, and the money still adds up
    assert b.loc[2023].to_numpy() == pytest.approx(a.loc[2023].to_numpy(), rel=1e-12)
    assert (b["wage_bill_eur"] - b["grant_eur"] - b["top_up_eur"]).abs().max() < 1.0
    # pay rates move the money only: the gap stays where it was
    national = difference_tables(runs["baseline"], runs[name], planning_region)["national"]
    assert national["gap_fte_diff"].abs().max() < 1e-6


@pytest.mark.parametrize("name", sorted(GRANT_DIRECTION))
def test_grant_what_if_moves_the_grant_from_its_start_and_not_the_cost_or_gap(
    name: str,
    runs: dict[str, pd.DataFrame],
    costs: dict[str, pd.DataFrame],
    planning_region: pd.Series,
) -> None:
    start, sign = GRANT_DIRECTION[name]
    a, b = costs["baseline"], costs[name]
    grant = b["grant_eur"] - a["grant_eur"]
    assert (grant.loc[: start - 1] == 0.0).all()  # nothing before its start year
    assert (sign * grant.loc[start:] > 1e6).all(), grant.loc[start:].round(-5).tolist()
    # the state pays what the municipality no longer pays: wage bill and public cost stay put
    np.testing.assert_allclose(b["top_up_eur"] - a["top_up_eur"], -grant, atol=1e-3)
    np.testing.assert_allclose(b["public_cost_eur"], a["public_cost_eur"], rtol=1e-12)
    national = difference_tables(runs["baseline"], runs[name], planning_region)["national"]
    assert national["gap_fte_diff"].abs().max() < 1e-6


def test_regional_overrides_act_where_set(
    runs: dict[str, pd.DataFrame], planning_region: pd.Series
) -> None:
    by_region = difference_tables(runs["baseline"], runs["school_consolidation"], planning_region)[
        "by_region"
    ].set_index(["year", "planning_region"])
    demand = by_region["demand_fte_b"] / by_region["demand_fte_a"]
    # consolidation: classes 25 % larger in Latgale, 5 % in Rīga by 2030
    assert (
        demand.loc[(2030, "Latgale")] < demand.loc[(2030, "Kurzeme")] < demand.loc[(2030, "Rīga")]
    )


@pytest.mark.parametrize("name", SHIPPED)
def test_titles_and_descriptions_use_typographic_quotes(name: str) -> None:
    """Titles and descriptions are shown and exported as they are: “…”, never straight quotes."""
    from ikm_sim.scenario import load_scenario

    sc = load_scenario(SCENARIOS_DIR / f"{name}.yaml")
    for field in ("title_lv", "title_en", "description_lv", "description_en"):
        assert '"' not in str(getattr(sc, field) or ""), (name, field)

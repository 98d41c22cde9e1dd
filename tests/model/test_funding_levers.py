"""Funding rules as levers: each moves its model variable, FTE stay put, the money still adds up."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.load import Dataset, load_data
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import RunResult, run
from ikm_sim.scenario import Scenario

FINAL = 2030


def _scenario(levers: dict[str, Any]) -> Scenario:
    return Scenario.model_validate(
        {"name": "funding_lever", "title_lv": "x", "title_en": "x", "levers": levers}
    )


def _subjects(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f["region"] != "") & (f["subject"] != "")]


def _national(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f["region"] == "") & (f["subject"] == "")].set_index("year")


def _assert_money_adds_up(f: pd.DataFrame) -> None:
    rows = f[f["subject"] == ""]
    np.testing.assert_allclose(
        rows["wage_bill_eur"], rows["grant_eur"] + rows["top_up_eur"], rtol=1e-12
    )


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_data(DATA_DIR)


@pytest.fixture(scope="module")
def baseline(embedded: Dataset) -> RunResult:
    return run("baseline", data=embedded, final_year=FINAL)


def test_the_employer_contribution_lever_scales_the_wage_bill(
    embedded: Dataset, baseline: RunResult
) -> None:
    moved = run(
        _scenario({"employer_contribution_rate": {"steps": {2026: 0.30}}}),
        data=embedded,
        final_year=FINAL,
    )
    pd.testing.assert_frame_equal(moved.supply_demand, baseline.supply_demand)
    a, b = _subjects(baseline.funding), _subjects(moved.funding)
    by_year = b.groupby("year")["wage_bill_eur"].sum() / a.groupby("year")["wage_bill_eur"].sum()
    # the published rate (23.59 % since 2021) until 2025, the lever's 30 % from 2026
    assert by_year.loc[2023:2025].to_numpy() == pytest.approx(1.0, rel=1e-12)
    assert by_year.loc[2026:].to_numpy() == pytest.approx(1.30 / 1.2359, rel=1e-9)
    na, nb = _national(baseline.funding), _national(moved.funding)
    np.testing.assert_allclose(nb["grant_eur"], na["grant_eur"], rtol=1e-12)
    assert (nb.loc[2026:, "top_up_eur"] > na.loc[2026:, "top_up_eur"]).all()
    _assert_money_adds_up(moved.funding)


@pytest.mark.parametrize(
    ("lever", "preschool"), [("lowest_pay_rate", False), ("lowest_pay_rate_preschool", True)]
)
def test_a_pay_rate_lever_scales_its_teachers_wage_bill(
    embedded: Dataset, baseline: RunResult, lever: str, preschool: bool
) -> None:
    # a constant rate of 2,000 a month from 2026 on, against the data's rate held
    moved = run(_scenario({lever: {"steps": {2026: 2000.0}}}), data=embedded, final_year=FINAL)
    pd.testing.assert_frame_equal(moved.supply_demand, baseline.supply_demand)
    a, b = _subjects(baseline.funding), _subjects(moved.funding)
    own = (a["subject"] == "PRE") == preschool
    ratio = (
        b[own].groupby("year")["wage_bill_eur"].sum()
        / a[own].groupby("year")["wage_bill_eur"].sum()
    )
    held = 1526.0 if preschool else 1373.76  # the data's last rates (January 2024)
    assert ratio.loc[:2025].to_numpy() == pytest.approx(1.0, rel=1e-12)
    assert ratio.loc[2026:].to_numpy() == pytest.approx(2000.0 / held, rel=1e-6)
    others = b.loc[~own, "wage_bill_eur"].to_numpy()
    np.testing.assert_allclose(others, a.loc[~own, "wage_bill_eur"].to_numpy(), rtol=1e-12)
    _assert_money_adds_up(moved.funding)


def test_the_grant_rate_lever_scales_the_grant_and_the_top_up_takes_up_the_rest(
    embedded: Dataset, baseline: RunResult
) -> None:
    moved = run(
        _scenario({"grant_rate_multiplier": {"steps": {2027: 1.2}}}),
        data=embedded,
        final_year=FINAL,
    )
    pd.testing.assert_frame_equal(moved.supply_demand, baseline.supply_demand)
    a, b = baseline.funding, moved.funding
    municipal_a, municipal_b = (f[(f["region"] != "") & (f["subject"] == "")] for f in (a, b))
    ratio = municipal_b["grant_eur"].to_numpy() / municipal_a["grant_eur"].to_numpy()
    years = municipal_a["year"].to_numpy()
    assert ratio[years < 2027] == pytest.approx(1.0, rel=1e-12)
    assert ratio[years >= 2027] == pytest.approx(1.2, rel=1e-12)
    np.testing.assert_allclose(
        municipal_b["wage_bill_eur"], municipal_a["wage_bill_eur"], rtol=1e-12
    )
    na, nb = _national(a), _national(b)
    np.testing.assert_allclose(
        (nb["top_up_eur"] - na["top_up_eur"]).to_numpy(),
        (na["grant_eur"] - nb["grant_eur"]).to_numpy(),
        rtol=1e-9,
        atol=1e-3,
    )
    _assert_money_adds_up(b)


#: The variables the funding levers set, and those they feed (besides the funding table's).
LEVER_VARIABLES = [
    "Employer Contribution Now",
    "Pay per FTE",
    "Lowest Pay Now",
    "Grant Rate Multiplier Now",
]

#: A scenario moving every funding lever (the engines must agree on it).
ALL_FUNDING_LEVERS: dict[str, Any] = {
    "employer_contribution_rate": {"steps": {2026: 0.30}},
    "lowest_pay_rate": {"steps": {2026: 1500.0, 2028: 1700.0}},
    "lowest_pay_rate_preschool": {"ramp": {"from": 2025, "to": 2030, "end": 2000.0}},
    "grant_rate_multiplier": {"ramp": {"from": 2025, "to": 2029, "end": 1.3}},
}


@pytest.mark.slow
def test_both_engines_agree_on_the_funding_levers(embedded: Dataset) -> None:
    from ikm_sim.engines.agreement import check_agreement
    from ikm_sim.runner import FUNDING_VARIABLES
    from tests.engines.conftest import run_inputs

    inputs = run_inputs(embedded, _scenario(ALL_FUNDING_LEVERS), final_year=FINAL)
    problems = check_agreement(embedded.directory, inputs, list(FUNDING_VARIABLES), 2023, FINAL)
    assert not problems, "\n".join(str(p) for p in problems)

"""The funding sector: money identities, units, the base-year pay anchor and a pay-rate change."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.load import Dataset, load_data
from ikm_sim.engines.pysd.translate import fresh_model
from ikm_sim.inputs import model_inputs
from ikm_sim.model.parameters import load_parameters
from ikm_sim.paths import DATA_DIR
from ikm_sim.results_schema import FUNDING_COLUMNS
from ikm_sim.runner import RunResult, run
from ikm_sim.scenario import load_scenario

FINAL = 2030


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_data(DATA_DIR)


@pytest.fixture(scope="module")
def inputs(embedded: Dataset) -> dict[str, Any]:
    """The baseline's model inputs (the pay-rate paths are levers, the rest funding inputs)."""
    return model_inputs(embedded, load_parameters(), load_scenario("baseline"))


@pytest.fixture(scope="module")
def baseline(embedded: Dataset) -> RunResult:
    return run("baseline", data=embedded, final_year=FINAL, extra_variables=("Pay per FTE",))


def _kinds(f: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    national = f[(f["region"] == "") & (f["subject"] == "")]
    municipal = f[(f["region"] != "") & (f["subject"] == "")]
    by_subject = f[(f["region"] != "") & (f["subject"] != "")]
    return national, municipal, by_subject


def test_wage_bill_is_grant_plus_top_up_everywhere_every_year(baseline: RunResult) -> None:
    national, municipal, _ = _kinds(baseline.funding)
    assert sorted(national["year"]) == list(range(2023, FINAL + 1))
    assert len(municipal) == 42 * len(national)
    for rows in (national, municipal):
        np.testing.assert_allclose(
            rows["wage_bill_eur"], rows["grant_eur"] + rows["top_up_eur"], rtol=1e-12
        )
    sums = municipal.groupby("year")[["wage_bill_eur", "grant_eur", "top_up_eur"]].sum()
    np.testing.assert_allclose(
        national.set_index("year")[sums.columns].to_numpy(), sums.to_numpy(), rtol=1e-12
    )


def test_the_funding_table_is_complete_and_positive(baseline: RunResult) -> None:
    national, municipal, by_subject = _kinds(baseline.funding)
    assert (national["supply_cost_eur"] > 0).all()
    assert municipal["supply_cost_eur"].isna().all() and by_subject["grant_eur"].isna().all()
    assert (municipal["grant_eur"] > 0).all()
    assert (by_subject["wage_bill_eur"] >= 0).all()
    # the grant covers school pedagogues and preschool teachers of 5-6-year-olds only
    whole = by_subject.groupby("year")["wage_bill_eur"].sum()
    assert (national.set_index("year")["wage_bill_eur"] < whole).all()


def test_pay_in_the_month_of_the_published_average_is_that_average(
    baseline: RunResult, embedded: Dataset, inputs: dict[str, Any]
) -> None:
    # 1,478 was measured in Sep 2023 (rate 1,224); the 2023/24 school-year pay carries the
    # January 2024 rise on top: pay = 1,478 x (school-year mean rate / Sep 2023 rate)
    f = embedded.funding
    published = float(f.loc[f["item"] == "average_pay_full_load", "value"].iloc[0])
    assert inputs["Base Lowest Pay"] == pytest.approx(1224.0)
    pay = baseline.arrays["Pay per FTE"][2023.0]
    school = [s for s in embedded.subject_codes if s != "PRE"]
    mean_rate = inputs["Lowest Pay Rate"][2023.0]
    expected = published * mean_rate / inputs["Base Lowest Pay"]
    assert pay.sel(Subject=school).to_numpy() == pytest.approx(expected, rel=1e-9)
    assert expected > published * 1.05  # the Jan 2024 rise is in the school year


def test_a_higher_pay_rate_path_raises_the_wage_bill_and_leaves_fte_unchanged(
    embedded: Dataset, baseline: RunResult, inputs: dict[str, Any]
) -> None:
    higher = inputs["Lowest Pay Rate"] * 1.1
    raised = run(
        "baseline",
        data=embedded,
        final_year=FINAL,
        model_overrides={"Lowest Pay Rate": higher},
    )
    pd.testing.assert_frame_equal(raised.supply_demand, baseline.supply_demand)
    a, b = _kinds(baseline.funding)[2], _kinds(raised.funding)[2]
    school = a["subject"] != "PRE"
    ratio = b.loc[school, "wage_bill_eur"].sum() / a.loc[school, "wage_bill_eur"].sum()
    assert ratio == pytest.approx(1.1, rel=1e-9)
    assert (b["wage_bill_eur"].to_numpy() >= a["wage_bill_eur"].to_numpy()).all()


# --- units ---------------------------------------------------------------------------------

#: The unit every funding variable must carry in the model file.
FUNDING_UNITS = {
    "Months per Year": "Month/Year",
    "Lowest Pay Now": "EUR/(FTE*Month)",
    "Published Average Pay": "EUR/(FTE*Month)",
    "Base Lowest Pay": "EUR/(FTE*Month)",
    "Pay Premium": "Dmnl",
    "Pay per FTE": "EUR/(FTE*Month)",
    "Employer Contribution Now": "Dmnl",
    "Wage Bill": "EUR/Year",
    "Pupil Grant Rate Now": "EUR/(person*Month)",
    "Preschool Children 5 Plus": "person",
    "Grant Scale": "Dmnl",
    "Grant Rate Multiplier Now": "Dmnl",
    "State Grant": "EUR/Year",
    "Preschool 5 Plus Share": "Dmnl",
    "Grant Covered Wage Bill": "EUR/Year",
    "Municipal Top Up": "EUR/Year",
    "Cost per Study Place": "EUR/(person*Year)",
    "Cost per Macitspeks Participant": "EUR/person",
    "Published Funded Study Places": "person",
    "State Funded Place Share": "Dmnl",
    "Funded Study Places": "person",
    "Supply Cost": "EUR/Year",
}


def dims(unit: str) -> dict[str, int]:
    """A unit like ``EUR/(FTE*Month)`` as base units with exponents (``Dmnl`` is empty)."""
    num, _, den = unit.partition("/")
    out: Counter[str] = Counter()
    for part, sign in ((num, 1), (den.strip("()"), -1)):
        for name in re.split(r"\*", part):
            if name.strip() and name.strip() != "Dmnl":
                out[name.strip()] += sign
    return {k: v for k, v in out.items() if v}


def times(*units: str) -> dict[str, int]:
    """The unit of a product, as base units with exponents."""
    total: Counter[str] = Counter()
    for u in units:
        total.update(dims(u))
    return {k: v for k, v in total.items() if v}


@pytest.fixture(scope="module")
def units(mini_data: Dataset) -> dict[str, str]:
    doc = fresh_model(mini_data.directory).doc
    return dict(zip(doc["Real Name"], doc["Units"], strict=True))


def test_every_funding_variable_has_its_money_unit(units: dict[str, str]) -> None:
    wrong = {n: units.get(n) for n, u in FUNDING_UNITS.items() if units.get(n) != u}
    assert not wrong, wrong
    used = set(FUNDING_UNITS.values())
    assert {"EUR/Year", "EUR/(FTE*Month)", "EUR/person"} <= used


def test_the_money_equations_are_dimensionally_consistent(units: dict[str, str]) -> None:
    u = units
    fte = u["Worked FTE"]
    assert fte == "FTE"
    wage = times(fte, u["Pay per FTE"], u["Months per Year"], u["Employer Contribution Now"])
    assert wage == dims(u["Wage Bill"]) == dims("EUR/Year")
    grant = times(
        u["Grant Scale"],
        u["Grant Rate Multiplier Now"],
        u["Months per Year"],
        "person",
        u["Pupil Grant Rate Now"],
    )
    assert grant == dims(u["State Grant"])
    places = times(u["Training Places"], u["Study Duration"], u["Cost per Study Place"])
    assert times(u["Training Places"], u["Study Duration"]) == dims(u["Funded Study Places"])
    assert dims(u["Published Funded Study Places"]) == dims(u["Funded Study Places"])
    mentors = times(u["Macitspeks Entrants"], u["Cost per Macitspeks Participant"])
    assert places == mentors == dims(u["Supply Cost"])
    assert dims("EUR/(FTE*Month)") != dims("EUR/Year")  # the check can fail


def test_supply_cost_pays_the_published_state_funded_places(baseline: RunResult) -> None:
    # the model's places are all teacher-education students (~5,000); the state funds 1,968
    # of them, 100 of which are Macitspeks places paid through its cost per participant
    national, _, _ = _kinds(baseline.funding)
    cost = float(national.set_index("year").loc[2023, "supply_cost_eur"])
    participants = (cost - (1968.0 - 100.0) * 2479.467) / 10000.0
    assert 50.0 <= participants <= 150.0  # the Macitspeks intake, about 100 a year


def test_run_writes_funding_csv_with_the_column_contract(
    baseline: RunResult, tmp_path: Path
) -> None:
    baseline.write(tmp_path / "run")
    written = pd.read_csv(tmp_path / "run" / "funding.csv", keep_default_na=False)
    assert tuple(written.columns) == FUNDING_COLUMNS
    assert len(written) == len(baseline.funding)
    for name in ("supply_demand", "pupils", "preschool", "teachers_by_age"):
        assert (tmp_path / "run" / f"{name}.csv").is_file()

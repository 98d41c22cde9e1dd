"""Timing in the model: births enter at the right year, a fractional pension age acts in part."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.load import load_data
from ikm_sim.inputs import time_path
from ikm_sim.runner import RunResult, run
from tests.conftest import MINI_DATA

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

FINAL = 2032
PENSION_FROM = 2026


def _run(**overrides: object) -> RunResult:
    return run(
        data=MINI_DATA, final_year=FINAL, model_overrides=overrides, extra_variables=("Children",)
    )


def test_the_zero_year_olds_of_every_year_are_that_years_births() -> None:
    data = load_data()  # the embedded data: births go one calendar year past the base year
    base = data.base_year
    result = run(data=data, final_year=2030, extra_variables=("Children", "Births"))
    published = data.births.set_index("year")["births"].astype(float)
    after_base_in_data = 0
    for year, children, births in zip(
        result.arrays["Children"].index,
        result.arrays["Children"],
        result.arrays["Births"],
        strict=True,
    ):
        year = round(float(year))
        zero = children.sel({"Child Age": "C0"}).to_series()
        np.testing.assert_allclose(zero.to_numpy(), births.to_series().to_numpy(), rtol=1e-9)
        if year in published.index:  # nationally: municipalities keep the base year's shares
            assert zero.sum() == pytest.approx(published[year], rel=1e-9)
            after_base_in_data += year > base
    assert after_base_in_data >= 1  # the year the old one-year lag got wrong is checked


def _gap_2030(pension_age: float | None) -> float:
    overrides: dict[str, object] = {}
    if pension_age is not None:
        overrides["Retirement Age"] = time_path({PENSION_FROM - 1: 65.0, PENSION_FROM: pension_age})
    result = _run(**overrides)
    sd = result.supply_demand
    return float(sd.loc[sd["year"] == 2030, "gap_fte"].sum())


def test_a_pension_age_of_65_and_a_half_acts_about_half_as_much_as_66() -> None:
    at_65, at_66 = _gap_2030(65.0), _gap_2030(66.0)
    half = _gap_2030(65.5)
    effect = (at_65 - half) / (at_65 - at_66)
    assert at_65 != pytest.approx(at_66)
    assert 0.4 <= effect <= 0.6


def test_whole_pension_ages_act_as_a_step_at_that_age() -> None:
    result = run(
        data=MINI_DATA,
        final_year=2027,
        model_overrides={"Retirement Age": time_path({2000: 65.0})},
        extra_variables=("Past Pension Age", "Early Retirement Eligible"),
    )
    ages = np.arange(20, 76)
    for name, first in (("Past Pension Age", 65), ("Early Retirement Eligible", 63)):
        values = np.asarray(result.arrays[name].iloc[-1].values, dtype=float)
        expected = (ages >= first).astype(float)
        np.testing.assert_array_equal(values, expected)


def test_a_fractional_pension_age_counts_the_share_of_the_cohort_past_it() -> None:
    result = run(
        data=MINI_DATA,
        final_year=2027,
        model_overrides={"Retirement Age": time_path({2000: 64.75})},
        extra_variables=("Past Pension Age",),
    )
    values = pd.Series(
        np.asarray(result.arrays["Past Pension Age"].iloc[-1].values, dtype=float),
        index=np.arange(20, 76),
    )
    assert values[63] == 0.0
    assert values[64] == pytest.approx(0.25)
    assert values[65] == 1.0

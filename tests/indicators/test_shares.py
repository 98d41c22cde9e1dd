"""The 60+ share, the size-free rates of an area and the guards against a zero base."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ikm_sim.indicators.shares import (
    AGE_BANDS,
    OLDER_AGE,
    area_rates,
    older_teachers,
    percent,
    percent_change,
    ratio,
    share_60plus,
)


def test_share_60plus_counts_teachers_aged_60_and_over(teachers_by_age: pd.DataFrame) -> None:
    assert older_teachers(teachers_by_age, 2023) == (12.0, 52.0)
    assert share_60plus(teachers_by_age, 2023) == pytest.approx(12 / 52)
    assert share_60plus(teachers_by_age, 2024, region="A") == pytest.approx(6 / 20)


def test_share_60plus_is_nan_without_teachers(teachers_by_age: pd.DataFrame) -> None:
    assert math.isnan(share_60plus(teachers_by_age, 2030))
    assert math.isnan(share_60plus(teachers_by_age, 2023, region="nowhere"))


def test_a_zero_base_gives_nan_not_an_error() -> None:
    assert math.isnan(ratio(1.0, 0.0))
    assert math.isnan(percent(1.0, 0.0))
    assert math.isnan(percent_change(5.0, 0.0))
    assert percent(1.0, 8.0) == 12.5
    assert percent_change(90.0, 100.0) == pytest.approx(-10.0)


def test_the_last_age_band_is_the_60_plus_band() -> None:
    assert AGE_BANDS[-1][0] == OLDER_AGE == 60
    assert [low for low, _, _ in AGE_BANDS[1:]] == [high + 1 for _, high, _ in AGE_BANDS[:-1]]


def test_area_rates_in_percent(
    supply_demand: pd.DataFrame, teachers_by_age: pd.DataFrame, pupils: pd.DataFrame
) -> None:
    rates = area_rates(supply_demand, teachers_by_age, pupils, 2024, 2023)
    assert list(rates) == [
        "vacancy_rate",
        "gap_rate",
        "share_60plus",
        "entrants_rate",
        "pupil_change",
    ]
    assert rates["vacancy_rate"] == pytest.approx(100 * 8 / 120)
    assert rates["gap_rate"] == pytest.approx(100 * 56 / 120)
    assert rates["share_60plus"] == pytest.approx(100 * 12 / 52)
    assert rates["entrants_rate"] == pytest.approx(15.0)
    assert rates["pupil_change"] == pytest.approx(-10.0)


def test_area_rates_of_a_year_without_rows_are_nan(
    supply_demand: pd.DataFrame, teachers_by_age: pd.DataFrame, pupils: pd.DataFrame
) -> None:
    rates = area_rates(supply_demand, teachers_by_age, pupils, 2040, 2023)
    assert all(math.isnan(v) for k, v in rates.items() if k != "pupil_change")
    assert rates["pupil_change"] == -100.0
    assert math.isnan(
        area_rates(supply_demand, teachers_by_age, pupils, 2023, 2040)["pupil_change"]
    )

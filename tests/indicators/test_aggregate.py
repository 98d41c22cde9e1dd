"""National and area sums: additive columns add up, the 60+ share is weighted by teachers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ikm_sim.indicators.aggregate import (
    ADDITIVE_COLUMNS,
    area_total,
    by_year_subject,
    national_balance,
    national_pair,
    national_totals,
    side_by_side,
    sum_by,
    teachers_by_age_group,
    teachers_in_year,
    yearly_totals,
)


def test_the_share_is_not_additive() -> None:
    assert "share_60plus" not in ADDITIVE_COLUMNS
    assert ADDITIVE_COLUMNS[0] == "demand_fte" and ADDITIVE_COLUMNS[-1] == "entrants_needed"
    assert not {"year", "region", "subject"} & set(ADDITIVE_COLUMNS)


def test_national_totals_sum_and_weight_the_share(
    supply_demand: pd.DataFrame, pupils: pd.DataFrame
) -> None:
    sd = supply_demand.copy()
    sd.loc[(sd["region"] == "A") & (sd["subject"] == "math"), "share_60plus"] = 0.9
    nat = national_totals(sd, pupils).set_index("year")
    assert list(nat.columns) == [*ADDITIVE_COLUMNS, "share_60plus", "pupils"]
    assert nat.loc[2023, "demand_fte"] == 80.0
    assert nat.loc[2024, "gap_fte"] == 56.0
    assert nat.loc[2023, "teachers"] == 80.0
    # 60+ teachers over all teachers, not the mean of the cells' shares (0.4)
    assert nat.loc[2023, "share_60plus"] == pytest.approx(
        (0.9 * 10 + 0.1 * 10 + 0.5 * 30 + 0.1 * 30) / 80
    )
    assert nat.loc[2024, "pupils"] == 360.0


def test_a_share_is_weighted_by_teachers_and_nan_without_them(
    supply_demand: pd.DataFrame,
) -> None:
    sd = supply_demand.copy()
    sd.loc[(sd["region"] == "A") & (sd["subject"] == "math"), "share_60plus"] = 0.9
    sd.loc[sd["subject"] == "arts", "teachers"] = 0.0
    out = sum_by(sd, ["year", "subject"])
    assert out.loc[(2023, "math"), "share_60plus"] == pytest.approx((0.9 * 10 + 0.5 * 30) / 40)
    assert math.isnan(out.loc[(2023, "arts"), "share_60plus"])
    assert out.loc[(2023, "math"), "demand_fte"] == 40.0


def test_area_total_labels_the_sum_of_its_members(
    supply_demand: pd.DataFrame, pupils: pd.DataFrame
) -> None:
    area = area_total(supply_demand, ["B"], ["year", "subject"], "PR:East")
    assert list(area.columns) == list(supply_demand.columns)
    assert set(area["region"]) == {"PR:East"}
    assert len(area) == 4
    assert area["demand_fte"].iloc[0] == 30.0
    both = area_total(pupils, ["A", "B"], ["year", "grade"], "LV")
    assert both.set_index("year")["pupils"].to_dict() == {2023: 400.0, 2024: 360.0}


def test_balance_gap_is_demand_minus_supply(supply_demand: pd.DataFrame) -> None:
    bal = national_balance(supply_demand)
    assert list(bal.columns) == ["year", "demand_fte", "supply_fte", "gap_fte"]
    assert bal["gap_fte"].tolist() == [16.0, 56.0]
    assert yearly_totals(supply_demand, ["vacancies_fte"])["vacancies_fte"].tolist() == [8.0, 8.0]


def test_sums_by_year_and_subject_nationally_or_in_one_municipality(
    supply_demand: pd.DataFrame,
) -> None:
    national = by_year_subject(supply_demand, "vacancies_fte")
    assert list(national.columns) == ["year", "subject", "vacancies_fte"]
    assert national["vacancies_fte"].tolist() == [4.0, 4.0, 4.0, 4.0]
    assert by_year_subject(supply_demand, "vacancies_fte", "B")["vacancies_fte"].sum() == 12.0


def test_teachers_in_one_year_by_age(teachers_by_age: pd.DataFrame) -> None:
    ages = teachers_in_year(teachers_by_age, 2023).set_index("age")["teachers"]
    assert ages.to_dict() == {25: 12.0, 45: 24.0, 59: 4.0, 60: 4.0, 70: 8.0}
    by_subject = teachers_in_year(teachers_by_age, 2023, region="A", by_subject=True)
    assert list(by_subject.columns) == ["age", "subject", "teachers"]
    assert by_subject["teachers"].sum() == 20.0


def test_age_groups_of_the_downloads(teachers_by_age: pd.DataFrame) -> None:
    groups = teachers_by_age_group(teachers_by_age)
    one = groups[(groups["year"] == 2023) & (groups["region"] == "A")]
    one = one[one["subject"] == "math"].set_index("age_group")["teachers"]
    assert one.to_dict() == {"<30": 2.0, "30-49": 4.0, "50-59": 1.0, "60+": 3.0}


def test_two_runs_side_by_side(supply_demand: pd.DataFrame) -> None:
    edited = supply_demand.assign(supply_fte=supply_demand["supply_fte"] + 1.0)
    edited["gap_fte"] = edited["demand_fte"] - edited["supply_fte"]
    table = side_by_side(supply_demand, edited, ["year"], ["gap_fte", "supply_fte"])
    assert list(table.columns) == [
        "year",
        "gap_fte_a",
        "gap_fte_b",
        "gap_fte_diff",
        "supply_fte_a",
        "supply_fte_b",
        "supply_fte_diff",
    ]
    assert table["gap_fte_diff"].tolist() == [-4.0, -4.0]  # +1 FTE in each of 4 cells
    pair = national_pair(supply_demand, edited).set_index("year")
    assert pair.loc[2024, "gap_fte_diff"] == -4.0
    assert pair.loc[2024, "vacancies_fte_diff"] == 0.0
    assert pair.loc[2024, "demand_fte_a"] == 120.0

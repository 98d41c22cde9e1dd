"""The near term and the cards' figures on a small synthetic frame, checked by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.indicators.kpis import Kpi, area_kpis, kpi, yearly_totals
from ikm_sim.indicators.near_term import (
    MEASURES,
    NEAR_TERM_YEARS,
    PROBABILITY,
    by_subject_and_year,
    current_school_year,
    first_forecast_year,
    near_term_start,
    near_term_table,
    near_term_years,
    planning_year,
    scenario_difference,
    shortage_share,
    with_probability,
)
from ikm_sim.settings import PLANNING_YEAR

#: Eight years from the data's last: the base year and seven forecast years.
YEARS = list(range(BASE_YEAR, BASE_YEAR + 8))


def _frame() -> pd.DataFrame:
    """Two municipalities × two subjects × `YEARS`; each value tells its cell apart."""
    rows = []
    for r, region in enumerate(("LV1", "LV2")):
        for s, subject in enumerate(("MAT", "MUZ")):
            for i, year in enumerate(YEARS):
                demand = 100.0 * (r + 1) + 10 * s + i
                supply = demand - (1 + s + i)
                rows.append(
                    {
                        "year": year,
                        "region": region,
                        "subject": subject,
                        "demand_fte": demand,
                        "supply_fte": supply,
                        "gap_fte": demand - supply,
                        "vacancies_fte": 0.5 * (demand - supply),
                        "entrants_needed": float(i),
                        "teachers": supply * 1.1,
                    }
                )
    return pd.DataFrame(rows)


#: A day of the school year after the data's last: the near term starts right after the data.
SOON = date(BASE_YEAR + 1, 10, 1)


def test_near_term_years_start_after_the_data() -> None:
    years = near_term_years(YEARS, today=SOON)
    assert years == list(range(BASE_YEAR + 1, BASE_YEAR + 1 + NEAR_TERM_YEARS))
    assert first_forecast_year(YEARS) == BASE_YEAR + 1
    assert first_forecast_year(reversed(YEARS)) == BASE_YEAR + 1
    assert near_term_years(YEARS, n=2, today=SOON) == [BASE_YEAR + 1, BASE_YEAR + 2]
    # a run ending sooner gives fewer years; only the base year: none, and its last year
    assert near_term_years(YEARS[:3], today=SOON) == YEARS[1:3]
    assert near_term_years([BASE_YEAR]) == []
    assert first_forecast_year([BASE_YEAR]) == BASE_YEAR
    with pytest.raises(ValueError, match="no years"):
        first_forecast_year([])


def test_the_near_term_starts_with_todays_school_year() -> None:
    # a school year starts on 1 September
    assert current_school_year(date(2026, 12, 7)) == 2026
    assert current_school_year(date(2027, 8, 31)) == 2026
    assert current_school_year(date(2027, 9, 1)) == 2027
    # years between the data's last and today are forecast, but past for a planner
    later = date(BASE_YEAR + 3, 12, 7)
    assert near_term_start(YEARS, today=later) == BASE_YEAR + 3
    assert near_term_years(YEARS, today=later) == list(range(BASE_YEAR + 3, BASE_YEAR + 8))
    assert near_term_years(YEARS, n=2, today=later) == [BASE_YEAR + 3, BASE_YEAR + 4]
    # before the data's end: from the first forecast year; after the run's end: its last year
    assert near_term_start(YEARS, today=date(BASE_YEAR - 5, 1, 1)) == BASE_YEAR + 1
    assert near_term_start(YEARS, today=date(BASE_YEAR + 30, 1, 1)) == YEARS[-1]
    assert near_term_years(YEARS, today=date(BASE_YEAR + 30, 1, 1)) == [YEARS[-1]]


def test_near_term_table_sums_the_area_by_year_and_subject() -> None:
    frame = _frame()
    years = near_term_years(YEARS, today=SOON)
    table = near_term_table(frame, years, region="PR:Kurzeme")
    assert list(table.columns) == ["year", "region", "subject", *MEASURES]
    assert len(table) == len(years) * 2
    assert sorted(table["year"].unique()) == years
    row = table[(table["year"] == BASE_YEAR + 2) & (table["subject"] == "MUZ")].iloc[0]
    # i = 2, s = 1: demand 100 + 10 + 2 and 200 + 10 + 2; gap 1 + 1 + 2 in each municipality
    assert row["demand_fte"] == pytest.approx(112 + 212)
    assert row["gap_fte"] == pytest.approx(2 * 4)
    assert row["vacancies_fte"] == pytest.approx(4)
    assert row["entrants_needed"] == pytest.approx(4)
    assert row["region"] == "PR:Kurzeme"
    assert "region" not in near_term_table(frame, years).columns


def test_by_subject_and_year_puts_the_largest_first() -> None:
    table = near_term_table(_frame(), near_term_years(YEARS, today=SOON))
    wide = by_subject_and_year(table, "gap_fte")
    assert list(wide.index) == ["MUZ", "MAT"]  # MUZ's gap is one FTE larger every year
    assert list(wide.columns) == near_term_years(YEARS, today=SOON)
    assert wide.loc["MAT", BASE_YEAR + 1] == pytest.approx(2 * 2)


def test_shortage_share_counts_samples_over_the_threshold() -> None:
    demand = np.full((4, 2), 100.0)
    gap = np.array([[1.0, 6.0], [6.0, 6.0], [5.0, 0.0], [7.0, -3.0]])
    # over 5 % of demand (strictly): 2 of 4 samples in the first cell, 2 of 4 in the second
    assert shortage_share(gap, demand, 0.05).tolist() == [0.5, 0.5]
    assert shortage_share(gap, demand, 0.0).tolist() == [1.0, 0.5]
    with pytest.raises(ValueError, match="differ in shape"):
        shortage_share(gap, demand[:, :1], 0.05)
    with pytest.raises(ValueError, match="no samples"):
        shortage_share(gap[:0], demand[:0], 0.05)


def test_with_probability_joins_each_cell() -> None:
    table = near_term_table(_frame(), near_term_years(YEARS, n=2, today=SOON))
    cells = pd.DataFrame(
        {"year": [BASE_YEAR + 1], "subject": ["MAT"], "region": ["LV1"], PROBABILITY: [0.25]}
    )
    joined = with_probability(table, cells)
    assert len(joined) == len(table)
    hit = joined[(joined["year"] == BASE_YEAR + 1) & (joined["subject"] == "MAT")]
    assert hit[PROBABILITY].tolist() == [0.25]
    assert joined[PROBABILITY].isna().sum() == len(table) - 1
    assert with_probability(table, None) is table


def test_scenario_difference_is_b_minus_a() -> None:
    frame = _frame()
    years = near_term_years(YEARS, n=1, today=SOON)
    a = near_term_table(frame, years)
    edited = frame.assign(vacancies_fte=frame["vacancies_fte"] + 3.0)
    b = near_term_table(edited[edited["subject"] == "MAT"], years)
    diff = scenario_difference(a, b, ["vacancies_fte", "gap_fte"])
    mat = diff[diff["subject"] == "MAT"].iloc[0]
    assert mat["vacancies_fte_diff"] == pytest.approx(2 * 3.0)  # two municipalities
    assert mat["gap_fte_diff"] == pytest.approx(0.0)
    muz = diff[diff["subject"] == "MUZ"].iloc[0]  # missing in B: counted as 0 there
    assert muz["vacancies_fte_b"] == 0.0
    assert muz["vacancies_fte_diff"] == pytest.approx(-muz["vacancies_fte_a"])


def test_kpis_of_a_chosen_year() -> None:
    frame = _frame()
    pupils = pd.DataFrame(
        {"year": YEARS, "region": "LV1", "pupils": [1000 - 10 * i for i in range(8)]}
    )
    year = BASE_YEAR + 3
    figures = area_kpis(frame, pupils, year, BASE_YEAR)
    # gap per cell 1 + s + i: at i = 3 4 and 5 in each of two municipalities; at i = 0 1 and 2
    assert figures["gap"] == Kpi(18.0, 18.0 - 6.0)
    assert figures["vacancies"] == Kpi(9.0, 6.0)
    assert figures["pupils"] == Kpi(970.0, -30.0)
    assert set(figures) == {"vacancies", "teachers", "pupils", "demand", "supply", "gap"}
    assert kpi(yearly_totals(pupils, "pupils"), BASE_YEAR + 99, BASE_YEAR) == Kpi(0.0, -1000.0)
    assert "teachers" not in area_kpis(frame.drop(columns="teachers"), pupils, year, BASE_YEAR)


def test_subject_ranking_puts_the_largest_gap_first() -> None:
    from ikm_sim.indicators.near_term import subject_ranking

    ranking = subject_ranking(_frame(), BASE_YEAR + 1)
    assert list(ranking["subject"]) == ["MUZ", "MAT"]
    assert list(ranking["rank"]) == [1, 2]
    # i = 1: MUZ gap 1 + 1 + 1 = 3 in each municipality, demand 111 + 211
    assert ranking.loc[0, "gap_fte"] == pytest.approx(6.0)
    assert ranking.loc[0, "gap_share"] == pytest.approx(6.0 / 322.0)
    assert subject_ranking(_frame(), BASE_YEAR + 99).empty


def test_the_planning_year_is_kept_inside_the_run() -> None:
    assert planning_year(range(2023, 2051)) == PLANNING_YEAR
    assert planning_year([2023, 2024, 2025]) == 2025
    assert planning_year(range(2031, 2040)) == 2031

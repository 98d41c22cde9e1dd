"""A small synthetic set of result tables: two years, two municipalities, two subjects."""

from __future__ import annotations

import pandas as pd
import pytest

from ikm_sim.results_schema import (
    PUPILS_COLUMNS,
    SUPPLY_DEMAND_COLUMNS,
    TEACHERS_BY_AGE_COLUMNS,
)


@pytest.fixture
def supply_demand() -> pd.DataFrame:
    rows = []
    for year, grow in ((2023, 1.0), (2024, 1.5)):
        for region, size in (("A", 1.0), ("B", 3.0)):
            for subject, share in (("math", 0.5), ("arts", 0.1)):
                demand = 10.0 * size * grow
                supply = 8.0 * size
                rows.append(
                    {
                        "year": year,
                        "region": region,
                        "subject": subject,
                        "demand_fte": demand,
                        "supply_fte": supply,
                        "gap_fte": demand - supply,
                        "vacancies_fte": 1.0 * size,
                        "hires": 2.0,
                        "leavers": 1.0,
                        "retirements": 0.5,
                        "teachers": 10.0 * size,
                        "share_60plus": share,
                        "entrants_needed": 3.0,
                    }
                )
    return pd.DataFrame(rows)[list(SUPPLY_DEMAND_COLUMNS)]


@pytest.fixture
def teachers_by_age() -> pd.DataFrame:
    rows = [
        (year, region, subject, age, n)
        for year in (2023, 2024)
        for region, scale in (("A", 1), ("B", 2))
        for subject in ("math", "arts")
        for age, n in ((25, 2.0 * scale), (45, 4.0 * scale), (59, 1.0), (60, 1.0), (70, 2.0))
    ]
    return pd.DataFrame(rows, columns=list(TEACHERS_BY_AGE_COLUMNS))


@pytest.fixture
def pupils() -> pd.DataFrame:
    rows = [
        (2023, "A", 1, 100.0),
        (2023, "B", 1, 300.0),
        (2024, "A", 1, 90.0),
        (2024, "B", 1, 270.0),
    ]
    return pd.DataFrame(rows, columns=list(PUPILS_COLUMNS))

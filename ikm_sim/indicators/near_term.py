"""The near term: the coming school years, year by year, by subject.

The first forecast year is the school year after the data's last (`BASE_YEAR`). The near term is
the `NEAR_TERM_YEARS` school years from the school year under way today (`current_school_year`;
a school year starts on 1 September), or from the first forecast year when that is later: the
data end years before today, and the years between are forecast too, but past for a planner.
From the tidy ``supply_demand`` table of an area (one municipality, or every municipality of a
planning region) this module gives the year-by-subject table of demand, supply, gap, vacancies
and new teachers needed, the same as a wide subject-by-year table of one measure, and, from an
ensemble's samples, the share of samples in which the gap exceeds a share of demand (the
probability of a shortage).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.settings import PLANNING_YEAR

#: How many school years the near term holds.
NEAR_TERM_YEARS = 5
#: Measures of the near-term table, in its column order.
MEASURES = ("demand_fte", "supply_fte", "gap_fte", "vacancies_fte", "entrants_needed")
#: Column of the shortage probability (share of samples, 0–1).
PROBABILITY = "p_shortage"


def first_forecast_year(years: Iterable[int], base_year: int = BASE_YEAR) -> int:
    """The first school year after `base_year` among `years` (the last year if none is).

    Parameters
    ----------
    years : iterable of int
        Years of a run (school years by the calendar year they start in).
    base_year : int
        The data's last school year.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If `years` is empty.
    """
    ordered = sorted(int(y) for y in years)
    if not ordered:
        raise ValueError("no years")
    later = [y for y in ordered if y > base_year]
    return later[0] if later else ordered[-1]


def current_school_year(today: date | None = None) -> int:
    """The school year under way on `today` (by the calendar year it starts in, 1 September).

    Parameters
    ----------
    today : datetime.date, optional
        The day; default the machine's date.

    Returns
    -------
    int
        2026 for any day from 1 September 2026 to 31 August 2027.
    """
    day = today or date.today()
    return day.year if day.month >= 9 else day.year - 1


def planning_year(years: Iterable[int]) -> int:
    """`settings.PLANNING_YEAR`, or the run's nearest year if the run does not reach it.

    Parameters
    ----------
    years : iterable of int
        Years of a run (not empty).

    Returns
    -------
    int
    """
    ordered = sorted({int(y) for y in years})
    return min(max(ordered[0], PLANNING_YEAR), ordered[-1])


def near_term_start(
    years: Iterable[int], base_year: int = BASE_YEAR, today: date | None = None
) -> int:
    """The first school year of the near term: today's, or the first forecast year if later.

    Parameters
    ----------
    years : iterable of int
        Years of a run.
    base_year : int
        The data's last school year.
    today : datetime.date, optional
        The day (`current_school_year`).

    Returns
    -------
    int
        A year of `years` (the last one when the run ends before today's school year).

    Raises
    ------
    ValueError
        If `years` is empty.
    """
    ordered = sorted({int(y) for y in years})
    first = first_forecast_year(ordered, base_year)
    wanted = max(first, current_school_year(today))
    later = [y for y in ordered if y >= wanted]
    return later[0] if later else ordered[-1]


def near_term_years(
    years: Iterable[int],
    n: int = NEAR_TERM_YEARS,
    base_year: int = BASE_YEAR,
    today: date | None = None,
) -> list[int]:
    """The `n` school years of the near term among `years` (from `near_term_start`), ascending.

    Parameters
    ----------
    years : iterable of int
        Years of a run.
    n : int
        How many years.
    base_year : int
        The data's last school year.
    today : datetime.date, optional
        The day (`current_school_year`).

    Returns
    -------
    list of int
        At most `n` forecast years (fewer when the run ends sooner; none without forecast years).
    """
    ordered = sorted(y for y in {int(v) for v in years} if y > base_year)
    if not ordered:
        return []
    start = near_term_start(ordered, base_year, today)
    return [y for y in ordered if y >= start][:n]


def near_term_table(
    supply_demand: pd.DataFrame, years: Sequence[int], region: str | None = None
) -> pd.DataFrame:
    """Demand, supply, gap, vacancies and new teachers needed per year and subject.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        Rows of the ``supply_demand`` result table of one area (summed over its
        municipalities).
    years : sequence of int
        The years to keep (`near_term_years`).
    region : str, optional
        Code written into a ``region`` column (the area's code); None: no such column.

    Returns
    -------
    pandas.DataFrame
        ``year``, [``region``,] ``subject`` and `MEASURES` (those the table has), sorted by
        year and subject.
    """
    rows = supply_demand[supply_demand["year"].isin([int(y) for y in years])]
    measures = [m for m in MEASURES if m in rows.columns]
    table = rows.groupby(["year", "subject"], observed=True, as_index=False)[measures].sum()
    table["year"] = table["year"].astype(int)
    table["subject"] = table["subject"].astype(str)
    table = table.sort_values(["year", "subject"], ignore_index=True)
    if region is not None:
        table.insert(1, "region", region)
    return table


def by_subject_and_year(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure of a near-term table as subjects × years, the largest total first.

    Parameters
    ----------
    table : pandas.DataFrame
        `near_term_table` (or any table with ``year``, ``subject`` and `measure`).
    measure : str
        The column to spread.

    Returns
    -------
    pandas.DataFrame
        Index: subject codes; columns: years; missing cells 0.
    """
    wide = table.pivot_table(
        index="subject", columns="year", values=measure, aggfunc="sum", fill_value=0.0
    )
    order = wide.sum(axis=1).sort_values(ascending=False, kind="stable").index
    wide = wide.loc[order]
    wide.columns = [int(c) for c in wide.columns]
    return wide


def shortage_share(gap: np.ndarray, demand: np.ndarray, share: float) -> np.ndarray:
    """Share of samples whose gap exceeds `share` of demand, per cell.

    Parameters
    ----------
    gap, demand : numpy.ndarray
        Samples on the first axis (same shapes).
    share : float
        Threshold as a share of demand (e.g. 0.05).

    Returns
    -------
    numpy.ndarray
        The first axis reduced: values between 0 and 1.

    Raises
    ------
    ValueError
        If the shapes differ or there are no samples.
    """
    if gap.shape != demand.shape:
        raise ValueError(f"gap {gap.shape} and demand {demand.shape} differ in shape")
    if gap.shape[0] == 0:
        raise ValueError("no samples")
    return np.asarray((gap > share * demand).mean(axis=0), dtype=float)


def with_probability(table: pd.DataFrame, cells: pd.DataFrame | None) -> pd.DataFrame:
    """The near-term `table` with the `PROBABILITY` of each year and subject beside it.

    Parameters
    ----------
    table : pandas.DataFrame
        `near_term_table` of one municipality.
    cells : pandas.DataFrame or None
        ``year``, ``subject`` and `PROBABILITY` of that municipality (None: no ensemble;
        the table is returned unchanged).

    Returns
    -------
    pandas.DataFrame
        A cell the ensemble does not cover gets NaN.
    """
    if cells is None:
        return table
    keep = cells[["year", "subject", PROBABILITY]].astype({"year": int, "subject": str})
    return table.merge(keep, on=["year", "subject"], how="left")


def scenario_difference(a: pd.DataFrame, b: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """Two scenarios' near-term tables side by side: each measure in A, in B and B − A.

    Parameters
    ----------
    a, b : pandas.DataFrame
        `near_term_table` of one area in scenario A (compared with) and B.
    measures : sequence of str
        Measures to compare (columns of both tables).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``subject`` and for each measure ``<measure>_a``, ``<measure>_b`` and
        ``<measure>_diff``; a row missing on one side counts as 0 there.
    """
    keys = ["year", "subject"]
    left = a[[*keys, *measures]].set_index(keys).add_suffix("_a")
    right = b[[*keys, *measures]].set_index(keys).add_suffix("_b")
    both = left.join(right, how="outer").fillna(0.0)
    out = pd.DataFrame(index=both.index)
    for m in measures:
        out[f"{m}_a"] = both[f"{m}_a"]
        out[f"{m}_b"] = both[f"{m}_b"]
        out[f"{m}_diff"] = both[f"{m}_b"] - both[f"{m}_a"]
    return out.reset_index().sort_values(keys, ignore_index=True)


def subject_ranking(supply_demand: pd.DataFrame, year: int) -> pd.DataFrame:
    """The subjects ranked by their gap in `year`, largest shortage first.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        Rows of the ``supply_demand`` table (nationally every municipality, or one area).
    year : int
        The school year.

    Returns
    -------
    pandas.DataFrame
        ``rank`` (1 = largest gap), ``subject``, ``gap_fte``, ``vacancies_fte``,
        ``demand_fte`` and ``gap_share`` (gap / demand; NaN without demand).
    """
    rows = supply_demand[supply_demand["year"] == year]
    sums = rows.groupby("subject", observed=True)[["gap_fte", "vacancies_fte", "demand_fte"]].sum()
    sums = sums.sort_values("gap_fte", ascending=False, kind="stable").reset_index()
    sums["subject"] = sums["subject"].astype(str)
    demand = sums["demand_fte"].where(sums["demand_fte"] > 0)
    sums["gap_share"] = sums["gap_fte"] / demand
    sums.insert(0, "rank", range(1, len(sums) + 1))
    return sums

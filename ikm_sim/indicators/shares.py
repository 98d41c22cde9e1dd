"""Shares and rates: the 60+ share, age bands, and the rates that compare areas of any size."""

from __future__ import annotations

import pandas as pd

#: The age from which a teacher counts in the 60+ share.
OLDER_AGE = 60
#: Age bands of teachers (inclusive bounds) with their short labels; the last is the 60+ band.
AGE_BANDS = ((0, 29, "<30"), (30, 49, "30-49"), (50, 59, "50-59"), (OLDER_AGE, 200, "60+"))
#: The interface text (`ikm_sim.locale` key) of each age band's short label, in words.
AGE_BAND_TEXTS = {
    "<30": "age_under_30",
    "30-49": "age_30_49",
    "50-59": "age_50_59",
    "60+": "age_60_plus",
}
#: Share columns of ``supply_demand`` -> the column that weighs them when cells are summed.
SHARE_WEIGHTS = {"share_60plus": "teachers"}

_NAN = float("nan")


def ratio(part: float, whole: float) -> float:
    """``part / whole``, or NaN when `whole` is not positive (e.g. an area without teachers)."""
    return part / whole if whole > 0 else _NAN


def percent(part: float, whole: float) -> float:
    """``100 * part / whole``, or NaN when `whole` is not positive."""
    return 100 * part / whole if whole > 0 else _NAN


def percent_change(now: float, then: float) -> float:
    """The change from `then` to `now` in percent, or NaN when `then` is not positive."""
    return 100 * (now / then - 1) if then > 0 else _NAN


def older_teachers(
    teachers_by_age: pd.DataFrame, year: int, region: str | None = None
) -> tuple[float, float]:
    """Teachers aged `OLDER_AGE` or more, and all teachers, in `year` (persons).

    Parameters
    ----------
    teachers_by_age : pandas.DataFrame
        The ``teachers_by_age`` result table (or an area's, `ikm_sim.indicators.aggregate`).
    year : int
        School year (by the calendar year it starts in).
    region : str, optional
        ATVK code; None for every row of the table.

    Returns
    -------
    tuple of (float, float)
        ``(aged 60+, all)``.
    """
    df = teachers_by_age[teachers_by_age["year"] == year]
    if region is not None:
        df = df[df["region"] == region]
    return float(df.loc[df["age"] >= OLDER_AGE, "teachers"].sum()), float(df["teachers"].sum())


def share_60plus(teachers_by_age: pd.DataFrame, year: int, region: str | None = None) -> float:
    """Share of teachers aged 60 or more in `year` (nationally or in one municipality).

    Parameters
    ----------
    teachers_by_age : pandas.DataFrame
        The ``teachers_by_age`` result table.
    year : int
        Contract year.
    region : str, optional
        ATVK code; None for all of Latvia.

    Returns
    -------
    float
        Share between 0 and 1 (NaN when there are no teachers).
    """
    return ratio(*older_teachers(teachers_by_age, year, region))


def area_rates(
    supply_demand: pd.DataFrame,
    teachers_by_age: pd.DataFrame,
    pupils: pd.DataFrame,
    year: int,
    first: int,
) -> dict[str, float]:
    """Rates of an area that do not depend on its size, in percent.

    Parameters
    ----------
    supply_demand, teachers_by_age, pupils : pandas.DataFrame
        The area's result tables (all rows count).
    year : int
        School year of the rates.
    first : int
        Base year of the change of pupils.

    Returns
    -------
    dict of str to float
        ``vacancy_rate`` and ``gap_rate`` (of demand), ``share_60plus`` (of teachers),
        ``entrants_rate`` (new teachers needed per teacher) and ``pupil_change`` (since
        `first`); NaN where the base is zero.
    """
    now = supply_demand[supply_demand["year"] == year]
    demand = float(now["demand_fte"].sum())
    p_now = float(pupils.loc[pupils["year"] == year, "pupils"].sum())
    p_first = float(pupils.loc[pupils["year"] == first, "pupils"].sum())
    return {
        "vacancy_rate": percent(float(now["vacancies_fte"].sum()), demand),
        "gap_rate": percent(float(now["gap_fte"].sum()), demand),
        "share_60plus": percent(*older_teachers(teachers_by_age, year)),
        "entrants_rate": percent(float(now["entrants_needed"].sum()), float(now["teachers"].sum())),
        "pupil_change": percent_change(p_now, p_first),
    }

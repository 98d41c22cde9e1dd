"""Naive forecasts the backtest compares the model with: no change, and cohort ratios.

Both use only what is known at the origin O: the published values up to O and the origin's
own data (`ikm_sim.state.origin.origin_dataset`), plus the calendar births, which every
forecast here takes as observed (as the model's backtest does).

- **No change**: every series keeps its last published value at or before O.
- **Cohort ratio**: first-graders in O + k = births in O + k − 7 × the entry ratio, the last
  known grade-1 pupils per birth seven years earlier (the latest published grade-1 count at or
  before O; without one, grade 1 of the origin's pupils table, of the latest year with births
  seven years before it). Pupils 1–12 in O + k = the last pupils-per-birth × the births of the
  twelve cohorts in school in O + k (born O + k − 18 … O + k − 7), the ratio being the latest
  published pupils 1–12 at or before O over the births of its twelve cohorts. The data's
  births start in 2000, so that ratio exists only from 2018 on; for earlier origins the
  origin's grades 1 … 12 − k are carried up k grades unchanged (progression ratio 1) and the
  k new grade-1 cohorts of O + 1 … O + k added, each births × the entry ratio.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.state.origin import national_grades

#: School-entry lag: first-graders of school year Y were born in calendar year Y - 7.
ENTRY_LAG = 7
GRADES = 12


#: A no-change forecast holds the last published value only when it is this many years old
#: at most at the origin: holding a value published ten years earlier (the pedagogues of 2013,
#: the next point 2023) is no forecast anyone would make, and made the model look far better.
MAX_NAIVE_AGE = 1


def no_change(known: pd.DataFrame, origin: int, leads: Sequence[int]) -> pd.DataFrame:
    """The last published value at or before `origin`, held for every lead.

    A quantity whose last value before `origin` is older than `MAX_NAIVE_AGE` years has no
    no-change forecast (and so no MASE).

    Parameters
    ----------
    known : pandas.DataFrame
        Observations (``quantity, year, value``, `ikm_sim.calibration.targets.observations`).
    origin : int
        The forecast origin.
    leads : sequence of int
        Lead times in years.

    Returns
    -------
    pandas.DataFrame
        Index ``origin + k``, one column per quantity with a value at or before `origin`.
    """
    past = known[(known["year"] <= origin) & (known["year"] >= origin - MAX_NAIVE_AGE)]
    last = past.sort_values("year").groupby("quantity")["value"].last()
    years = [origin + k for k in leads]
    return pd.DataFrame({q: [float(v)] * len(years) for q, v in last.items()}, index=years)


def entry_ratio(known: pd.DataFrame, state: Dataset, origin: int) -> float:
    """Grade-1 pupils per birth seven years earlier, as last known at `origin`.

    Parameters
    ----------
    known : pandas.DataFrame
        Observations (``quantity, year, value``).
    state : Dataset
        The data as known at `origin` (its births and pupils).
    origin : int
        The forecast origin.

    Returns
    -------
    float
        The ratio, NaN without any grade-1 count whose birth year is in the data.
    """
    births = state.births.set_index("year")["births"].astype(float)
    g1 = known[(known["quantity"] == "pupils_grade_1") & (known["year"] <= origin)]
    published = {int(y): float(v) for y, v in zip(g1["year"], g1["value"], strict=True)}
    usable = [y for y in published if y - ENTRY_LAG in births.index]
    if usable:
        year = max(usable)
        return published[year] / float(births[year - ENTRY_LAG])
    table = [
        int(y) for y in set(state.pupils["year"]) if y <= origin and y - ENTRY_LAG in births.index
    ]
    if not table:
        return float("nan")
    year = max(table)
    return float(national_grades(state, year)[0]) / float(births[year - ENTRY_LAG])


def pupils_per_birth(known: pd.DataFrame, births: pd.Series, origin: int) -> float:
    """The latest published pupils 1-12 at or before `origin` per birth of its 12 cohorts.

    Parameters
    ----------
    known : pandas.DataFrame
        Observations (``quantity, year, value``).
    births : pandas.Series
        Calendar births by year.
    origin : int
        The forecast origin.

    Returns
    -------
    float
        NaN when no such year has the births of all twelve cohorts in the data.
    """
    rows = known[(known["quantity"] == "pupils_total") & (known["year"] <= origin)]
    for year, value in sorted(zip(rows["year"], rows["value"], strict=True), reverse=True):
        cohorts = _cohort_births(births, int(year))
        if np.isfinite(cohorts) and cohorts > 0:
            return float(value) / cohorts
    return float("nan")


def _cohort_births(births: pd.Series, year: int) -> float:
    """Births of the twelve cohorts in grades 1-12 in school year `year` (NaN if one is missing)."""
    years = range(year - ENTRY_LAG - GRADES + 1, year - ENTRY_LAG + 1)
    if not all(y in births.index for y in years):
        return float("nan")
    return float(sum(births[y] for y in years))


def cohort_ratio(
    known: pd.DataFrame, state: Dataset, origin: int, leads: Sequence[int]
) -> pd.DataFrame:
    """First-graders and pupils 1-12 from births and the last entry ratio (module docstring).

    Parameters
    ----------
    known : pandas.DataFrame
        Observations (``quantity, year, value``).
    state : Dataset
        The data as known at `origin`, with its pupils of `origin`.
    origin : int
        The forecast origin.
    leads : sequence of int
        Lead times in years.

    Returns
    -------
    pandas.DataFrame
        Index ``origin + k``; columns ``pupils_grade_1`` and ``pupils_total`` (NaN where a
        birth year or the origin's pupils are missing).
    """
    births = state.births.set_index("year")["births"].astype(float)
    ratio = entry_ratio(known, state, origin)
    per_birth = pupils_per_birth(known, births, origin)
    grades = national_grades(state, origin)
    has_grades = bool((state.pupils["year"] == origin).any())

    def entrants(year: int) -> float:
        b = births.get(year - ENTRY_LAG)
        return float(b) * ratio if b is not None else np.nan

    rows = {}
    for k in leads:
        if np.isfinite(per_birth):
            total = per_birth * _cohort_births(births, origin + k)
        else:
            carried = float(grades[: max(GRADES - k, 0)].sum()) if has_grades else np.nan
            total = carried + sum(
                entrants(origin + j) for j in range(max(1, k - GRADES + 1), k + 1)
            )
        rows[origin + k] = {"pupils_grade_1": entrants(origin + k), "pupils_total": total}
    return pd.DataFrame.from_dict(rows, orient="index")

"""The grade-1 entry ratio: a level from published points only, and its year-to-year noise.

The entry ratio is the number of first-graders in school year *y* per birth of calendar year
*y* − 7 (children start school in the year they turn seven). The published national points
(``pupils_grade_1`` of the history and published totals, over the data's births) behave like
noise around one level with no trend that the few points could support: 1.019, 1.006, 0.990
and 0.983 in 2018, 2019, 2021 and 2023 on the embedded data. So a run takes:

* **the level**: the mean of the published ratios of the `WINDOW` school years up to the base
  year (the synthesized grade cells of the pupils table only spread it over municipalities,
  `ikm_sim.inputs`); with fewer than `MIN_POINTS` published points, the pupils table's
  own national ratios of those years stand in (and the level is marked as not published);
* **the deviation**: ``Entry Ratio Deviation(Time)`` in the model, 1 in a deterministic run;
  the uncertainty ensemble draws it around 1 with the published ratios' standard deviation
  (`EntryLevel.sd`, at least `MIN_SD`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset

#: School years up to the base year whose published ratios make the level.
WINDOW = 6
#: Fewest published points that make a level (fewer: the pupils table's ratios).
MIN_POINTS = 1
#: Smallest relative standard deviation of the year-to-year noise (rounding of two counts).
MIN_SD = 0.005
#: Series of first-graders in the history and published totals.
SERIES = "pupils_grade_1"
PATH_YEARS = np.arange(2000, 2101)


@dataclass(frozen=True)
class EntryLevel:
    """The national entry ratio around a base year.

    Attributes
    ----------
    level : float
        Mean ratio of the window (1 without any data).
    sd : float
        Relative standard deviation of the ratios around the level (at least `MIN_SD`).
    years : tuple of int
        School years the level was taken from.
    ratios : tuple of float
        The national ratios of those years.
    published : bool
        True when the level rests on published points, False when the pupils table stood in.
    """

    level: float
    sd: float
    years: tuple[int, ...]
    ratios: tuple[float, ...]
    published: bool


def _births(data: Dataset) -> pd.Series:
    return data.births.set_index("year")["births"].astype(float)


def published_ratios(data: Dataset) -> pd.Series:
    """Published national first-graders per birth seven years earlier, by school year."""
    g1 = data.national_series(SERIES)
    births = _births(data)
    years = [int(y) for y in g1.index if y - 7 in births.index and births[y - 7] > 0]
    return pd.Series([g1[y] / births[y - 7] for y in years], index=years, dtype=float)


def table_ratios(data: Dataset) -> pd.Series:
    """The same ratio from the pupils table (synthesized cells added up), by school year."""
    pupils = data.pupils
    g1 = pupils[pupils["grade"] == 1].groupby("year")["pupils"].sum()
    births = _births(data)
    years = [int(y) for y in g1.index if y - 7 in births.index and births[y - 7] > 0]
    return pd.Series([g1[y] / births[y - 7] for y in years], index=years, dtype=float)


def estimate(data: Dataset, base: int) -> EntryLevel:
    """Level and noise of the national entry ratio from the school years up to `base`.

    Parameters
    ----------
    data : Dataset
        The dataset (history, published totals, pupils, births).
    base : int
        Base year of the run: no later school year is used.

    Returns
    -------
    EntryLevel
    """
    published = True
    ratios = published_ratios(data)
    window = ratios[(ratios.index > base - WINDOW) & (ratios.index <= base)]
    if len(window) < MIN_POINTS:
        published = False
        table = table_ratios(data)
        window = table[(table.index > base - WINDOW) & (table.index <= base)]
    if window.empty:
        return EntryLevel(1.0, MIN_SD, (), (), False)
    values = window.to_numpy(dtype=float)
    level = float(values.mean())
    sd = float(values.std(ddof=1) / level) if len(values) > 1 else 0.0
    return EntryLevel(
        level,
        max(sd, MIN_SD),
        tuple(int(y) for y in window.index),
        tuple(map(float, values)),
        published,
    )


def level_path(level: EntryLevel, base: int, z: float = 0.0) -> pd.Series:
    """``Entry Ratio Deviation`` for a level `z` standard deviations off, in every later year.

    Parameters
    ----------
    level : EntryLevel
        The estimate (its ``sd``).
    base : int
        Base year of the run.
    z : float, optional
        The draw, in standard deviations (0: the deterministic run).

    Returns
    -------
    pandas.Series
        As `deviation_path`.
    """
    years = [int(y) for y in PATH_YEARS if y > base]
    return deviation_path(base, dict.fromkeys(years, float(z) * level.sd))


def deviation_path(base: int, deviations: dict[int, float] | None = None) -> pd.Series:
    """``Entry Ratio Deviation`` by year: 1, or 1 + the given deviation after the base year.

    Parameters
    ----------
    base : int
        Base year of the run.
    deviations : dict of int to float, optional
        Relative deviation of the entry ratio by school year (an ensemble's draw); years up to
        the base year stay at 1.

    Returns
    -------
    pandas.Series
        One factor per year of `PATH_YEARS` (index: year as float, as PySD takes a lookup).
    """
    factor = np.ones(len(PATH_YEARS))
    for year, value in (deviations or {}).items():
        if year > base:
            factor[year == PATH_YEARS] = 1.0 + float(value)
    return pd.Series(factor, index=PATH_YEARS.astype(float))

"""The trend of the grade-1 entry ratio, and its uncertainty: the model's ``Entry Trend`` path.

The entry ratio (grade-1 pupils per birth seven years earlier, `ikm_sim.model.inputs`) is the
average of the four school years before the base year. Deferrals, the entry age and migration
move it over time (nationally 1.019 in 2018, 0.983 in 2023 on the embedded data), so the model
multiplies it by ``Entry Trend(Time)``: the national ratio's linear trend over the last five
school years (least squares, relative to the window's average, with its standard error),
continued from the window's middle year for `TREND_YEARS` years after the base year and then
held. That a trend stops is a judgement, as is the cap on how steep a trend is taken from the
data (`TREND_CAP`); both are stated in the data dictionary. The uncertainty ensemble draws the
slope from a normal distribution with the estimate's standard error (truncated at ±2.5 SE).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset

#: Years after the base year the trend runs on before the entry ratio is held.
TREND_YEARS = 5
#: Steepest trend taken from the data: relative change of the entry ratio per year.
TREND_CAP = 0.02
#: School years the ratio's average covers before the base year (as the entry ratio).
AVERAGE_WINDOW = 4
#: Fewest school years a trend is estimated from (fewer: no trend).
MIN_POINTS = 3
PATH_YEARS = np.arange(2000, 2101)


@dataclass(frozen=True)
class EntryTrend:
    """The national entry ratio's trend around a base year.

    Attributes
    ----------
    slope : float
        Relative change of the ratio per year (capped at `TREND_CAP`); 0 without data.
    se : float
        Standard error of the slope (relative; 0 without data).
    years : tuple of int
        School years it was estimated from.
    ratios : tuple of float
        The national ratios of those years.
    """

    slope: float
    se: float
    years: tuple[int, ...]
    ratios: tuple[float, ...]


def national_ratios(data: Dataset) -> pd.Series:
    """Grade-1 pupils per birth seven years earlier, nationally, by school year."""
    pupils = data.pupils
    g1 = pupils[pupils["grade"] == 1].groupby("year")["pupils"].sum()
    births = data.births.set_index("year")["births"].astype(float)
    years = [int(y) for y in g1.index if y - 7 in births.index and births[y - 7] > 0]
    return pd.Series([g1[y] / births[y - 7] for y in years], index=years, dtype=float)


def estimate(data: Dataset, base: int) -> EntryTrend:
    """Least-squares trend of the national entry ratio over the five years up to `base`.

    Parameters
    ----------
    data : Dataset
        The dataset (pupils by grade, births).
    base : int
        Base year of the run: only school years up to it are used.

    Returns
    -------
    EntryTrend
    """
    ratios = national_ratios(data)
    window = ratios[(ratios.index > base - AVERAGE_WINDOW - 1) & (ratios.index <= base)]
    average = ratios[(ratios.index >= base - AVERAGE_WINDOW) & (ratios.index < base)]
    years = tuple(int(y) for y in window.index)
    if len(window) < MIN_POINTS or average.empty:
        return EntryTrend(0.0, 0.0, years, tuple(map(float, window)))
    x = window.index.to_numpy(dtype=float)
    y = window.to_numpy(dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (slope * x + intercept)
    dof = len(x) - 2
    spread = (x - x.mean()) @ (x - x.mean())
    se = float(np.sqrt(residual @ residual / dof / spread)) if dof else 0.0
    level = float(average.mean())
    relative = float(np.clip(slope / level, -TREND_CAP, TREND_CAP))
    return EntryTrend(relative, se / level, years, tuple(map(float, y)))


def trend_path(trend: EntryTrend, base: int, slope: float | None = None) -> pd.Series:
    """``Entry Trend`` by year: 1 up to the base year's window, the trend line, then held.

    Parameters
    ----------
    trend : EntryTrend
        The estimate.
    base : int
        Base year of the run.
    slope : float, optional
        Another slope (a sample of the ensemble); default the estimate's.

    Returns
    -------
    pandas.Series
        One factor per year of `PATH_YEARS` (index: year as float, as PySD takes a lookup).
    """
    s = trend.slope if slope is None else float(np.clip(slope, -TREND_CAP, TREND_CAP))
    centre = base - (AVERAGE_WINDOW + 1) / 2  # middle of the school years averaged
    t = np.clip(PATH_YEARS.astype(float), base, base + TREND_YEARS)
    factor = np.where(base <= PATH_YEARS, 1.0 + s * (t - centre), 1.0)
    return pd.Series(factor, index=PATH_YEARS.astype(float))

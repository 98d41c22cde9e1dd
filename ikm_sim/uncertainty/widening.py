"""The empirical widening of the national bands by lead, measured in the backtests.

The ensemble's own bands under-cover the published values of the backtests (issue #17:
`ikm_sim.uncertainty.coverage`). The backtest errors the ensemble does not explain give, per
quantity, a relative error scale ``c`` per square root of a year of lead (`coverage.
widening_scales`). ``ikm-sim calibrate --backtest`` stores them in `WIDENING_FILE`; national
percentile tables are then widened with them (`widen_percentiles`), so the fan charts, the
percentile files and the pack carry bands that held in the backtests. Quantities without a
scale (demand, supply and gap, which have no published series to be tested against, and every
municipal or subject table) keep the ensemble's own bands.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ikm_sim.paths import CALIBRATION_DIR

#: Widening scales written by ``ikm-sim calibrate --backtest`` (quantity, c).
WIDENING_FILE = CALIBRATION_DIR / "report" / "widening.csv"
WIDENING_COLUMNS = ("quantity", "c")


def stored_scales(path: Path | None = None) -> dict[str, float]:
    """The widening scales of the calibration report (empty when it has none).

    Parameters
    ----------
    path : pathlib.Path, optional
        Default `WIDENING_FILE`.

    Returns
    -------
    dict
        Quantity -> ``c`` (finite, non-negative values only).
    """
    path = WIDENING_FILE if path is None else Path(path)
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for row in rows:
        try:
            c = float(row.get("c", ""))
        except ValueError:
            continue
        if np.isfinite(c) and c >= 0:
            out[str(row.get("quantity", ""))] = c
    return out


def scales_table(scales: Mapping[str, float]) -> pd.DataFrame:
    """The scales as the table `WIDENING_FILE` holds."""
    return pd.DataFrame({"quantity": list(scales), "c": list(scales.values())})


def widen_percentiles(
    table: pd.DataFrame, scales: Mapping[str, float], base_year: int
) -> pd.DataFrame:
    """A percentile table with the empirical error band added in quadrature by lead.

    Each percentile p of a quantity with scale c at lead k = year − base year moves away from
    the median to ``p50 ± hypot(p − p50, |z_p| · c · √k · p50)``, z_p the standard normal
    quantile of p; the median, the mean and other quantities are unchanged.

    Parameters
    ----------
    table : pandas.DataFrame
        `ikm_sim.uncertainty.summary.national_percentiles` (or the regional table).
    scales : mapping
        Quantity -> c.
    base_year : int
        Base year of the run (lead 0).

    Returns
    -------
    pandas.DataFrame
        A widened copy.
    """
    out = table.copy()
    lead = np.maximum(0, out["year"].to_numpy() - base_year)
    c = out["variable"].map(lambda v: scales.get(str(v), 0.0)).to_numpy(dtype=float)
    med = out["p50"].to_numpy(dtype=float)
    for col in [c_ for c_ in out.columns if c_.startswith("p") and c_[1:].isdigit()]:
        p = int(col[1:])
        if p == 50:
            continue
        extra = abs(float(stats.norm.ppf(p / 100))) * c * np.sqrt(lead) * np.abs(med)
        gap = out[col].to_numpy(dtype=float) - med
        out[col] = med + np.sign(p - 50) * np.hypot(gap, extra)
    return out

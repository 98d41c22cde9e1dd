"""Rolling-origin backtests: fit on the history up to an origin, forecast the following years.

Every run starts from the 2012 stock. For origin Y the fit sees only target years <= Y (and
cohort ratios from pupils up to Y); the model then runs to the last year of the targets and is
scored against the held-out history at lead times 1, 3 and 5 years.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ikm_sim.calibration.fit import Progress, calibrate
from ikm_sim.calibration.simulate import Simulator
from ikm_sim.calibration.targets import TargetSet, observations
from ikm_sim.data.load import Dataset, load_data

DEFAULT_ORIGINS = (2016, 2018)
LEADS = (1, 3, 5)
#: Backtested quantities: label -> (quantity, scale) ; relative errors in %, shares in pp.
SCORED: dict[str, tuple[str, str]] = {
    "national teachers (school pedagogues)": ("school_pedagogues", "relative"),
    "subject teachers": ("subject_teachers", "relative"),
    "pupils 1-12": ("pupils_total", "relative"),
    "share aged 50+": ("share_aged_50plus", "absolute"),
    "share aged 55+": ("share_aged_55plus", "absolute"),
    "share aged 65+": ("share_aged_65plus", "absolute"),
}


def score(
    sim: pd.DataFrame, obs: pd.DataFrame, origin: int, leads: Sequence[int] = LEADS
) -> pd.DataFrame:
    """Forecast errors by lead time for one origin.

    Returns
    -------
    pandas.DataFrame
        ``origin, series, unit, lead_<k>`` (error in % of the observed value, or percentage
        points for shares; NaN where the history has no value in ``origin + k``).
    """
    rows = []
    for label, (quantity, scale) in SCORED.items():
        o = obs[obs["quantity"] == quantity].drop_duplicates("year").set_index("year")["value"]
        row: dict[str, object] = {
            "origin": origin,
            "series": label,
            "unit": "%" if scale == "relative" else "pp",
        }
        for k in leads:
            y = origin + k
            if y in o.index and y in sim.index:
                err = float(sim.at[y, quantity] - o[y])
                row[f"lead_{k}"] = 100 * err / o[y] if scale == "relative" else 100 * err
            else:
                row[f"lead_{k}"] = np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def backtest(
    data: Dataset | Path | None,
    targets: TargetSet,
    origins: Sequence[int] = DEFAULT_ORIGINS,
    *,
    workers: int = 2,
    max_nfev: int | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Refit at every origin and score the forecasts of the following years.

    Parameters
    ----------
    data : Dataset, pathlib.Path or None
        Dataset or directory (default the embedded data).
    targets : TargetSet
        The calibration targets (their years are cut at each origin).
    origins : sequence of int
        Last years of history seen by each fit.
    workers, max_nfev, progress
        Passed to `ikm_sim.calibration.fit.calibrate`.

    Returns
    -------
    pandas.DataFrame
        Errors by origin, series and lead time (`score`), plus the in-sample MAPE of the
        fitted school-pedagogue and pupil series in ``fit_mape_pct``.
    """
    ds = data if isinstance(data, Dataset) else load_data(data)
    all_obs = observations(ds, targets)
    frames = []
    for origin in origins:
        fit = calibrate(
            ds, targets, fit_end=origin, workers=workers, max_nfev=max_nfev, progress=progress
        )
        sim = Simulator(ds, targets, fit_end=origin, base=fit.parameters)
        names = sim.names
        q = sim.quantities([getattr(fit.parameters, n) for n in names])
        table = score(q, all_obs, origin)
        in_sample = fit.fit.set_index("quantity")["mape_pct"].to_dict()
        table["fit_mape_pct"] = [in_sample.get(SCORED[s][0], np.nan) for s in table["series"]]
        frames.append(table)
    return pd.concat(frames, ignore_index=True)

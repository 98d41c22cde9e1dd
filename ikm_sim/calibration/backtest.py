"""Rolling-origin backtests: fit on the history up to an origin, forecast the following years.

Every run starts from the 2012 stock. For origin Y the fit sees only target years <= Y (and
cohort ratios from pupils up to Y); the model then runs to the last year of the targets and is
scored against the held-out history at lead times 1-5 years. The forecasts are conditional:
exogenous inputs after the origin (births, the school-network consolidation path, the
workload rules and the pension age) are the observed ones, as in the NCES projection-error
tables this is compared with. `by_lead` summarises the errors as MAPE by lead time beside the
targets (`LEAD_TARGETS`) and the NCES anchors (`NCES_TEACHERS`).
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

DEFAULT_ORIGINS = tuple(range(2014, 2021))
LEADS = (1, 2, 3, 4, 5)
#: Backtested quantities: label -> (quantity, scale) ; relative errors in %, shares in pp.
SCORED: dict[str, tuple[str, str]] = {
    "national teachers (school pedagogues)": ("school_pedagogues", "relative"),
    "subject teachers": ("subject_teachers", "relative"),
    "pupils 1-12": ("pupils_total", "relative"),
    "first-graders": ("pupils_grade_1", "relative"),
    "school vacancies": ("school_vacancies_fte", "relative"),
    "preschool vacancies": ("preschool_vacancies_fte", "relative"),
    "share aged 50+": ("share_aged_50plus", "absolute"),
    "share aged 55+": ("share_aged_55plus", "absolute"),
    "share aged 65+": ("share_aged_65plus", "absolute"),
}


#: Our targets, MAPE in % by lead time (years), for pedagogues and pupils.
LEAD_TARGETS: dict[str, dict[int, float]] = {
    "national teachers (school pedagogues)": {1: 1.0, 5: 2.5},
    "pupils 1-12": {1: 1.0, 5: 2.5},
}
#: NCES (US, Projections of Education Statistics) mean absolute percentage errors of its
#: public-school teacher projections: 1.0 % at 1 year and 2.7 % at 5 years ahead.
NCES_TEACHERS: dict[int, float] = {1: 1.0, 5: 2.7}
BY_LEAD_COLUMNS = ("series", "unit", "lead", "n", "mape", "target", "nces", "meets_target")


def by_lead(table: pd.DataFrame) -> pd.DataFrame:
    """Mean absolute error by series and lead time over the origins, beside the targets.

    Parameters
    ----------
    table : pandas.DataFrame
        `backtest` output (``lead_<k>`` columns).

    Returns
    -------
    pandas.DataFrame
        `BY_LEAD_COLUMNS`: ``mape`` in % (percentage points for shares), ``n`` the origins with
        a held-out value at that lead, ``target`` and ``nces`` where defined, ``meets_target``
        True/False where a target and an error exist.
    """
    rows = []
    for series, g in table.groupby("series", sort=False):
        for col in [c for c in g.columns if c.startswith("lead_")]:
            lead = int(col.removeprefix("lead_"))
            errors = g[col].dropna().to_numpy(dtype=float)
            target = LEAD_TARGETS.get(str(series), {}).get(lead, np.nan)
            mape = float(np.mean(np.abs(errors))) if len(errors) else np.nan
            rows.append(
                {
                    "series": series,
                    "unit": g["unit"].iloc[0],
                    "lead": lead,
                    "n": len(errors),
                    "mape": mape,
                    "target": target,
                    "nces": NCES_TEACHERS.get(lead, np.nan)
                    if "teachers" in str(series)
                    else np.nan,
                    "meets_target": (
                        bool(mape <= target) if np.isfinite(target) and np.isfinite(mape) else None
                    ),
                }
            )
    return pd.DataFrame(rows, columns=list(BY_LEAD_COLUMNS))


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

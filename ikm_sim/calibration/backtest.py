"""Rolling-origin backtests: forecasts from the state at each origin, beside naive forecasts.

For every origin O the parameters are refitted on the history up to O (`calibrate` with
``fit_end=O``), the data are cut to what was known at O and the state of O is built from them
(`ikm_sim.state.origin.origin_dataset`: the data's own pupils of O, teachers rolled forward to
O and scaled to the totals published for O); the model then runs from O to O + 5 and every
series of `SCORED` is compared with its published value at leads 1-5. Two naive forecasts
are scored the same way (`ikm_sim.calibration.naive`): no change, and cohort ratios.

The forecasts are conditional: exogenous inputs after the origin (births, the school-network
consolidation, the workload rules, the pension age, the Mācītspēks intake) are the observed
ones, as in the NCES projection-error tables this is compared with.

`by_lead` summarises by series and lead time: MAPE, bias (mean signed error), MASE against no
change and the naive forecasts' MAPE and bias, beside the targets of issue #17
(`LEAD_TARGETS`, `BIAS_TARGETS`, `MASE_TARGETS`) and the NCES anchors (`NCES_TEACHERS`);
`shortfalls` lists every target not met (or not evaluable) with its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.calibration.fit import Progress, calibrate
from ikm_sim.calibration.naive import cohort_ratio, no_change
from ikm_sim.calibration.targets import TargetSet, model_quantities, observations
from ikm_sim.data.load import Dataset, load_data
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.runner import run
from ikm_sim.state.origin import origin_dataset

#: First origin of the default backtest; the last is the year before the last observation.
FIRST_ORIGIN = 2014
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
#: Forecasts of the by-origin table (column ``forecast``): the model and the naive ones.
MODEL, NO_CHANGE, COHORT = "model", "no change", "cohort ratio"
FORECASTS = (MODEL, NO_CHANGE, COHORT)

#: Targets of issue #17: MAPE in % by lead time (pupils, first-graders, pedagogues).
LEAD_TARGETS: dict[str, dict[int, float]] = {
    "national teachers (school pedagogues)": {1: 1.0, 5: 2.5},
    "pupils 1-12": {1: 1.0, 5: 2.5},
    "first-graders": dict.fromkeys(LEADS, 3.0),
}
#: Largest |bias| (mean signed error, percentage points) at every lead.
BIAS_TARGETS: dict[str, float] = {"pupils 1-12": 0.5}
#: MASE against no change must stay below this at every lead ("beat no change").
MASE_TARGETS: dict[str, float] = {"pupils 1-12": 1.0, "first-graders": 1.0}
#: NCES (US, Projections of Education Statistics) mean absolute percentage errors of its
#: public-school teacher projections: 1.0 % at 1 year and 2.7 % at 5 years ahead.
NCES_TEACHERS: dict[int, float] = {1: 1.0, 5: 2.7}
BY_LEAD_COLUMNS = (
    "series",
    "quantity",
    "unit",
    "lead",
    "n",
    "mape",
    "bias",
    "mase",
    "n_nochange",
    "nochange_mape",
    "nochange_bias",
    "n_cohort",
    "cohort_mape",
    "cohort_bias",
    "target",
    "bias_target",
    "mase_target",
    "nces",
    "meets_target",
)
SHORTFALL_COLUMNS = (
    "series",
    "quantity",
    "lead",
    "check",
    "value",
    "limit",
    "n",
    "mape",
    "nochange_mape",
    "nochange_bias",
    "cohort_mape",
)


def _errors(g: pd.DataFrame, forecast: str, column: str) -> pd.Series:
    """Errors of one forecast at one lead, indexed by origin (NaN rows dropped)."""
    rows = g[g["forecast"] == forecast] if "forecast" in g.columns else g
    if forecast != MODEL and "forecast" not in g.columns:
        rows = g.iloc[0:0]
    if column not in rows.columns:
        return pd.Series(dtype=float)
    return rows.set_index("origin")[column].dropna().astype(float)


def _mean(values: pd.Series, absolute: bool = True) -> float:
    if values.empty:
        return np.nan
    return float(np.mean(np.abs(values) if absolute else values))


def mase(model: pd.Series, naive: pd.Series) -> float:
    """Mean absolute error of `model` over that of `naive`, on the origins both have.

    Parameters
    ----------
    model, naive : pandas.Series
        Errors indexed by origin (one lead time).

    Returns
    -------
    float
        NaN without common origins or when the naive errors are all zero.
    """
    common = model.index.intersection(naive.index)
    denominator = _mean(naive[common])
    if not len(common) or not denominator > 0:
        return np.nan
    return _mean(model[common]) / denominator


def _row(series: str, g: pd.DataFrame, lead: int) -> dict[str, object]:
    col = f"lead_{lead}"
    m, nc, co = (_errors(g, f, col) for f in FORECASTS)
    quantity = SCORED.get(series, (None, None))[0]
    if quantity is None and "quantity" in g.columns:
        quantity = g["quantity"].iloc[0]
    out: dict[str, object] = {
        "series": series,
        "quantity": quantity,
        "unit": g["unit"].iloc[0],
        "lead": lead,
        "n": len(m),
        "mape": _mean(m),
        "bias": _mean(m, absolute=False),
        "mase": mase(m, nc),
        "n_nochange": len(nc),
        "nochange_mape": _mean(nc),
        "nochange_bias": _mean(nc, absolute=False),
        "n_cohort": len(co),
        "cohort_mape": _mean(co),
        "cohort_bias": _mean(co, absolute=False),
        "target": LEAD_TARGETS.get(series, {}).get(lead, np.nan),
        "bias_target": BIAS_TARGETS.get(series, np.nan),
        "mase_target": MASE_TARGETS.get(series, np.nan),
        "nces": NCES_TEACHERS.get(lead, np.nan) if "teachers" in series else np.nan,
    }
    out["meets_target"] = _meets(out)
    return out


def _checks(row: dict[str, object]) -> list[tuple[str, float, float, bool]]:
    """(check, value, limit, met) of every target of the row that can be evaluated."""
    found = []
    for check, value, limit in (
        ("mape", row["mape"], row["target"]),
        ("bias", row["bias"], row["bias_target"]),
        ("mase", row["mase"], row["mase_target"]),
    ):
        v, lim = float(value), float(limit)  # type: ignore[arg-type]
        if np.isfinite(v) and np.isfinite(lim):
            met = abs(v) <= lim if check != "mase" else v < lim
            found.append((check, v, lim, bool(met)))
    return found


def _meets(row: dict[str, object]) -> bool | None:
    checks = _checks(row)
    return all(c[3] for c in checks) if checks else None


def by_lead(table: pd.DataFrame) -> pd.DataFrame:
    """Errors by series and lead time over the origins, model beside naive, with targets.

    MAPE = mean |error| over the origins with a published value at that lead (errors in % of
    the published value; percentage points for shares); bias = mean signed error (same unit);
    MASE = mean |error| of the model / mean |error| of no change, over the origins where both
    exist (< 1: the model beats no change).

    Parameters
    ----------
    table : pandas.DataFrame
        `backtest` output (``origin, series, unit, forecast, lead_<k>``; without a
        ``forecast`` column every row is the model's).

    Returns
    -------
    pandas.DataFrame
        `BY_LEAD_COLUMNS`; ``meets_target`` True when every target that can be evaluated is
        met, False when one is not, None when none can be evaluated.
    """
    rows = []
    leads = sorted(int(c.removeprefix("lead_")) for c in table.columns if c.startswith("lead_"))
    for series, g in table.groupby("series", sort=False):
        rows += [_row(str(series), g, lead) for lead in leads]
    out = pd.DataFrame(rows, columns=list(BY_LEAD_COLUMNS))
    out["meets_target"] = pd.Series([r["meets_target"] for r in rows], dtype=object)
    return out


def shortfalls(summary: pd.DataFrame) -> pd.DataFrame:
    """Every target not met, or with a target but no published value to evaluate it.

    Parameters
    ----------
    summary : pandas.DataFrame
        `by_lead` output.

    Returns
    -------
    pandas.DataFrame
        `SHORTFALL_COLUMNS`: ``check`` is ``mape``, ``bias``, ``mase`` (value and limit in the
        row's unit; MASE a ratio) or ``no data`` (n = 0 at that lead); the evidence beside it:
        n, the model's MAPE and the naive forecasts' MAPE (and no change's bias).
    """
    rows = []
    for record in summary.to_dict("records"):
        rec = {str(k): v for k, v in record.items()}
        has_target = any(
            np.isfinite(float(rec[c])) for c in ("target", "bias_target", "mase_target")
        )
        base = {c: rec[c] for c in ("series", "quantity", "lead")}
        evidence = {c: rec[c] for c in SHORTFALL_COLUMNS[6:]}
        if has_target and rec["n"] == 0:
            rows.append({**base, "check": "no data", "value": np.nan, "limit": np.nan, **evidence})
        for check, value, limit, met in _checks(rec):
            if not met:
                rows.append({**base, "check": check, "value": value, "limit": limit, **evidence})
    return pd.DataFrame(rows, columns=list(SHORTFALL_COLUMNS))


def score(
    sim: pd.DataFrame, obs: pd.DataFrame, origin: int, leads: Sequence[int] = LEADS
) -> pd.DataFrame:
    """Forecast errors by lead time for one origin.

    Parameters
    ----------
    sim : pandas.DataFrame
        Forecast quantities indexed by year (model or naive).
    obs : pandas.DataFrame
        Observations (``quantity, year, value``).
    origin : int
        The origin.
    leads : sequence of int
        Lead times.

    Returns
    -------
    pandas.DataFrame
        ``origin, series, quantity, unit, lead_<k>`` (error in % of the observed value, or
        percentage points for shares; NaN where the history or the forecast has no value in
        ``origin + k``).
    """
    rows = []
    for label, (quantity, scale) in SCORED.items():
        o = obs[obs["quantity"] == quantity].drop_duplicates("year").set_index("year")["value"]
        row: dict[str, object] = {
            "origin": origin,
            "series": label,
            "quantity": quantity,
            "unit": "%" if scale == "relative" else "pp",
        }
        for k in leads:
            y = origin + k
            if y in o.index and y in sim.index and quantity in sim.columns:
                err = float(sim.at[y, quantity] - o[y])
                row[f"lead_{k}"] = 100 * err / o[y] if scale == "relative" else 100 * err
            else:
                row[f"lead_{k}"] = np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def default_origins(data: Dataset, targets: TargetSet) -> list[int]:
    """Origins from `FIRST_ORIGIN` (or the targets' start year) to the last one with a lead 1.

    The last origin is the year before the last published value of a scored series.

    Parameters
    ----------
    data : Dataset
        The dataset.
    targets : TargetSet
        The calibration targets (which series map to the scored quantities).

    Returns
    -------
    list of int
        Every origin whose lead 1 can have an observation.
    """
    obs = observations(data, targets)
    scored = obs[obs["quantity"].isin([q for q, _ in SCORED.values()])]
    return list(range(max(FIRST_ORIGIN, targets.start_year), int(scored["year"].max())))


def origin_forecasts(
    data: Dataset,
    fit_parameters: BehaviouralParameters,
    all_obs: pd.DataFrame,
    origin: int,
    engine: str | None = None,
) -> pd.DataFrame:
    """The model's and the naive forecasts' errors from one origin (rows of `backtest`).

    Parameters
    ----------
    data : Dataset
        The full dataset.
    fit_parameters : BehaviouralParameters
        Parameters fitted on the years up to `origin`.
    all_obs : pandas.DataFrame
        Every observation (`observations`), the held-out ones included.
    origin : int
        The origin.
    engine : {"fast", "pysd"}, optional
        The engine of the run (default: `ikm_sim.engines.check_engine`).

    Returns
    -------
    pandas.DataFrame
        `score` rows with a ``forecast`` column (`FORECASTS`).
    """
    state = origin_dataset(data, origin, fit_parameters)
    res = run(
        data=state,
        parameters=fit_parameters,
        base_year=origin,
        final_year=origin + max(LEADS),
        engine=engine,
    )
    q = model_quantities(
        res.supply_demand, res.pupils, res.preschool, res.teachers_by_age, state.retirement_age
    )
    known = all_obs[all_obs["year"] <= origin]
    forecasts = {
        MODEL: q,
        NO_CHANGE: no_change(known, origin, LEADS),
        COHORT: cohort_ratio(known, state, origin, LEADS),
    }
    frames = [score(f, all_obs, origin).assign(forecast=name) for name, f in forecasts.items()]
    return pd.concat(frames, ignore_index=True)


def backtest(
    data: Dataset | Path | None,
    targets: TargetSet,
    origins: Sequence[int] | None = None,
    *,
    workers: int = 2,
    max_nfev: int | None = None,
    progress: Progress | None = None,
    engine: str | None = None,
    cluster: Any = None,
) -> pd.DataFrame:
    """Refit at every origin, forecast from the state at that origin, score against naive ones.

    Parameters
    ----------
    data : Dataset, pathlib.Path or None
        Dataset or directory (default the embedded data).
    targets : TargetSet
        The calibration targets (their years are cut at each origin).
    origins : sequence of int, optional
        Forecast origins (last years of history seen); default `default_origins`.
    workers, max_nfev, progress, engine, cluster
        Passed to `ikm_sim.calibration.fit.calibrate` (the engine also runs the forecasts).

    Returns
    -------
    pandas.DataFrame
        ``origin, series, quantity, unit, forecast, lead_<k>, fit_mape_pct``: errors by origin,
        series, forecast (`FORECASTS`) and lead time (`score`), and for the model's rows the
        in-sample MAPE of the fit up to that origin.
    """
    ds = data if isinstance(data, Dataset) else load_data(data)
    all_obs = observations(ds, targets)
    frames = []
    for origin in default_origins(ds, targets) if origins is None else origins:
        fit = calibrate(
            ds,
            targets,
            fit_end=origin,
            workers=workers,
            max_nfev=max_nfev,
            progress=progress,
            engine=engine,
            cluster=cluster,
        )
        table = origin_forecasts(ds, fit.parameters, all_obs, origin, engine)
        in_sample = fit.fit.set_index("quantity")["mape_pct"].to_dict()
        table["fit_mape_pct"] = [
            in_sample.get(SCORED[s][0], np.nan) if f == MODEL else np.nan
            for s, f in zip(table["series"], table["forecast"], strict=True)
        ]
        frames.append(table)
    out = pd.concat(frames, ignore_index=True)
    leads = [c for c in out.columns if c.startswith("lead_")]
    return out[["origin", "series", "quantity", "unit", "forecast", *leads, "fit_mape_pct"]]

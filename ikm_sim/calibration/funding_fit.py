"""The state target grant checked against the published budget: the grant scale and its errors.

The model computes the grant from the per-pupil rates (`Pupil Grant Rate`, back-cast before
Sep 2022 with the pay rate, see `ikm_sim.model.inputs.funding.grant_rate_path`) times a scale
for what the rates leave out (`Grant Scale`). This module fits that scale to the published
totals of the budget sub-programmes 05.00.00 + 10.00.00 (`sp05_eur`, `sp10_eur` of
``funding.csv``) over the calendar years `FIT_YEARS`, from one run that starts at the origin
state of school year `FIT_ORIGIN` (`ikm_sim.state.origin.origin_dataset`).

Budgets are calendar years, the model's years are school years (2017 = 2017/18), so a
calendar year Y is 8/12 of school year Y-1 (January to August) plus 4/12 of school year Y
(`calendar_years`): the run starts in 2017/18 so that January-August 2018 is simulated.
The fit is closed-form least squares of the relative errors:
``scale = Σ r / Σ r²`` with ``r = model at scale 1 / published``.
Budget plans (``plan = true``) after the data's last school year are never fitted: they are
shown beside the forecast (`plans_beside_forecast`).

The fitted scale is kept under ``funding:`` in ``calibration/calibrated.yaml``
(`write_funding_section`), which the model's inputs read (`ikm_sim.model.parameters.
load_grant_scale`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ikm_sim.atomic import write_text_atomic
from ikm_sim.data.load import Dataset
from ikm_sim.errors import IkmSimError
from ikm_sim.model.parameters import GRANT_SCALE_BOUNDS, BehaviouralParameters
from ikm_sim.runner import run
from ikm_sim.state.origin import origin_dataset

#: School year the fitted run starts from (2017/18: it holds January-August 2018).
FIT_ORIGIN = 2017
#: Calendar years whose published sub-programme totals are fitted.
FIT_YEARS = tuple(range(2018, 2024))
#: Months of a calendar year in the school year before it (January-August) and in its own.
MONTHS_BEFORE, MONTHS_AFTER = 8, 4
#: Largest relative error (%) of the fitted grant the check allows (issue #19).
TOLERANCE_PCT = 5.0
#: Variables read from the fitted run beside the funding table.
EXTRA_VARIABLES = ("Pay per FTE", "Employer Contribution Now", "Worked FTE")
#: Columns of the comparison table (`FundingFit.table`).
TABLE_COLUMNS = (
    "year",
    "published_grant_eur",
    "published_status",
    "published_fte",
    "model_grant_eur",
    "grant_error_pct",
    "model_wage_bill_eur",
    "model_top_up_eur",
    "published_eur_per_fte_month",
    "model_eur_per_fte_month",
    "pay_error_pct",
    "model_covered_fte",
)


@dataclass(frozen=True)
class FundingFit:
    """The fitted grant scale and the model-vs-published table behind it.

    Attributes
    ----------
    grant_scale : float
        The fitted scale (dimensionless).
    table : pandas.DataFrame
        Columns `TABLE_COLUMNS`, one row per fitted calendar year (EUR, nominal).
    max_abs_error_pct : float
        Largest relative error of the fitted grant over `FIT_YEARS`.
    origin : int
        School year the run started from.
    plans : pandas.DataFrame
        Budget plans after the data beside the baseline forecast (may be empty).
    fitted_at : str
        Time of the fit (UTC, ISO 8601).
    """

    grant_scale: float
    table: pd.DataFrame
    max_abs_error_pct: float
    origin: int = FIT_ORIGIN
    plans: pd.DataFrame = field(default_factory=pd.DataFrame)
    fitted_at: str = ""


def calendar_years(school_years: pd.Series) -> pd.Series:
    """Calendar-year values from school-year values (8/12 of the year before + 4/12 of its own).

    Parameters
    ----------
    school_years : pandas.Series
        Values by school year (2017 = 2017/18), consecutive years.

    Returns
    -------
    pandas.Series
        By calendar year, from the second school year on.

    Examples
    --------
    >>> calendar_years(pd.Series([12.0, 24.0], index=[2017, 2018])).tolist()
    [16.0]
    """
    s = school_years.sort_index().astype(float)
    cal = (MONTHS_BEFORE * s.shift(1) + MONTHS_AFTER * s) / (MONTHS_BEFORE + MONTHS_AFTER)
    return cal.iloc[1:]


def published_grant(data: Dataset) -> pd.DataFrame:
    """The published sub-programme totals 05.00.00 + 10.00.00 by calendar year.

    An execution figure is preferred to a plan of the same year; a year counts as a plan when
    either sub-programme is only planned.

    Parameters
    ----------
    data : Dataset
        The dataset (its ``funding`` table).

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``grant_eur``, ``fte`` (NaN where either is not published),
        ``plan`` (bool).
    """
    f = data.funding
    parts = []
    for item in ("sp05_eur", "sp10_eur", "sp05_fte", "sp10_fte"):
        rows = f[f["item"] == item].assign(year=lambda d: d["effective"].str[:4].astype(int))
        rows = rows.sort_values(["year", "plan"]).drop_duplicates("year")  # execution first
        parts.append(rows.set_index("year")[["value", "plan"]].add_prefix(f"{item}:"))
    t = pd.concat(parts, axis=1)
    if t.empty:
        raise IkmSimError("funding.csv: no sp05_eur / sp10_eur rows; the grant check needs them")
    out = pd.DataFrame(index=t.index.astype(int))
    out["grant_eur"] = t["sp05_eur:value"] + t["sp10_eur:value"]
    out["fte"] = t["sp05_fte:value"] + t["sp10_fte:value"]
    plans = t[["sp05_eur:plan", "sp10_eur:plan"]].astype("boolean").fillna(True)
    out["plan"] = plans.any(axis=1).astype(bool)
    return out.dropna(subset=["grant_eur"]).sort_index()


def _national(funding: pd.DataFrame) -> pd.DataFrame:
    blank = funding["region"].isna() | (funding["region"].astype(object) == "")
    nat = funding[blank & (funding["subject"].isna() | (funding["subject"].astype(object) == ""))]
    return nat.set_index("year")[["wage_bill_eur", "grant_eur", "top_up_eur"]].astype(float)


def _school_pay(arrays: dict[str, pd.Series]) -> pd.Series:
    """Employer cost of one school FTE a month (the general pay rate; EUR/FTE/month)."""
    pay = arrays["Pay per FTE"]
    vsaoi = arrays["Employer Contribution Now"].astype(float)
    first = pay.iloc[0]
    general = [s for s in first.coords["Subject"].values if s != "PRE"]
    school = pd.Series([float(p.sel(Subject=general[0])) for p in pay], index=pay.index)
    return school * (1.0 + vsaoi)


def model_history(
    data: Dataset,
    parameters: BehaviouralParameters,
    origin: int = FIT_ORIGIN,
    engine: str | None = None,
) -> pd.DataFrame:
    """The national grant (at scale 1), wage bill and pay of a run from `origin`, by school year.

    Parameters
    ----------
    data : Dataset
        The dataset.
    parameters : BehaviouralParameters
        The behavioural parameters.
    origin : int, optional
        School year the run starts from.
    engine : {"fast", "pysd"}, optional
        The engine (default: `ikm_sim.runner.run`'s).

    Returns
    -------
    pandas.DataFrame
        By school year: ``grant_eur`` (scale 1), ``wage_bill_eur`` (the wage bill the grant is
        for), ``school_eur_per_fte_month`` (employer cost of a school FTE).
    """
    last = max(FIT_YEARS)
    state = origin_dataset(data, origin, parameters)
    res = run(
        data=state,
        parameters=parameters,
        base_year=origin,
        final_year=last,
        extra_variables=EXTRA_VARIABLES,
        model_overrides={"Grant Scale": 1.0},
        engine=engine,
    )
    nat = _national(res.funding)
    out = pd.DataFrame(index=nat.index.astype(int))
    out["grant_eur"] = nat["grant_eur"].to_numpy()
    out["wage_bill_eur"] = nat["wage_bill_eur"].to_numpy()
    out["school_eur_per_fte_month"] = _school_pay(res.arrays).to_numpy()
    return out


def fit_grant_scale(model: pd.Series, published: pd.Series) -> float:
    """Least-squares scale of the relative errors: ``Σ r / Σ r²`` with r = model / published.

    Parameters
    ----------
    model, published : pandas.Series
        The model's grant at scale 1 and the published totals, same index.

    Returns
    -------
    float
        The scale, within `ikm_sim.model.parameters.GRANT_SCALE_BOUNDS`.

    Examples
    --------
    >>> fit_grant_scale(pd.Series([1.0, 2.0]), pd.Series([2.0, 4.0]))
    2.0
    """
    r = (model / published).to_numpy(dtype=float)
    lo, hi = GRANT_SCALE_BOUNDS
    return float(np.clip(r.sum() / (r**2).sum(), lo, hi))


def funding_fit(
    data: Dataset,
    parameters: BehaviouralParameters,
    origin: int = FIT_ORIGIN,
    engine: str | None = None,
) -> FundingFit:
    """Fit the grant scale to the published totals of `FIT_YEARS` and tabulate the check.

    Parameters
    ----------
    data : Dataset
        The dataset.
    parameters : BehaviouralParameters
        The behavioural parameters.
    origin : int, optional
        School year the run starts from (default `FIT_ORIGIN`).
    engine : {"fast", "pysd"}, optional
        The engine (default: `ikm_sim.runner.run`'s).

    Returns
    -------
    FundingFit
    """
    hist = model_history(data, parameters, origin, engine)
    cal = pd.DataFrame({c: calendar_years(hist[c]) for c in hist.columns})
    pub = published_grant(data)
    years = [y for y in FIT_YEARS if y in pub.index and y in cal.index]
    if not years:
        raise IkmSimError("funding.csv: no published sub-programme total in the fitted years")
    scale = fit_grant_scale(cal.loc[years, "grant_eur"], pub.loc[years, "grant_eur"])
    t = pd.DataFrame({"year": years})
    t["published_grant_eur"] = pub.loc[years, "grant_eur"].to_numpy()
    t["published_status"] = np.where(pub.loc[years, "plan"], "plan", "execution")
    t["published_fte"] = pub.loc[years, "fte"].to_numpy()
    t["model_grant_eur"] = scale * cal.loc[years, "grant_eur"].to_numpy()
    t["grant_error_pct"] = 100.0 * (t["model_grant_eur"] / t["published_grant_eur"] - 1.0)
    t["model_wage_bill_eur"] = cal.loc[years, "wage_bill_eur"].to_numpy()
    t["model_top_up_eur"] = t["model_wage_bill_eur"] - t["model_grant_eur"]
    t["published_eur_per_fte_month"] = t["published_grant_eur"] / t["published_fte"] / 12.0
    t["model_eur_per_fte_month"] = cal.loc[years, "school_eur_per_fte_month"].to_numpy()
    t["pay_error_pct"] = 100.0 * (
        t["model_eur_per_fte_month"] / t["published_eur_per_fte_month"] - 1.0
    )
    t["model_covered_fte"] = t["model_wage_bill_eur"] / t["model_eur_per_fte_month"] / 12.0
    return FundingFit(
        grant_scale=round(scale, 6),
        table=t[list(TABLE_COLUMNS)],
        max_abs_error_pct=float(t["grant_error_pct"].abs().max()),
        origin=origin,
        plans=plans_beside_forecast(data, parameters, scale, engine),
        fitted_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def plans_beside_forecast(
    data: Dataset, parameters: BehaviouralParameters, scale: float, engine: str | None = None
) -> pd.DataFrame:
    """Published budget plans after the data's last school year beside the baseline forecast.

    Parameters
    ----------
    data : Dataset
        The dataset (the baseline runs from its base year).
    parameters : BehaviouralParameters
        The behavioural parameters.
    scale : float
        The grant scale.
    engine : {"fast", "pysd"}, optional
        The engine (default: `ikm_sim.runner.run`'s).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``plan_grant_eur``, ``model_grant_eur``, ``difference_pct`` (never
        fitted; empty when the data hold no later plan).
    """
    pub = published_grant(data)
    later = pub[pub.index > data.base_year]
    if later.empty:
        return pd.DataFrame(columns=["year", "plan_grant_eur", "model_grant_eur", "difference_pct"])
    res = run(
        data=data,
        parameters=parameters,
        final_year=int(later.index.max()),
        model_overrides={"Grant Scale": scale},
        engine=engine,
    )
    cal = calendar_years(_national(res.funding)["grant_eur"])
    years = [y for y in later.index if y in cal.index]
    out = pd.DataFrame({"year": years, "plan_grant_eur": later.loc[years, "grant_eur"].to_numpy()})
    out["model_grant_eur"] = cal.loc[years].to_numpy()
    out["difference_pct"] = 100.0 * (out["model_grant_eur"] / out["plan_grant_eur"] - 1.0)
    return out


def write_funding_section(fit: FundingFit, path: Path) -> None:
    """Set the ``funding:`` section of ``calibrated.yaml`` (the rest kept), atomically.

    Parameters
    ----------
    fit : FundingFit
        The fit.
    path : pathlib.Path
        The calibrated file (created with only this section when missing).
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    doc = yaml.safe_load(text) or {}
    if not isinstance(doc, dict):
        raise IkmSimError(f"{path}: expected a YAML mapping")
    doc["funding"] = funding_section(fit)
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    write_text_atomic(path, (header or "# Written by `ikm-sim calibrate`.\n") + body)


def funding_section(fit: FundingFit) -> dict[str, object]:
    """The ``funding:`` mapping of ``calibrated.yaml`` for `fit`."""
    return {
        "grant_scale": float(fit.grant_scale),
        "fitted_years": [int(y) for y in fit.table["year"]],
        "origin": int(fit.origin),
        "max_abs_error_pct": round(float(fit.max_abs_error_pct), 2),
        "fitted_at": fit.fitted_at,
    }

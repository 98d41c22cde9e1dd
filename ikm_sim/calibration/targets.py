"""Calibration targets: which historical series are fitted, with which weights and years.

``calibration/targets.yaml`` names, for each target, a series of ``history.csv``, the national
model quantity it is compared with, a weight (1/σ of the series' measurement error) and the
years. `model_quantities` computes every known quantity from a run; `observations` reads the
observed values of a dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ikm_sim.data.load import Dataset
from ikm_sim.errors import IkmSimError, ScenarioError, one_line
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.paths import CALIBRATION_DIR
from ikm_sim.scenario.yamlfile import read_yaml

TARGETS_FILE = CALIBRATION_DIR / "targets.yaml"
SCHOOL_EXCLUDED = ("PRE",)

#: Model quantities a target can name, with their meaning (all national, per school year).
QUANTITIES: dict[str, str] = {
    "school_pedagogues": "teachers (headcount) of every subject except PRE",
    "subject_teachers": "teachers of the school subjects (not OTH, not PRE)",
    "preschool_teachers": "preschool teachers (PRE)",
    "all_teachers": "teachers of every subject",
    "pupils_total": "pupils in grades 1-12",
    **{f"pupils_grade_{g}": f"pupils in grade {g}" for g in range(1, 13)},
    "preschool_children": "children in preschool education",
    "share_aged_under_30": "share of school pedagogues aged under 30",
    "share_aged_50plus": "share of school pedagogues aged 50+",
    "share_aged_55plus": "share of school pedagogues aged 55+ (near retirement)",
    "share_aged_60plus": "share of school pedagogues aged 60+",
    "share_aged_65plus": "share of school pedagogues aged 65+",
    "share_working_pensioners": "share of school pedagogues at or past the pension age",
    "school_vacancies_fte": "vacancies (FTE) of every subject except PRE",
    "preschool_vacancies_fte": "vacancies (FTE) of PRE",
    "hires_total": "hires of every subject",
    "hires_under_30": "school-subject hires aged under 30 (model variable Hires by Age)",
    "school_net_change": "hires minus exits of school pedagogues in the year (persons)",
}

#: Series derived from a published series when the targets name them: the average annual
#: change between the latest published value and the latest one at least `CHANGE_SPAN` years
#: before it, placed at the latest year (the base-year balance check of hiring and exits).
DERIVED_CHANGES: dict[str, str] = {"pedagogues_general_change": "pedagogues_general"}
CHANGE_SPAN = 5


class Target(BaseModel):
    """One fitted series."""

    model_config = ConfigDict(extra="forbid")

    series: str
    quantity: str
    weight: float = Field(ge=0.0, description="1/sigma of the measurement error")
    scale: Literal["relative", "absolute"] = "relative"
    kind: Literal["level", "range"] = "level"
    years: list[int] | None = None

    @model_validator(mode="after")
    def _known_quantity(self) -> Target:
        if self.quantity not in QUANTITIES:
            raise ValueError(f"unknown quantity {self.quantity!r}; known: {sorted(QUANTITIES)}")
        return self


class TargetSet(BaseModel):
    """The contents of ``targets.yaml``."""

    model_config = ConfigDict(extra="forbid")

    start_year: int = 2012
    end_year: int = 2023
    max_nfev: int = Field(6, ge=1)
    parameters: list[str]
    prior_sd: dict[str, float] = Field(
        default_factory=dict,
        description="sigma of a Gaussian prior around the starting value, per parameter",
    )
    targets: list[Target]

    @model_validator(mode="after")
    def _known_parameters(self) -> TargetSet:
        fields = BehaviouralParameters.model_fields
        unknown = [p for p in [*self.parameters, *self.prior_sd] if p not in fields]
        if unknown:
            raise ValueError(f"unknown parameters {unknown}; see BehaviouralParameters")
        if len(set(self.parameters)) != len(self.parameters):
            raise ValueError("a parameter is listed twice")
        if any(v <= 0 for v in self.prior_sd.values()):
            raise ValueError("prior_sd values must be positive")
        if not self.start_year < self.end_year:
            raise ValueError("start_year must be before end_year")
        return self


def load_targets(path: Path | None = None) -> TargetSet:
    """Read and validate a targets file (default ``calibration/targets.yaml``).

    Raises
    ------
    IkmSimError
        If the file is missing, not YAML, or names an unknown quantity or parameter.
    """
    path = TARGETS_FILE if path is None else Path(path)
    if not path.exists():
        raise IkmSimError(f"{path}: targets file not found")
    try:
        doc = read_yaml(path).data or {}  # safe loader, within the limits of ikm_sim.limits
    except ScenarioError as exc:
        raise IkmSimError(str(exc)) from None
    if not isinstance(doc, dict):
        raise IkmSimError(f"{path}:1: expected a mapping of targets, got a {type(doc).__name__}")
    try:
        return TargetSet(**{str(k): v for k, v in doc.items()})
    except ValidationError as exc:
        lines = [f"{path}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise IkmSimError("\n".join(one_line(line) for line in lines)) from None


def observations(data: Dataset, targets: TargetSet, last_year: int | None = None) -> pd.DataFrame:
    """Observed values of every target in the dataset.

    Parameters
    ----------
    data : Dataset
        The data directory's tables (``history`` and the national rows of
        ``published_totals``, which supersede history rows of the same year).
    targets : TargetSet
        Targets; a series missing from the data is skipped.
    last_year : int, optional
        Keep only years up to this one (backtests); default ``targets.end_year``.

    Returns
    -------
    pandas.DataFrame
        Columns ``series, quantity, year, value, low, high, weight, scale, kind``.
    """
    last = targets.end_year if last_year is None else last_year
    h = data.national_history()
    frames = []
    for t in targets.targets:
        if t.series in DERIVED_CHANGES:
            rows = average_change(h, DERIVED_CHANGES[t.series], targets.start_year, last)
        else:
            rows = h[(h["series"] == t.series) & h["year"].between(targets.start_year, last)]
        if t.years is not None:
            rows = rows[rows["year"].isin(t.years)]
        if rows.empty:
            continue
        f = rows[["year", "value", "low", "high"]].copy()
        f.insert(0, "quantity", t.quantity)
        f.insert(0, "series", t.series)
        f["weight"], f["scale"], f["kind"] = t.weight, t.scale, t.kind
        frames.append(f)
    if not frames:
        raise IkmSimError("none of the calibration targets has observations in the data")
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out


def average_change(history: pd.DataFrame, series: str, first: int, last: int) -> pd.DataFrame:
    """Average annual change of `series` up to `last` (see `DERIVED_CHANGES`), as history rows.

    Parameters
    ----------
    history : pandas.DataFrame
        National history rows (``Dataset.national_history``).
    series : str
        The published series.
    first, last : int
        Years the two values may come from.

    Returns
    -------
    pandas.DataFrame
        One row (``year, value, low, high``) at the latest year, or none when no earlier value
        is at least `CHANGE_SPAN` years older.
    """
    rows = history[(history["series"] == series) & history["year"].between(first, last)]
    rows = rows.sort_values("year")
    if rows.empty:
        return rows[["year", "value", "low", "high"]]
    end = rows.iloc[-1]
    earlier = rows[rows["year"] <= end["year"] - CHANGE_SPAN]
    if earlier.empty:
        return rows.iloc[0:0][["year", "value", "low", "high"]]
    start = earlier.iloc[-1]
    change = (float(end["value"]) - float(start["value"])) / (int(end["year"]) - int(start["year"]))
    return pd.DataFrame(
        {"year": [int(end["year"])], "value": [change], "low": [np.nan], "high": [np.nan]}
    )


def _share(by_age: pd.DataFrame, lo: float | pd.Series) -> pd.Series:
    tot = by_age.sum(axis=1)
    ages = by_age.columns.to_numpy(dtype=float)
    if isinstance(lo, pd.Series):
        mask = ages[None, :] >= lo.reindex(by_age.index).to_numpy()[:, None]
    else:
        mask = np.broadcast_to(ages[None, :] >= lo, by_age.shape)
    return pd.Series((by_age.to_numpy() * mask).sum(axis=1), index=by_age.index) / tot


#: Model variable behind ``hires_under_30``.
HIRES_BY_AGE = "Hires by Age"


def young_hires(hires_by_age: pd.Series, below: int = 30) -> pd.Series:
    """School-subject hires younger than `below`, by year, from the model's Hires by Age.

    Parameters
    ----------
    hires_by_age : pandas.Series
        One ``Hires by Age[Region, Subject, Age]`` DataArray per year (`RunResult.arrays`).
    below : int, optional
        Age limit (exclusive).

    Returns
    -------
    pandas.Series
        Hires per year, indexed by integer year.
    """
    totals = {}
    for year, arr in zip(hires_by_age.index.to_numpy(dtype=float), hires_by_age, strict=True):
        subjects = [s for s in arr.coords["Subject"].values if s not in SCHOOL_EXCLUDED]
        ages = [a for a in arr.coords["Age"].values if int(str(a)[1:]) < below]
        totals[round(year)] = float(arr.sel(Subject=subjects, Age=ages).sum())
    return pd.Series(totals, dtype=float)


def model_quantities(
    supply_demand: pd.DataFrame,
    pupils: pd.DataFrame,
    preschool: pd.DataFrame,
    teachers_by_age: pd.DataFrame,
    retirement_age: pd.DataFrame,
    hires_under_30: pd.Series | None = None,
) -> pd.DataFrame:
    """Every quantity of `QUANTITIES` by year (index year, one column per quantity).

    Parameters
    ----------
    supply_demand, pupils, preschool, teachers_by_age : pandas.DataFrame
        Tables of a `ikm_sim.runner.RunResult`.
    retirement_age : pandas.DataFrame
        The dataset's ``retirement_age`` table (for the working-pensioner share).
    hires_under_30 : pandas.Series, optional
        `young_hires` of the run; without it the quantity is approximated by school hires times
        the stock's share under 30 (which understates it: entrants are younger than the stock).
    """
    sd = supply_demand
    is_pre = sd["subject"].isin(SCHOOL_EXCLUDED)
    is_subject = ~sd["subject"].isin(("PRE", "OTH"))
    q = pd.DataFrame(
        {
            "school_pedagogues": sd[~is_pre].groupby("year")["teachers"].sum(),
            "subject_teachers": sd[is_subject].groupby("year")["teachers"].sum(),
            "preschool_teachers": sd[is_pre].groupby("year")["teachers"].sum(),
            "all_teachers": sd.groupby("year")["teachers"].sum(),
            "school_vacancies_fte": sd[~is_pre].groupby("year")["vacancies_fte"].sum(),
            "preschool_vacancies_fte": sd[is_pre].groupby("year")["vacancies_fte"].sum(),
            "hires_total": sd.groupby("year")["hires"].sum(),
            "school_net_change": sd[~is_pre]
            .groupby("year")[["hires", "leavers", "retirements"]]
            .sum()
            .eval("hires - leavers - retirements"),
        }
    )
    grades = pupils.pivot_table(index="year", columns="grade", values="pupils", aggfunc="sum")
    q["pupils_total"] = grades.sum(axis=1)
    for g in grades.columns:
        q[f"pupils_grade_{int(g)}"] = grades[g]
    q["preschool_children"] = preschool.groupby("year")["children"].sum()
    tba = teachers_by_age[~teachers_by_age["subject"].isin(SCHOOL_EXCLUDED)]
    by_age = tba.pivot_table(index="year", columns="age", values="teachers", aggfunc="sum")
    q["share_aged_under_30"] = 1.0 - _share(by_age, 30)
    for lo in (50, 55, 60, 65):
        q[f"share_aged_{lo}plus"] = _share(by_age, lo)
    pension = retirement_age.set_index("year")["age"].astype(float)
    q["share_working_pensioners"] = _share(by_age, pension.map(np.floor))
    if hires_under_30 is not None:
        q["hires_under_30"] = hires_under_30.reindex(q.index.astype(int)).to_numpy()
    else:
        young = 1.0 - _share(by_age, 30)
        q["hires_under_30"] = sd[~is_pre].groupby("year")["hires"].sum() * young
    q.index = q.index.astype(int)
    return q

"""Re-anchor the state to a later school year: a run from the base year scaled to totals.

The registry tables (teachers by municipality × subject × age, pupils by municipality × grade)
exist for the registry base year; IZM publishes only totals for later years. `anchored_rows`
runs the model from the data's base year to a later year, scales the simulated stocks to the
published national totals of that year (``published_totals``, else ``history``) and returns
them as rows of the data tables (status ``derived``). ``ikm-sim update`` appends them to the
data (`ikm_sim.forecast.anchor.append_rows`), so the new year becomes the data's base year;
rolling-origin backtests build the state at each origin with them (`ikm_sim.state.origin`).

Scaling, per stock (national factor unless a municipal total is published):

- school-level pedagogues (subjects of level ``school`` and ``other``) to
  ``pedagogues_general``; preschool teachers to ``preschool_teachers``; FTE = headcount × the
  model's load per head of the base year;
- grade 1 to ``pupils_grade_1`` and grades 2–12 so that all grades make ``pupils_1_12``;
- preschool children to ``preschool_children``;
- vacancies: published cells (municipality × subject) as published, the other school cells
  scaled so the national total is ``vacancies_general_fte``; PRE to ``vacancies_preschool_fte``.

Stocks without a published total stay as simulated.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import TABLES
from ikm_sim.errors import IkmSimError
from ikm_sim.inputs import supply_inputs
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario

STATUS = "derived"
#: Series the new year must publish for the state to be re-anchored.
REQUIRED_SERIES = ("pupils_1_12", "pedagogues_general")


def _published(ds: Dataset, series: str, year: int) -> tuple[float | None, dict[str, float]]:
    """The national value (or None) and the municipal values of `series` in `year`.

    The national value is that of `Dataset.national_series` (``published_totals``, else
    ``history``); municipal values come from ``published_totals``.
    """
    t = ds.published_totals
    t = t[(t["series"] == series) & (t["year"] == year) & t["subject"].isna() & t["grade"].isna()]
    regional = t[t["atvk"].notna()]
    national = ds.national_series(series)
    return (
        float(national[year]) if year in national.index else None,
        dict(zip(regional["atvk"].astype(str), regional["value"].astype(float), strict=True)),
    )


def scale_to_totals(
    values: pd.Series, regions: pd.Series, national: float | None, regional: dict[str, float]
) -> pd.Series:
    """Scale `values` so municipalities sum to `regional` and the whole to `national`.

    Municipalities with a published value are scaled to it; the others share one factor that
    makes the national total (if published); without either the values are unchanged.

    Parameters
    ----------
    values : pandas.Series
        Simulated values (one per row).
    regions : pandas.Series
        ATVK code of every row (aligned with `values`).
    national : float or None
        Published national total.
    regional : dict of str to float
        Published municipal totals.

    Returns
    -------
    pandas.Series
        The scaled values.
    """
    out = values.astype(float).copy()
    fixed = regions.isin(list(regional))
    for code, total in regional.items():
        mask = regions == code
        sim = float(values[mask].sum())
        out[mask] = values[mask] * (total / sim if sim > 0 else 0.0)
    if national is not None:
        rest = float(values[~fixed].sum())
        target = national - sum(regional.values())
        if rest > 0 and target >= 0:
            out[~fixed] = values[~fixed] * (target / rest)
        elif target < 0 or (rest == 0 and target > 0):
            raise IkmSimError(
                f"cannot anchor to a national total of {national:,.0f}: the municipal totals "
                f"add up to {sum(regional.values()):,.0f} and the other municipalities "
                f"simulate {rest:,.0f}"
            )
    return out


def _round_keeping_total(values: pd.Series, decimals: int = 3) -> pd.Series:
    """Round to `decimals`, putting the rounding residue on the largest value."""
    rounded = values.round(decimals)
    if len(values):
        residue = round(float(values.sum() - rounded.sum()), decimals)
        rounded.iloc[int(np.argmax(rounded.to_numpy()))] += residue
    return rounded.round(decimals)


def _births_rows(ds: Dataset, year: int) -> dict[str, pd.DataFrame]:
    """Births of calendar `year` from the published totals, if the data lacks them."""
    if year in set(ds.births["year"]) and year in set(ds.births_by_municipality["year"]):
        return {}
    national, _ = _published(ds, "births", year)
    t = ds.published_totals
    row = t[(t["series"] == "births") & (t["year"] == year)]
    if national is None:
        raise IkmSimError(
            f"no births for {year}: add a `births` row for {year} (CSP) to the new figures"
        )
    out: dict[str, pd.DataFrame] = {}
    if year not in set(ds.births["year"]):
        out["births"] = pd.DataFrame(
            {
                "year": [year],
                "births": [round(national)],
                "status": ["published"],
                "source_grade": [str(row["source_grade"].iloc[0])],
            }
        )
    by = ds.births_by_municipality
    last = by[by["year"] == by["year"].max()]
    shares = last["births"] / last["births"].sum()
    out["births_by_municipality"] = pd.DataFrame(
        {
            "year": year,
            "atvk": last["atvk"].to_numpy(),
            "births": _round_keeping_total(shares * round(national)).to_numpy(),
            "status": STATUS,
        }
    )
    return out


def anchored_rows(
    ds: Dataset,
    parameters: BehaviouralParameters,
    year: int,
    *,
    required: tuple[str, ...] = REQUIRED_SERIES,
    model_overrides: dict[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Rows of the data tables for `year`, simulated from the base year and scaled to totals.

    Parameters
    ----------
    ds : Dataset
        The data with the new year's published totals (and its births) already added.
    parameters : BehaviouralParameters
        Parameters of the roll-forward run (the refitted ones).
    year : int
        The school year to anchor; must be after ``ds.base_year``.
    required : tuple of str, optional
        National series `year` must have (default `REQUIRED_SERIES`, as ``ikm-sim update``
        needs); ``()`` anchors to whatever is published and keeps the rest as simulated.
    model_overrides : dict, optional
        Model inputs of the roll-forward run (`ikm_sim.runner.run`), e.g. the cohort ratios of
        a calibration window.

    Returns
    -------
    dict of str to pandas.DataFrame
        Table name -> new rows in contract columns: teachers, pupils, preschool, vacancies and,
        where the data lacks them, births and births_by_municipality.
    """
    base = ds.base_year
    if year <= base:
        raise IkmSimError(f"the new year {year} is not after the data's base year {base}")
    missing = [s for s in required if _published(ds, s, year)[0] is None]
    if missing:
        raise IkmSimError(
            f"the new figures for {year} lack the national {', '.join(missing)}, which the "
            "state is anchored to"
        )
    births = _births_rows(ds, year)
    res = run(
        load_scenario("baseline"),
        data=ds,
        parameters=parameters,
        base_year=base,
        final_year=year,
        model_overrides=model_overrides,
    )
    level = ds.subjects.set_index("code")["level"]
    rows = {
        "teachers": _teachers(ds, res.teachers_by_age, level, parameters, base, year),
        "pupils": _pupils(ds, res.pupils, year),
        "preschool": _preschool(ds, res.preschool, year),
        "vacancies": _vacancies(ds, res.supply_demand, level, year),
        **births,
    }
    return {name: frame[list(TABLES[name].column_names)] for name, frame in rows.items()}


def _teachers(
    ds: Dataset,
    tba: pd.DataFrame,
    level: pd.Series,
    p: BehaviouralParameters,
    base: int,
    year: int,
) -> pd.DataFrame:
    # cells below the table's precision are dropped before scaling, so the totals hold
    t = tba[(tba["year"] == year) & (tba["teachers"] >= 0.0005)].reset_index(drop=True)
    regions, subjects = ds.regions, ds.subject_codes
    load = supply_inputs(ds, regions, subjects, p, base)["Load per Head"].values
    ri = t["region"].map({r: i for i, r in enumerate(regions)}).to_numpy()
    si = t["subject"].map({s: i for i, s in enumerate(subjects)}).to_numpy()
    per_head = load[ri, si, t["age"].to_numpy() - 20]
    school = t["subject"].map(level).isin(["school", "other"])
    heads = t["teachers"].astype(float)
    scaled = heads.copy()
    scaled[school] = scale_to_totals(
        heads[school], t.loc[school, "region"], *_published(ds, "pedagogues_general", year)
    )
    pre_total, _ = _published(ds, "preschool_teachers", year)
    scaled[~school] = scale_to_totals(heads[~school], t.loc[~school, "region"], pre_total, {})
    out = t.assign(headcount=scaled, fte=scaled * per_head)
    out.loc[school, "headcount"] = _round_keeping_total(out.loc[school, "headcount"])
    return out.rename(columns={"region": "atvk"}).assign(
        year=year, fte=out["fte"].round(3), status=STATUS
    )


def _pupils(ds: Dataset, pupils: pd.DataFrame, year: int) -> pd.DataFrame:
    p = pupils[pupils["year"] == year].reset_index(drop=True)
    first = p["grade"] == 1
    values = p["pupils"].astype(float).copy()
    values[first] = scale_to_totals(
        values[first], p.loc[first, "region"], *_published(ds, "pupils_grade_1", year)
    )
    total, by_region = _published(ds, "pupils_1_12", year)
    g1_total = float(values[first].sum())
    g1_by_region = values[first].groupby(p.loc[first, "region"]).sum()
    values[~first] = scale_to_totals(
        values[~first],
        p.loc[~first, "region"],
        None if total is None else total - g1_total,
        {r: v - float(g1_by_region.get(r, 0.0)) for r, v in by_region.items()},
    )
    return p.rename(columns={"region": "atvk"}).assign(
        year=year, pupils=values.round(3), status=STATUS
    )


def _preschool(ds: Dataset, preschool: pd.DataFrame, year: int) -> pd.DataFrame:
    p = preschool[preschool["year"] == year].reset_index(drop=True)
    values = scale_to_totals(
        p["children"], p["region"], *_published(ds, "preschool_children", year)
    )
    return p.rename(columns={"region": "atvk"}).assign(
        year=year, children=values.round(3), status=STATUS
    )


def _vacancies(ds: Dataset, sd: pd.DataFrame, level: pd.Series, year: int) -> pd.DataFrame:
    v = sd.loc[sd["year"] == year, ["region", "subject", "vacancies_fte"]].reset_index(drop=True)
    values = v["vacancies_fte"].astype(float).copy()
    school = v["subject"].map(level).isin(["school", "other"])
    t = ds.published_totals
    cells = t[
        (t["series"] == "vacancies_general_fte")
        & (t["year"] == year)
        & t["atvk"].notna()
        & t["subject"].notna()
    ]
    given = pd.Series(
        cells["value"].to_numpy(float),
        index=pd.MultiIndex.from_arrays([cells["atvk"].astype(str), cells["subject"].astype(str)]),
    )
    key = pd.MultiIndex.from_arrays([v["region"], v["subject"]])
    published_cell = key.isin(given.index)
    national, _ = _published(ds, "vacancies_general_fte", year)
    rest = school & ~published_cell
    if national is not None:
        rest_total = max(0.0, national - float(given.sum()))
        sim = float(values[rest].sum())
        values[rest] = values[rest] * (rest_total / sim if sim > 0 else 0.0)
    values[published_cell] = given.reindex(key[published_cell]).to_numpy()
    pre_total, _ = _published(ds, "vacancies_preschool_fte", year)
    values[~school] = scale_to_totals(values[~school], v.loc[~school, "region"], pre_total, {})
    out = v.rename(columns={"region": "atvk"}).assign(
        year=year, vacancies_fte=values.round(3), status=STATUS
    )
    return out[out["vacancies_fte"] > 0].reset_index(drop=True)

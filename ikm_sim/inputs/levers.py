"""Lever paths: today's values from the data up to the base year, the scenario's after it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, GRADES
from ikm_sim.inputs.common import (
    GRADE_LABELS,
    PATH_YEARS,
    as_array,
    lookup_series,
    time_path,
)
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import Scenario

#: Births relative to 2024 by variant (reasoned: births fell 13 % a year in 2024 and H1 2025;
#: Eurostat projects the 0-16 population 32 % lower by 2040).
BIRTH_VARIANTS: dict[str, dict[int, float]] = {
    "low": {2025: 0.86, 2030: 0.78, 2035: 0.74, 2045: 0.74},
    "medium": {2025: 0.87, 2030: 0.90, 2035: 0.92, 2045: 0.92},
    "high": {2025: 0.88, 2030: 0.97, 2035: 1.05, 2045: 1.05},
}

#: National rate of language-requirement exits in the transition 2023/24-2025/26, before the
#: municipal exposure: 45 teachers dismissed for insufficient Latvian in a school year (press,
#: grade C, latvia-public-figures.md §5.2) over ~37,800 pedagogues at an average exposure of
#: ~1.4 (Rīga and Latgale ×2, elsewhere ×0.5) gives 45 / (37,800 × 1.4) ≈ 0.00085 a year.
#: (Until issue #17 it was an unsourced 0.004, ~210 exits a year.)
LANGUAGE_EXIT_RATE = 0.00085

#: Prior elasticity of classes to the number of schools in the 2015-2023 network
#: consolidation (behavioural parameter ``school_class_elasticity``, fitted): when a school
#: closes most of its pupils fill classes elsewhere, so classes fall by a fraction of the
#: schools.
SCHOOL_CLASS_ELASTICITY = float(
    BehaviouralParameters.model_fields["school_class_elasticity"].default
)


def consolidation_history(
    data: Dataset, base: int, elasticity: float = SCHOOL_CLASS_ELASTICITY
) -> np.ndarray:
    """The school-network consolidation since `base`, as a Consolidation Factor path.

    ``(schools(base) / schools(year)) ** elasticity`` from the published counts of
    general schools (national series ``schools_general`` of ``history`` and
    ``published_totals``, interpolated log-linearly, held flat outside the published years), so
    a run from an earlier year sees the classes the network lost until the last published
    count; a run from that year or later gets 1 throughout.

    Parameters
    ----------
    data : Dataset
        The dataset (its ``history`` table).
    base : int
        Base year of the run.
    elasticity : float, optional
        Elasticity of classes to schools (the ``school_class_elasticity`` parameter).

    Returns
    -------
    numpy.ndarray
        One factor per year of `PATH_YEARS`.
    """
    rows = data.national_series("schools_general")
    if rows.empty:
        return np.ones(len(PATH_YEARS))
    xs = rows.index.to_numpy(dtype=float)
    logs = np.log(rows.to_numpy(dtype=float))

    def schools(years: np.ndarray) -> np.ndarray:
        return np.exp(np.interp(np.minimum(years, xs[-1]), xs, logs))

    ratio = schools(np.array([float(base)]))[0] / schools(PATH_YEARS.astype(float))
    factor = ratio**elasticity
    return np.where(base >= PATH_YEARS, 1.0, factor)


def _macitspeks_history(data: Dataset) -> dict[int, float]:
    h = data.history
    rows = h[h["series"] == "macitspeks_intake"] if "series" in h else h.iloc[0:0]
    points = {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}
    if not points:
        points = {2020: 100.0, 2021: 93.0, 2022: 81.0, 2023: 89.0}
    return {min(points) - 1: 0.0, **points}


def national_lever_path(
    scenario: Scenario, lever: str, today: np.ndarray | float, base: int = BASE_YEAR
) -> pd.Series:
    """Annual path of a national lever: `today` up to `base`, then the scenario's setting.

    Parameters
    ----------
    scenario : Scenario
        The scenario, with its ``extends`` chain resolved.
    lever : str
        Lever name (see `ikm_sim.scenario.registry`).
    today : numpy.ndarray or float
        The lever's value without the scenario: one per year of `PATH_YEARS`, or a constant.
    base : int, optional
        Base year of the run.

    Returns
    -------
    pandas.Series
        The path indexed by year (as PySD takes a lookup).
    """
    from ikm_sim.scenario.resolve import resolve_lever

    values = np.broadcast_to(np.asarray(today, dtype=float), PATH_YEARS.shape).copy()
    return lookup_series(resolve_lever(scenario.levers.setting(lever), values, base))


def lever_inputs(
    data: Dataset,
    subjects: list[str],
    p: BehaviouralParameters,
    scenario: Scenario,
    base: int = BASE_YEAR,
) -> dict[str, Any]:
    """Annual paths of the levers: today's values from the data, the future from the scenario.

    Every path has one point per year 2000-2100; years up to `base` keep today's values (see
    `ikm_sim.scenario.resolve`). Levers with a region, subject or grade dimension become
    arrayed lookups (a float path when the value is the same for every element).

    Parameters
    ----------
    data : Dataset
        The dataset (births history, workload rules, retirement age, Mācītspēks history).
    subjects : list of str
        Subject codes in model order.
    p : BehaviouralParameters
        Calibrated parameters (today's children per preschool FTE).
    scenario : Scenario
        The scenario, with its ``extends`` chain resolved.
    base : int, optional
        Base year of the run.

    Returns
    -------
    dict
        Model variable name -> `pandas.Series` indexed by year.
    """
    return {
        "Birth Index": lookup_series(birth_index(data, scenario, base)),
        **_national_paths(data, p, scenario, base),
        **_regional_paths(data, p, scenario, base),
        **_subject_paths(subjects, scenario, base),
        "Arrival Grade Share": as_array(arrival_grade_share(data), {"Grade": GRADE_LABELS}),
    }


def birth_index(data: Dataset, scenario: Scenario, base: int) -> np.ndarray:
    """Births relative to the base year: the data's years, then the scenario's variant.

    Parameters
    ----------
    data : Dataset
        The dataset (national births).
    scenario : Scenario
        The scenario (its birth variant and the ``births`` multiplier).
    base : int
        Base year of the run.

    Returns
    -------
    numpy.ndarray
        One value per year of `PATH_YEARS`.
    """
    from ikm_sim.scenario.resolve import resolve_lever

    births = dict(
        zip(data.births["year"].tolist(), data.births["births"].astype(float).tolist(), strict=True)
    )
    index = {int(y): b / births[base] for y, b in births.items()}
    last = max(index)
    variant = BIRTH_VARIANTS[scenario.levers.births_variant or "medium"]
    for y, rel in variant.items():
        if y > last:
            index[y] = rel * index[last]
    ones = np.ones(len(PATH_YEARS))
    multiplier = resolve_lever(scenario.levers.setting("births"), ones, max(base, last))
    return time_path(index).to_numpy() * multiplier


def _workload_paths(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Hours of a full rate and its lesson share by year, each rule held until the next."""
    rules = data.workload_rules
    starts = rules["year_from"].tolist()
    hours = rules["likme_hours"].astype(float).tolist()
    lessons = rules["lessons_per_fte"].astype(float).tolist()

    def step(points: dict[int, float]) -> np.ndarray:
        s = pd.Series(points).sort_index()
        return s.reindex(PATH_YEARS, method="ffill").bfill().to_numpy(dtype=float)

    likme = step(dict(zip(starts, hours, strict=True)))
    share = step({y: n / h for y, n, h in zip(starts, lessons, hours, strict=True)})
    return likme, share


def _national_paths(
    data: Dataset, p: BehaviouralParameters, scenario: Scenario, base: int
) -> dict[str, pd.Series]:
    """The levers without a dimension: workload rules, pension age, pay, entry routes."""

    def national(name: str, default: np.ndarray | float) -> pd.Series:
        return national_lever_path(scenario, name, default, base)

    likme, share = _workload_paths(data)
    ret = dict(
        zip(
            data.retirement_age["year"].tolist(),
            data.retirement_age["age"].astype(float).tolist(),
            strict=True,
        )
    )
    return {
        "Likme Hours": national("likme_hours", likme),
        "Lesson Share": national("lesson_share", share),
        "Retirement Age": national("retirement_age", time_path(ret).to_numpy()),
        "Retention Effect": national("retention", 0.0),
        "Pensioner Rule Multiplier": national("pensioner_rule", 1.0),
        "Macitspeks Intake": national(
            "macitspeks_intake", time_path(_macitspeks_history(data)).to_numpy()
        ),
        "Children per Preschool FTE": national(
            "children_per_preschool_fte", p.children_per_preschool_fte
        ),
        "Relative Pay": national("relative_pay", 1.0),
    }


def _regional_paths(
    data: Dataset, p: BehaviouralParameters, scenario: Scenario, base: int
) -> dict[str, pd.Series]:
    """The levers by municipality: consolidation, language exits, migration, arrivals."""
    from ikm_sim.scenario.resolve import resolve_count_lever, resolve_lever

    lv = scenario.levers
    regions = [str(r) for r in data.municipalities["atvk"]]
    region_of = dict(zip(regions, data.municipalities["planning_region"].astype(str), strict=True))
    rc = {"Region": regions}
    language = time_path(
        {2022: 0.0, 2023: LANGUAGE_EXIT_RATE, 2025: LANGUAGE_EXIT_RATE, 2026: 0.0}
    ).to_numpy()
    today = {
        "consolidation": consolidation_history(data, base, p.school_class_elasticity),
        "language_exit_rate": language,
        "net_migration": np.zeros(len(PATH_YEARS)),
    }
    names = {
        "consolidation": "Consolidation Factor",
        "language_exit_rate": "Language Exit Rate",
        "net_migration": "Net Migration Rate",
    }
    out = {
        names[lever]: lookup_series(
            resolve_lever(lv.setting(lever), values, base, regions=regions, region_of=region_of),
            rc,
        )
        for lever, values in today.items()
    }
    out["Arrivals from Abroad"] = lookup_series(
        resolve_count_lever(
            lv.setting("pupil_arrivals"), base, regions, region_of, _pupils_of(data, base)
        ),
        rc,
    )
    return out


def _subject_paths(subjects: list[str], scenario: Scenario, base: int) -> dict[str, pd.Series]:
    """The levers by subject (and grade): study places and curriculum hours."""
    from ikm_sim.scenario.resolve import resolve_lever

    lv = scenario.levers
    ones = np.ones(len(PATH_YEARS))
    sc = {"Subject": subjects}
    return {
        "Training Places Index": lookup_series(
            resolve_lever(lv.setting("training_places"), ones, base, subjects=subjects), sc
        ),
        "Additional Training Places": lookup_series(
            resolve_lever(
                lv.setting("additional_training_places"), ones * 0.0, base, subjects=subjects
            ),
            sc,
        ),
        "Curriculum Multiplier": lookup_series(
            resolve_lever(
                lv.setting("curriculum"), ones, base, subjects=subjects, grades=list(GRADES)
            ),
            {"Subject": subjects, "Grade": GRADE_LABELS},
        ),
    }


def _pupils_of(data: Dataset, year: int) -> np.ndarray:
    """Pupils per municipality (model order) in `year`, the weights of national arrivals."""
    p = data.pupils[data.pupils["year"] == year]
    regions = [str(r) for r in data.municipalities["atvk"]]
    return p.groupby("atvk")["pupils"].sum().reindex(regions).fillna(0.0).to_numpy(dtype=float)


#: Published series of pupils arriving from abroad (``published_totals``), by grade.
ARRIVAL_SERIES = ("pupils_ukrainian", "pupils_from_abroad")


def arrival_grade_share(data: Dataset) -> np.ndarray:
    """Shares of arriving pupils by grade: the latest year with published arrivals by grade.

    Rows of `ARRIVAL_SERIES` with a grade in ``published_totals`` (all municipalities added up)
    of the latest such year; without any, an even share of 1/12 (a documented assumption: no
    arrivals by grade are in the reference notes).

    Parameters
    ----------
    data : Dataset
        The dataset.

    Returns
    -------
    numpy.ndarray
        12 shares summing to 1.
    """
    t = data.published_totals
    rows = t[t["series"].isin(ARRIVAL_SERIES) & t["grade"].notna()]
    if rows.empty:
        return np.full(len(GRADES), 1.0 / len(GRADES))
    rows = rows[rows["year"] == rows["year"].max()]
    by_grade = rows.groupby(rows["grade"].astype(int))["value"].sum()
    values = by_grade.reindex(list(GRADES)).fillna(0.0).to_numpy(dtype=float)
    total = values.sum()
    return values / total if total > 0 else np.full(len(GRADES), 1.0 / len(GRADES))

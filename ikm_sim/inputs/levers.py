"""Lever paths: today's values from the data up to the base year, the scenario's after it.

The lever registry (`ikm_sim.scenario.LEVERS`) drives these inputs: each lever's spec names
the model variable it sets, its dimensions (which give the variable's coordinates) and its
kind (how a setting becomes values: a level, a factor on today's path, or a count spread over
municipalities). What the registry cannot know, today's values from the data, is `TODAY`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, GRADES
from ikm_sim.inputs.common import (
    GRADE_LABELS,
    PATH_YEARS,
    Window,
    as_array,
    cached,
    frozen,
    lookup_series,
    time_path,
)
from ikm_sim.inputs.funding import school_year_path
from ikm_sim.inputs.resolve import resolve_count_lever, resolve_lever
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import LEVERS, LeverSpec, Scenario
from ikm_sim.scenario.registry import (
    PROGRAMMA_SECONDARY_MINIMUM,
    PROGRAMMA_START_YEAR,
    Dim,
    LeverKind,
)

#: Births relative to 2024 by variant (reasoned: births fell 13 % a year in 2024 and H1 2025;
#: Eurostat projects the 0-16 population 32 % lower by 2040); held at the 2035 level to 2050.
BIRTH_VARIANTS: dict[str, dict[int, float]] = {
    "low": {2025: 0.86, 2030: 0.78, 2035: 0.74, 2045: 0.74, 2050: 0.74},
    "medium": {2025: 0.87, 2030: 0.90, 2035: 0.92, 2045: 0.92, 2050: 0.92},
    "high": {2025: 0.88, 2030: 0.97, 2035: 1.05, 2045: 1.05, 2050: 1.05},
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
    rows: pd.Series = cached(
        data,
        ("national series", "schools_general"),
        lambda: data.national_series("schools_general"),
    )
    if rows.empty:
        return np.ones(len(PATH_YEARS))
    xs = rows.index.to_numpy(dtype=float)
    logs = np.log(rows.to_numpy(dtype=float))

    def schools(years: np.ndarray) -> np.ndarray:
        return np.exp(np.interp(np.minimum(years, xs[-1]), xs, logs))

    ratio = schools(np.array([float(base)]))[0] / schools(PATH_YEARS.astype(float))
    factor = ratio**elasticity
    return np.where(base >= PATH_YEARS, 1.0, factor)


def _macitspeks_history(data: Dataset) -> np.ndarray:
    """Mācītspēks intake by year of `PATH_YEARS` (0 before the first published year)."""
    path: np.ndarray = cached(
        data, ("macitspeks",), lambda: frozen(time_path(_macitspeks_points(data)).to_numpy())
    )
    return path


def _macitspeks_points(data: Dataset) -> dict[int, float]:
    h = data.history
    rows = h[h["series"] == "macitspeks_intake"] if "series" in h else h.iloc[0:0]
    points = {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}
    if not points:
        points = {2020: 100.0, 2021: 93.0, 2022: 81.0, 2023: 89.0}
    return {min(points) - 1: 0.0, **points}


@dataclass(frozen=True)
class Today:
    """A lever's values without the scenario.

    Attributes
    ----------
    values : numpy.ndarray or float
        One value per year of `PATH_YEARS` (or per year and element), or a constant.
    keep_until : int, optional
        Last year that keeps these values whatever the scenario says (default: the base year).
    """

    values: np.ndarray | float
    keep_until: int | None = None


@dataclass(frozen=True)
class LeverFrame:
    """What turning lever settings into model inputs needs: the run and its elements.

    ``window`` (first and last simulated year), when given, thins the lookup paths to it
    (`ikm_sim.model.lookup_paths.thin_path`).
    """

    data: Dataset
    p: BehaviouralParameters
    scenario: Scenario
    base: int
    regions: list[str]
    region_of: dict[str, str]
    subjects: list[str]
    window: Window | None = None

    @classmethod
    def of(
        cls,
        data: Dataset,
        subjects: list[str],
        p: BehaviouralParameters,
        scenario: Scenario,
        base: int,
        window: Window | None = None,
    ) -> LeverFrame:
        """The frame of a run on `data` (municipalities in the data's order)."""
        regions, region_of = cached(data, ("planning regions",), lambda: _planning_regions(data))
        return cls(data, p, scenario, base, regions, region_of, subjects, window)


def _planning_regions(data: Dataset) -> tuple[list[str], dict[str, str]]:
    """Municipality codes in the data's order and the planning region of each."""
    regions = [str(r) for r in data.municipalities["atvk"]]
    planning = data.municipalities["planning_region"].astype(str)
    return regions, dict(zip(regions, planning, strict=True))


def _language_exits(frame: LeverFrame) -> Today:
    rate = LANGUAGE_EXIT_RATE
    return Today(time_path({2022: 0.0, 2023: rate, 2025: rate, 2026: 0.0}).to_numpy())


def _retirement_age(frame: LeverFrame) -> Today:
    def build() -> np.ndarray:
        table = frame.data.retirement_age
        ages = dict(zip(table["year"].tolist(), table["age"].astype(float).tolist(), strict=True))
        return frozen(time_path(ages).to_numpy())

    return Today(cached(frame.data, ("retirement age",), build))


#: Each lever's values without the scenario ("today"), from the data and the parameters; the
#: registry (`ikm_sim.scenario.LEVERS`) says which model variable it sets and how.
TODAY: dict[str, Callable[[LeverFrame], Today]] = {
    "relative_pay": lambda f: Today(1.0),
    "training_places": lambda f: Today(1.0),
    "additional_training_places": lambda f: Today(0.0),
    "macitspeks_intake": lambda f: Today(_macitspeks_history(f.data)),
    "retirement_age": _retirement_age,
    "pensioner_rule": lambda f: Today(1.0),
    "lesson_share": lambda f: Today(_workload_paths(f.data)[1]),
    "likme_hours": lambda f: Today(_workload_paths(f.data)[0]),
    "consolidation": lambda f: Today(
        consolidation_history(f.data, f.base, f.p.school_class_elasticity)
    ),
    "children_per_preschool_fte": lambda f: Today(f.p.children_per_preschool_fte),
    "curriculum": lambda f: Today(1.0),
    "language_exit_rate": _language_exits,
    "births": lambda f: _birth_variant(f.data, f.scenario, f.base),
    "net_migration": lambda f: Today(0.0),
    "pupil_arrivals": lambda f: Today(0.0),
    "retention": lambda f: Today(0.0),
    "employer_contribution_rate": lambda f: Today(
        school_year_path(f.data, "employer_contribution_rate") / 100.0
    ),
    "lowest_pay_rate": lambda f: Today(school_year_path(f.data, "lowest_pay_full_load")),
    "lowest_pay_rate_preschool": lambda f: Today(
        school_year_path(f.data, "lowest_pay_full_load_preschool")
    ),
    "grant_rate_multiplier": lambda f: Today(1.0),
    # "Programma skolā": rules announced for 2026 on (off today)
    "programma_skola": lambda f: Today(0.0),
    "programma_skola_start_year": lambda f: Today(float(PROGRAMMA_START_YEAR)),
    "programma_secondary_minimum": lambda f: Today(float(PROGRAMMA_SECONDARY_MINIMUM)),
    "programma_extra_funding": lambda f: Today(0.0),
}


def lever_coords(spec: LeverSpec, frame: LeverFrame) -> dict[str, list[str]]:
    """The model coordinates of a lever's variable, from its dimensions (none: national)."""
    coords: dict[str, list[str]] = {}
    if Dim.REGION in spec.dims:
        coords["Region"] = frame.regions
    if Dim.SUBJECT in spec.dims:
        coords["Subject"] = frame.subjects
    if Dim.GRADE_BAND in spec.dims:
        coords["Grade"] = GRADE_LABELS
    return coords


def lever_values(spec: LeverSpec, frame: LeverFrame, today: Today) -> np.ndarray:
    """Annual values of one lever: `today` up to its last kept year, then the scenario's.

    Parameters
    ----------
    spec : LeverSpec
        The lever (its kind and dimensions say how its setting becomes values).
    frame : LeverFrame
        The run: data, parameters, scenario, base year, municipalities and subjects.
    today : Today
        The lever's values without the scenario.

    Returns
    -------
    numpy.ndarray
        Shape ``(years,)`` for a national lever, ``(years, regions)``, ``(years, subjects)``
        or ``(years, subjects, grades)``.
    """
    setting = frame.scenario.levers.setting(spec.name)
    keep = frame.base if today.keep_until is None else today.keep_until
    if spec.kind is LeverKind.COUNT:
        weights = _pupils_of(frame.data, frame.base)
        return resolve_count_lever(setting, keep, frame.regions, frame.region_of, weights)
    elements: dict[str, Any] = {}
    if Dim.REGION in spec.dims:
        elements.update(regions=frame.regions, region_of=frame.region_of)
    if Dim.SUBJECT in spec.dims:
        elements["subjects"] = frame.subjects
    if Dim.GRADE_BAND in spec.dims:
        elements["grades"] = list(GRADES)
    values = np.broadcast_to(np.asarray(today.values, dtype=float), PATH_YEARS.shape).copy()
    if spec.kind is LeverKind.FACTOR:
        return values * resolve_lever(setting, np.ones(len(PATH_YEARS)), keep, **elements)
    return resolve_lever(setting, values, keep, **elements)


def lever_input(spec: LeverSpec, frame: LeverFrame, today: Today | None = None) -> pd.Series:
    """The model input of one lever: its annual values as PySD takes a lookup.

    Parameters
    ----------
    spec : LeverSpec
        The lever.
    frame : LeverFrame
        The run.
    today : Today, optional
        The lever's values without the scenario (default: `TODAY` of the lever).

    Returns
    -------
    pandas.Series
        The path indexed by year (floats, or one DataArray per year when the values differ
        between elements).
    """
    today = TODAY[spec.name](frame) if today is None else today
    values = lever_values(spec, frame, today)
    return lookup_series(values, lever_coords(spec, frame) or None, frame.window)


def lever_inputs(
    data: Dataset,
    subjects: list[str],
    p: BehaviouralParameters,
    scenario: Scenario,
    base: int = BASE_YEAR,
    window: Window | None = None,
) -> dict[str, Any]:
    """Annual paths of the levers: today's values from the data, the future from the scenario.

    One input per lever of the registry (`ikm_sim.scenario.LEVERS`), under its model variable.
    Every path has one point per year 2000-2100; years up to `base` keep today's values (see
    `ikm_sim.inputs.resolve`). Levers with a region, subject or grade dimension become
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
    window : tuple of float, optional
        First and last simulated year: the paths are thinned to it
        (`ikm_sim.model.lookup_paths.thin_path`).

    Returns
    -------
    dict
        Model variable name -> `pandas.Series` indexed by year.
    """
    frame = LeverFrame.of(data, subjects, p, scenario, base, window)
    share = cached(
        data,
        ("arrival grade share",),
        lambda: frozen(as_array(arrival_grade_share(data), {"Grade": GRADE_LABELS})),
    )
    return {
        **{spec.model_variable: lever_input(spec, frame) for spec in LEVERS.values()},
        "Arrival Grade Share": share,
    }


def _birth_variant(data: Dataset, scenario: Scenario, base: int) -> Today:
    """Births relative to the base year, the scenario's variant after the data's last year."""
    variant = scenario.levers.births_variant or "medium"

    def build() -> Today:
        births = dict(
            zip(
                data.births["year"].tolist(),
                data.births["births"].astype(float).tolist(),
                strict=True,
            )
        )
        index = {int(y): b / births[base] for y, b in births.items()}
        last = max(index)
        for y, rel in BIRTH_VARIANTS[variant].items():
            if y > last:
                index[y] = rel * index[last]
        return Today(frozen(time_path(index).to_numpy()), keep_until=max(base, last))

    today: Today = cached(data, ("births", base, variant), build)
    return today


def _workload_paths(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Hours of a full rate and its lesson share by year, each rule held until the next."""
    paths: tuple[np.ndarray, np.ndarray] = cached(
        data, ("workload",), lambda: tuple(frozen(p) for p in _workload_steps(data))
    )
    return paths


def _workload_steps(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
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


def _pupils_of(data: Dataset, year: int) -> np.ndarray:
    """Pupils per municipality (model order) in `year`, the weights of national arrivals."""

    def build() -> np.ndarray:
        p = data.pupils[data.pupils["year"] == year]
        regions = [str(r) for r in data.municipalities["atvk"]]
        weights = p.groupby("atvk")["pupils"].sum().reindex(regions).fillna(0.0)
        return frozen(weights.to_numpy(dtype=float))

    weights: np.ndarray = cached(data, ("pupils of", year), build)
    return weights


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

"""Map validated data, calibrated parameters and a scenario to the model's inputs.

The model file declares every input with a neutral default; this module computes the values:
initial stocks of the base year, ratios estimated from the history tables, behavioural
parameters, and lever time paths. Time paths are passed with one point per year, which keeps
PySD on its fast exact-lookup path (interpolation costs ~5 ms per call).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, CHILD_AGES, GRADES, TEACHER_AGES
from ikm_sim.errors import IkmSimError
from ikm_sim.model import entry_ratio
from ikm_sim.model.parameters import LEAVE_BANDS, BehaviouralParameters
from ikm_sim.scenario import Scenario, TimePath

PATH_YEARS = np.arange(2000, 2101)
AGE_LABELS = [f"A{a}" for a in TEACHER_AGES]
GRADE_LABELS = [f"G{g}" for g in GRADES]
CHILD_LABELS = [f"C{a}" for a in CHILD_AGES]
#: School years of history before the base year used to estimate cohort ratios.
RATIO_WINDOW = 4
#: Births relative to 2024 by variant (reasoned: births fell 13 % a year in 2024 and H1 2025;
#: Eurostat projects the 0-16 population 32 % lower by 2040).
BIRTH_VARIANTS: dict[str, dict[int, float]] = {
    "low": {2025: 0.86, 2030: 0.78, 2035: 0.74, 2045: 0.74},
    "medium": {2025: 0.87, 2030: 0.90, 2035: 0.92, 2045: 0.92},
    "high": {2025: 0.88, 2030: 0.97, 2035: 1.05, 2045: 1.05},
}
#: Weekly-lesson band class sizes by municipality type (published 2022/23 averages: rural
#: 13/14/16 in grades 1-6/7-9/10-12, small towns 20, cities 24).
CLASS_SIZE = {"state_city": (24.0, 24.0, 26.0), "novads": (15.0, 17.0, 20.0)}
#: Pedagogues in 2023/24: 25,986 in schools (IZM, published) + ~11,800 preschool (estimate).
#: A national intake (Mācītspēks) reaches a regional extract in proportion to its teachers.
NATIONAL_TEACHERS = 25_986 + 11_800
#: Mācītspēks intake by subject (2022: 17 maths, 15 science/technology, 27 languages,
#: 22 social studies, arts and sport).
MACITSPEKS_WEIGHTS = {
    "MAT": 17,
    "PHY": 5,
    "CHE": 5,
    "BIO": 5,
    "LAT": 9,
    "ENG": 9,
    "FL": 9,
    "HIS": 6,
    "GEO": 4,
    "ART": 4,
    "MUS": 4,
    "SPO": 4,
}


def time_path(value: TimePath, years: np.ndarray = PATH_YEARS) -> pd.Series:
    """Turn a constant or ``{year: value}`` mapping into an annual series (flat outside)."""
    if isinstance(value, Mapping):
        xs = np.array(sorted(value), dtype=float)
        ys = np.array([value[int(x)] for x in xs], dtype=float)
        values = np.interp(years, xs, ys)
    else:
        values = np.full(len(years), float(value))
    return pd.Series(values, index=years.astype(float))


def _array(values: np.ndarray, coords: dict[str, list[str]]) -> xr.DataArray:
    return xr.DataArray(values.astype(float), coords, list(coords))


def _pivot(
    frame: pd.DataFrame, index: str, column: str, value: str, rows: list[str], cols: list[Any]
) -> np.ndarray:
    table = frame.pivot_table(index=index, columns=column, values=value, aggfunc="sum")
    return table.reindex(index=rows, columns=cols).fillna(0.0).to_numpy(dtype=float)


#: Per dataset: what its tables give regardless of parameters and scenario (pivots, ratios,
#: stocks), so repeated runs on one dataset (app, calibration, ensembles) pivot them once.
_DATA_CACHE: weakref.WeakKeyDictionary[Dataset, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary()
)


def _cached(data: Dataset, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """`build()` once per dataset object and `key` (a Dataset is immutable; eq is identity)."""
    store = _DATA_CACHE.setdefault(data, {})
    if key not in store:
        store[key] = build()
    return store[key]


def _births(data: Dataset, regions: list[str]) -> pd.DataFrame:
    return (
        data.births_by_municipality.pivot_table(index="year", columns="atvk", values="births")
        .reindex(columns=regions)
        .fillna(0.0)
    )


def demand_inputs(
    data: Dataset,
    regions: list[str],
    subjects: list[str],
    p: BehaviouralParameters,
    base: int = BASE_YEAR,
) -> dict[str, Any]:
    """Initial children and pupils, cohort ratios, class sizes and curriculum."""
    t = _cached(
        data,
        ("demand", tuple(regions), tuple(subjects), base),
        lambda: _demand_tables(data, regions, subjects, base),
    )
    elasticity = np.where(
        t["types"] == "state_city", p.class_elasticity_state_city, p.class_elasticity_novads
    )
    split = np.where(t["split_groups"], p.split_group_factor, 1.0)
    rc = {"Region": regions}
    return {
        "Initial Children": _array(t["children"], {"Region": regions, "Child Age": CHILD_LABELS}),
        "Base Births": _array(t["base_births"], rc),
        "Entry Ratio": _array(t["entry"], rc),
        "Entry Ratio Deviation": entry_ratio.deviation_path(base),
        "Initial Pupils": _array(t["pupils_base"], {"Region": regions, "Grade": GRADE_LABELS}),
        "Progression Ratio": _array(t["prog"], {"Region": regions, "Grade": GRADE_LABELS}),
        "Enrolment Rate": _array(t["enrol"], {"Region": regions, "Child Age": CHILD_LABELS}),
        "Base Class Size": _array(t["size"], {"Region": regions, "Grade": GRADE_LABELS}),
        "Class Elasticity": _array(elasticity, rc),
        "Weekly Lessons": _array(t["lessons"], {"Subject": subjects, "Grade": GRADE_LABELS}),
        "Split Factor": _array(split, {"Subject": subjects}),
        "Is Preschool": _array(t["is_preschool"], {"Subject": subjects}),
        "Is Other": _array(t["is_other"], {"Subject": subjects}),
        "Pupils per Other FTE": p.pupils_per_other_fte,
    }


def _demand_tables(
    data: Dataset, regions: list[str], subjects: list[str], base: int
) -> dict[str, Any]:
    """The parameter-free part of `demand_inputs` (pivots and cohort ratios)."""
    births = _births(data, regions)
    children = np.stack(
        [
            births.loc[base - a].to_numpy() if base - a in births.index else np.zeros(len(regions))
            for a in CHILD_AGES
        ],
        axis=1,
    )
    pupils = data.pupils
    pupils_base = _pivot(
        pupils[pupils.year == base], "atvk", "grade", "pupils", regions, list(GRADES)
    )

    entry = _entry_ratios(data, pupils, births, regions, base)
    prog = _progression_ratios(pupils, regions, base)

    # Preschool enrolment rate by age (base year), children aged 0 not enrolled.
    pre_years = sorted(set(data.preschool["year"]))
    pre_year = min(pre_years, key=lambda y: (abs(y - base), y)) if pre_years else base
    pre = data.preschool[data.preschool.year == pre_year]
    enrolled = _pivot(pre, "atvk", "age", "children", regions, list(CHILD_AGES))
    with np.errstate(divide="ignore", invalid="ignore"):
        enrol = np.where(children > 0, enrolled / np.where(children > 0, children, 1.0), 0.0)
    enrol = np.clip(enrol, 0.0, 1.5)

    types = data.municipalities.set_index("atvk").reindex(regions)["type"]
    size = np.array(
        [[CLASS_SIZE[t][0 if g <= 6 else 1 if g <= 9 else 2] for g in GRADES] for t in types]
    )
    school = data.subjects.set_index("code").reindex(subjects)
    lessons = _pivot(data.curriculum, "subject", "grade", "weekly_lessons", subjects, list(GRADES))
    return {
        "children": children,
        "base_births": births.loc[base].to_numpy(),
        "entry": entry,
        "pupils_base": pupils_base,
        "prog": prog,
        "enrol": enrol,
        "types": types.to_numpy(),
        "size": size,
        "lessons": lessons,
        "split_groups": school["split_groups"].astype(bool).to_numpy(),
        "is_preschool": (school["level"] == "preschool").to_numpy(),
        "is_other": (school["level"] == "other").to_numpy(),
    }


def _entry_ratios(
    data: Dataset, pupils: pd.DataFrame, births: pd.DataFrame, regions: list[str], base: int
) -> np.ndarray:
    """Grade-1 entrants per birth seven years earlier, by municipality.

    The municipal pattern is the pupils table's average over the `RATIO_WINDOW` school years
    before `base`; it is scaled so that the national ratio is the level of the published
    points (`ikm_sim.model.entry_ratio.estimate`).
    """
    g1 = (
        pupils[pupils.grade == 1]
        .pivot_table(index="year", columns="atvk", values="pupils")
        .reindex(columns=regions)
    )
    years = [y for y in range(base - RATIO_WINDOW, base) if y in g1.index and y - 7 in births.index]
    if not years:
        return np.ones(len(regions))
    entry = pd.concat([g1.loc[y] / births.loc[y - 7] for y in years], axis=1).mean(axis=1)
    entry = entry.replace([np.inf, -np.inf], np.nan).fillna(1.0).clip(0.5, 1.5)
    national = sum(g1.loc[y].sum() for y in years) / sum(births.loc[y - 7].sum() for y in years)
    level = entry_ratio.estimate(data, base).level
    return (entry * (level / national if national > 0 else 1.0)).to_numpy(dtype=float)


#: Grade bands of the progression ratio, as indices of the transitions g -> g+1 (0 = 1 -> 2):
#: within basic school (1 -> 9), the continuation 9 -> 10 to general secondary, and within
#: secondary (10 -> 12).
PROGRESSION_BANDS = {"basic": range(0, 8), "continuation": range(8, 9), "secondary": range(9, 11)}


def _progression_ratios(pupils: pd.DataFrame, regions: list[str], base: int) -> np.ndarray:
    """Pupils in grade g+1 next year per pupil in grade g, by municipality and grade.

    Each grade's national ratio is the pooled ratio of its band over the `RATIO_WINDOW` school
    years before `base` (so grade-by-grade quirks of the synthesized cells cancel and only the
    band's change, which the published totals and grade points fix, remains); municipalities
    keep their own ratios relative to the national one.
    """
    wide = pupils.pivot_table(index=["year", "atvk"], columns="grade", values="pupils")
    shape = (len(regions), len(GRADES) - 1)
    acc, n, now_sum, next_sum = np.zeros(shape), np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for y in range(base - RATIO_WINDOW, base):
        if (y, regions[0]) not in wide.index or (y + 1, regions[0]) not in wide.index:
            continue
        now = pd.DataFrame(wide.loc[y]).reindex(index=regions, columns=list(GRADES)).to_numpy()
        nxt = pd.DataFrame(wide.loc[y + 1]).reindex(index=regions, columns=list(GRADES)).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            r = nxt[:, 1:] / now[:, :-1]
        ok = np.isfinite(r)
        acc += np.where(ok, r, 0.0)
        n += ok
        now_sum += np.nan_to_num(now[:, :-1])
        next_sum += np.nan_to_num(nxt[:, 1:])
    with np.errstate(divide="ignore", invalid="ignore"):
        prog = np.where(n > 0, acc / np.maximum(n, 1), 1.0)
        grade_ratio = next_sum.sum(axis=0) / now_sum.sum(axis=0)
    for band in PROGRESSION_BANDS.values():
        idx = list(band)
        pooled = next_sum[:, idx].sum() / now_sum[:, idx].sum() if now_sum[:, idx].sum() else 1.0
        scale = np.where(np.isfinite(grade_ratio[idx]), pooled / grade_ratio[idx], 1.0)
        prog[:, idx] *= scale
    out = np.zeros((len(regions), len(GRADES)))
    out[:, :-1] = np.clip(prog, 0.0, 1.5)  # everyone leaves after grade 12
    return out


def _smooth_age_load(head: np.ndarray, fte: np.ndarray, window: int = 5) -> np.ndarray:
    """Average load per person by age: filled across ages without teachers, then smoothed."""
    ages = np.arange(len(head), dtype=float)
    has = head > 0
    if not has.any():
        return np.ones(len(head))
    raw = np.interp(ages, ages[has], fte[has] / head[has])
    kernel = np.ones(window) / window
    padded = np.pad(raw, window // 2, mode="edge")
    return np.convolve(padded, kernel, mode="valid")


def supply_inputs(
    data: Dataset,
    regions: list[str],
    subjects: list[str],
    p: BehaviouralParameters,
    base: int = BASE_YEAR,
) -> dict[str, Any]:
    """Initial teachers, loads, vacancies and the entry and exit parameters."""
    head, load, vac = _cached(
        data,
        ("supply", tuple(regions), tuple(subjects), base),
        lambda: _supply_tables(data, regions, subjects, base),
    )
    return _supply_parameters(data, regions, subjects, p, head, load, vac)


def _supply_tables(
    data: Dataset, regions: list[str], subjects: list[str], base: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parameter-free part of `supply_inputs`: headcount, load per head, vacancies."""
    t = data.teachers[data.teachers.year == base]
    shape = (len(regions), len(subjects), len(TEACHER_AGES))
    head = np.zeros(shape)
    fte = np.zeros(shape)
    ri = {r: i for i, r in enumerate(regions)}
    si = {s: i for i, s in enumerate(subjects)}
    idx = (
        t.atvk.map(ri).to_numpy(),
        t.subject.map(si).to_numpy(),
        t.age.to_numpy() - TEACHER_AGES[0],
    )
    np.add.at(head, idx, t.headcount.to_numpy())
    np.add.at(fte, idx, t.fte.to_numpy())
    # Load per head = national load-by-age profile x a factor per municipality and subject, so
    # each cell's base-year FTE is exact and a teacher's load changes smoothly with age.
    age_load = _smooth_age_load(head.sum(axis=(0, 1)), fte.sum(axis=(0, 1)))
    expected = (head * age_load).sum(axis=2)
    factor = np.where(expected > 0, fte.sum(axis=2) / np.where(expected > 0, expected, 1.0), 1.0)
    load = factor[:, :, None] * age_load[None, None, :]

    v = data.vacancies[data.vacancies.year == base]
    vac = _pivot(v, "atvk", "subject", "vacancies_fte", regions, subjects)
    return head, load, vac


def _supply_parameters(
    data: Dataset,
    regions: list[str],
    subjects: list[str],
    p: BehaviouralParameters,
    head: np.ndarray,
    load: np.ndarray,
    vac: np.ndarray,
) -> dict[str, Any]:

    ages = np.array(TEACHER_AGES, dtype=float)
    leave = np.zeros(len(ages))
    for name, (lo, hi) in LEAVE_BANDS.items():
        leave[(ages >= lo) & (ages <= hi)] = getattr(p, name)
    young = np.exp(-0.5 * ((ages - 25.0) / 3.0) ** 2)
    older = np.exp(-0.5 * ((ages - p.entrant_mean_age_changers) / 8.0) ** 2)
    profile = (
        p.graduate_share_of_entrants_age * young / young.sum()
        + (1 - p.graduate_share_of_entrants_age) * older / older.sum()
    )
    profile[ages >= 65] = 0.0
    profile /= profile.sum()

    # Study places and applicants by subject, in proportion to each subject's share of teachers;
    # physics and chemistry train far fewer (LU: 1-4 physics graduates a year, 2015-2019).
    # Entry routes scale with the size of the dataset, so a regional extract gets its share.
    stock = head.sum(axis=(0, 2))
    weight = stock * np.array([0.3 if s in ("PHY", "CHE") else 1.0 for s in subjects])
    students = p.students_per_1000_teachers * stock.sum() / 1000.0
    places = students * weight / max(weight.sum(), 1e-9)
    ms = np.array([MACITSPEKS_WEIGHTS.get(s, 0.0) for s in subjects], dtype=float)
    ms = ms / ms.sum() * min(1.0, stock.sum() / NATIONAL_TEACHERS) if ms.sum() > 0 else ms

    regions_of = data.municipalities.set_index("atvk").reindex(regions)["planning_region"]
    preference = np.where(regions_of == "Rīga", p.regional_preference_riga, 1.0)
    exposure = np.where(regions_of.isin(["Latgale", "Rīga"]), p.language_exposure_high, 0.5)
    rsa = {"Region": regions, "Subject": subjects, "Age": AGE_LABELS}
    sc = {"Subject": subjects}
    return {
        "Initial Teachers": _array(head, rsa),
        "Load per Head": _array(load, rsa),
        "Initial Vacancies": _array(vac, {"Region": regions, "Subject": subjects}),
        "Age Value": _array(ages, {"Age": AGE_LABELS}),
        "Early Career": _array((ages < 30).astype(float), {"Age": AGE_LABELS}),
        "Base Leave Rate": _array(leave, {"Age": AGE_LABELS}),
        "Entrant Age Profile": _array(profile, {"Age": AGE_LABELS}),
        "Base Training Places": _array(places, sc),
        "Base Applicants": _array(places * p.applicants_per_place, sc),
        "Macitspeks Share": _array(ms, sc),
        "Regional Preference": _array(preference, {"Region": regions}),
        "Language Exposure": _array(exposure, {"Region": regions}),
        "Early Retirement Rate": p.early_retirement_rate,
        "Retirement Rate Past Pension Age": p.retirement_rate_past_pension_age,
        "Retirement Rate 75 Plus": p.retirement_rate_75_plus,
        "Returner Rate": p.returner_rate,
        "Completion Rate": p.completion_rate,
        "Base Take Up": p.base_take_up,
        "Overload Coverage": p.overload_coverage,
        "Max Overload": p.max_overload,
        "Max Underload": p.max_underload,
        "Overload Leave Sensitivity": p.overload_leave_sensitivity,
        "Working Pensioner Sensitivity": p.working_pensioner_sensitivity,
        "Pay Elasticity": p.pay_elasticity,
        "Workload Sensitivity": p.workload_sensitivity,
        "Pay Leave Elasticity": p.pay_leave_elasticity,
        "Entrant Load": p.entrant_load,
        "Overload Perception Time": p.overload_perception_time,
        "Surplus Adjustment Time": p.surplus_adjustment_time,
        "Hiring Adjustment Time": p.hiring_adjustment_time,
        "Vacancy Fill Share": p.vacancy_fill_share,
        "Fee Paying Share": p.fee_paying_share,
    }


def _lookup_series(values: np.ndarray, coords: dict[str, list[str]] | None = None) -> pd.Series:
    """A lever's annual values as PySD takes them: floats, or one DataArray per year."""
    index = PATH_YEARS.astype(float)
    if values.ndim == 1:
        return pd.Series(values, index=index)
    flat = values.reshape(len(values), -1)
    if np.allclose(flat, flat[:, :1]):  # the same path everywhere: broadcast a float path
        return pd.Series(flat[:, 0].copy(), index=index)
    assert coords is not None
    return pd.Series([_array(row, coords) for row in values], index=index, dtype=object)


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
    return _lookup_series(resolve_lever(scenario.levers.setting(lever), values, base))


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
    from ikm_sim.scenario.resolve import resolve_count_lever, resolve_lever

    lv = scenario.levers
    regions = [str(r) for r in data.municipalities["atvk"]]
    region_of = dict(zip(regions, data.municipalities["planning_region"].astype(str), strict=True))
    ones = np.ones(len(PATH_YEARS))

    def national(name: str, default: np.ndarray | float) -> pd.Series:
        return national_lever_path(scenario, name, default, base)

    births = dict(
        zip(data.births["year"].tolist(), data.births["births"].astype(float).tolist(), strict=True)
    )
    index = {int(y): b / births[base] for y, b in births.items()}
    last = max(index)
    variant = BIRTH_VARIANTS[lv.births_variant or "medium"]
    for y, rel in variant.items():
        if y > last:
            index[y] = rel * index[last]
    multiplier = resolve_lever(lv.setting("births"), ones, max(base, last))
    birth_index = time_path(index).to_numpy() * multiplier

    rules = data.workload_rules
    starts = rules["year_from"].tolist()
    hours = rules["likme_hours"].astype(float).tolist()
    lessons = rules["lessons_per_fte"].astype(float).tolist()

    def step(points: dict[int, float]) -> np.ndarray:
        # workload rules change by period: hold each value until the next rule
        s = pd.Series(points).sort_index()
        return s.reindex(PATH_YEARS, method="ffill").bfill().to_numpy(dtype=float)

    likme = step(dict(zip(starts, hours, strict=True)))
    share = step({y: n / h for y, n, h in zip(starts, lessons, hours, strict=True)})
    ret = dict(
        zip(
            data.retirement_age["year"].tolist(),
            data.retirement_age["age"].astype(float).tolist(),
            strict=True,
        )
    )
    language = time_path({2022: 0.0, 2023: 0.004, 2025: 0.004, 2026: 0.0}).to_numpy()
    rc = {"Region": regions}
    sc = {"Subject": subjects}
    grades = list(GRADES)
    return {
        "Birth Index": _lookup_series(birth_index),
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
        "Consolidation Factor": _lookup_series(
            resolve_lever(
                lv.setting("consolidation"),
                consolidation_history(data, base, p.school_class_elasticity),
                base,
                regions=regions,
                region_of=region_of,
            ),
            rc,
        ),
        "Language Exit Rate": _lookup_series(
            resolve_lever(
                lv.setting("language_exit_rate"),
                language,
                base,
                regions=regions,
                region_of=region_of,
            ),
            rc,
        ),
        "Net Migration Rate": _lookup_series(
            resolve_lever(
                lv.setting("net_migration"), ones * 0.0, base, regions=regions, region_of=region_of
            ),
            rc,
        ),
        "Arrivals from Abroad": _lookup_series(
            resolve_count_lever(
                lv.setting("pupil_arrivals"), base, regions, region_of, _pupils_of(data, base)
            ),
            rc,
        ),
        "Arrival Grade Share": _array(arrival_grade_share(data), {"Grade": GRADE_LABELS}),
        "Training Places Index": _lookup_series(
            resolve_lever(lv.setting("training_places"), ones, base, subjects=subjects), sc
        ),
        "Additional Training Places": _lookup_series(
            resolve_lever(
                lv.setting("additional_training_places"), ones * 0.0, base, subjects=subjects
            ),
            sc,
        ),
        "Curriculum Multiplier": _lookup_series(
            resolve_lever(lv.setting("curriculum"), ones, base, subjects=subjects, grades=grades),
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


def model_inputs(
    data: Dataset, p: BehaviouralParameters, scenario: Scenario, base_year: int = BASE_YEAR
) -> dict[str, Any]:
    """All inputs of one run starting in `base_year`, keyed by the model's variable names.

    Ratios (entry, progression) are estimated from the four school years before the base
    year only, so a run from an earlier base year uses no later history.
    """
    regions = list(data.municipalities["atvk"])
    subjects = list(data.subjects["code"])
    missing = [
        name
        for name, frame in (("teachers", data.teachers), ("pupils", data.pupils))
        if not (frame["year"] == base_year).any()
    ]
    if missing or base_year not in set(data.births["year"]):
        tables = ", ".join(missing or ["births"])
        raise IkmSimError(f"base year {base_year}: the data has no {tables} for that year")
    return {
        **demand_inputs(data, regions, subjects, p, base_year),
        **supply_inputs(data, regions, subjects, p, base_year),
        **lever_inputs(data, subjects, p, scenario, base_year),
    }

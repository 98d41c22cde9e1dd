"""Supply-side inputs: teachers of the base year, loads, vacancies, entry and exit parameters."""

from __future__ import annotations

from typing import Any

import numpy as np

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, TEACHER_AGES
from ikm_sim.inputs.common import (
    AGE_LABELS,
    as_array,
    cached,
    pivot,
)
from ikm_sim.model.parameters import LEAVE_BANDS, BehaviouralParameters

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
    head, load, vac = cached(
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
    vac = pivot(v, "atvk", "subject", "vacancies_fte", regions, subjects)
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
        "Initial Teachers": as_array(head, rsa),
        "Load per Head": as_array(load, rsa),
        "Initial Vacancies": as_array(vac, {"Region": regions, "Subject": subjects}),
        "Age Value": as_array(ages, {"Age": AGE_LABELS}),
        "Early Career": as_array((ages < 30).astype(float), {"Age": AGE_LABELS}),
        "Base Leave Rate": as_array(leave, {"Age": AGE_LABELS}),
        "Entrant Age Profile": as_array(profile, {"Age": AGE_LABELS}),
        "Base Training Places": as_array(places, sc),
        "Base Applicants": as_array(places * p.applicants_per_place, sc),
        "Macitspeks Share": as_array(ms, sc),
        "Regional Preference": as_array(preference, {"Region": regions}),
        "Language Exposure": as_array(exposure, {"Region": regions}),
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

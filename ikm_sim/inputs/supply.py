"""Supply-side inputs: teachers of the base year, loads, vacancies, entry and exit parameters."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, TEACHER_AGES
from ikm_sim.errors import IkmSimError
from ikm_sim.inputs.common import (
    AGE_LABELS,
    ParameterColumns,
    Wrap,
    as_array,
    cached,
    cached_recent,
    frozen,
    one_run,
    parameter_columns,
    parameter_key,
    sample_column,
)
from ikm_sim.inputs.grid import pivot
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
    """Initial teachers, loads, vacancies and the entry and exit parameters.

    The inputs that depend on the data alone are made once per dataset (and shared between
    runs, read-only); those that depend on the parameters once per parameter set.
    """
    elements = (tuple(regions), tuple(subjects), base)
    head, load, vac = supply_tables(data, regions, subjects, base)
    stocks = cached(
        data,
        ("supply inputs", *elements),
        lambda: {
            name: frozen(value)
            for name, value in _supply_stocks(regions, subjects, head, load, vac).items()
        },
    )
    by_parameters = cached_recent(
        data,
        ("supply parameters", *elements),
        parameter_key(p),
        lambda: {
            name: frozen(value)
            for name, value in supply_parameters(
                data, regions, subjects, parameter_columns(p), head, one_run
            ).items()
        },
    )
    return {**stocks, **by_parameters}


def supply_tables(
    data: Dataset, regions: list[str], subjects: list[str], base: int = BASE_YEAR
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Headcount, load per head (region x subject x age) and vacancies of the base year.

    Parameters
    ----------
    data : Dataset
        The dataset (computed once per dataset and arguments).
    regions, subjects : list of str
        Municipality and subject codes in model order.
    base : int, optional
        Base year of the run.

    Returns
    -------
    tuple of numpy.ndarray
        Headcount and load per head (region x subject x age), vacancies (region x subject).
    """
    tables: tuple[np.ndarray, np.ndarray, np.ndarray] = cached(
        data,
        ("supply", tuple(regions), tuple(subjects), base),
        lambda: tuple(frozen(t) for t in _supply_tables(data, regions, subjects, base)),
    )
    return tables


def _supply_tables(
    data: Dataset, regions: list[str], subjects: list[str], base: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parameter-free part of `supply_inputs`: headcount, load per head, vacancies."""
    t = data.teachers[data.teachers.year == base]
    shape = (len(regions), len(subjects), len(TEACHER_AGES))
    head = np.zeros(shape)
    fte = np.zeros(shape)
    idx = (
        pd.Index(regions).get_indexer(pd.Index(t.atvk)),
        pd.Index(subjects).get_indexer(pd.Index(t.subject)),
        t.age.to_numpy() - TEACHER_AGES[0],
    )
    if (idx[0] < 0).any() or (idx[1] < 0).any():
        raise IkmSimError(
            "teachers.csv: a municipality or subject code that municipalities.csv or "
            "subjects.csv does not list"
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


def _supply_stocks(
    regions: list[str], subjects: list[str], head: np.ndarray, load: np.ndarray, vac: np.ndarray
) -> dict[str, Any]:
    """The parameter-free supply inputs: stocks, loads, ages and the Mācītspēks shares."""
    ages = np.array(TEACHER_AGES, dtype=float)
    stock = head.sum(axis=(0, 2))
    ms = np.array([MACITSPEKS_WEIGHTS.get(s, 0.0) for s in subjects], dtype=float)
    ms = ms / ms.sum() * min(1.0, stock.sum() / NATIONAL_TEACHERS) if ms.sum() > 0 else ms
    rsa = {"Region": regions, "Subject": subjects, "Age": AGE_LABELS}
    return {
        "Initial Teachers": as_array(head, rsa),
        "Load per Head": as_array(load, rsa),
        "Initial Vacancies": as_array(vac, {"Region": regions, "Subject": subjects}),
        "Age Value": as_array(ages, {"Age": AGE_LABELS}),
        "Early Career": as_array((ages < 30).astype(float), {"Age": AGE_LABELS}),
        "Macitspeks Share": as_array(ms, {"Subject": subjects}),
    }


def _region_masks(data: Dataset, regions: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Municipalities of the Rīga planning region, and of Rīga or Latgale (language exposure)."""
    regions_of = data.municipalities.set_index("atvk").reindex(regions)["planning_region"]
    riga = (regions_of == "Rīga").to_numpy()
    high = regions_of.isin(["Latgale", "Rīga"]).to_numpy()
    return frozen(riga), frozen(high)


#: Supply inputs the model takes straight from the behavioural parameter of the same words.
SUPPLY_SCALARS = {
    "Early Retirement Rate": "early_retirement_rate",
    "Retirement Rate Past Pension Age": "retirement_rate_past_pension_age",
    "Retirement Rate 75 Plus": "retirement_rate_75_plus",
    "Returner Rate": "returner_rate",
    "Completion Rate": "completion_rate",
    "Base Take Up": "base_take_up",
    "Overload Coverage": "overload_coverage",
    "Max Overload": "max_overload",
    "Max Underload": "max_underload",
    "Overload Leave Sensitivity": "overload_leave_sensitivity",
    "Working Pensioner Sensitivity": "working_pensioner_sensitivity",
    "Pay Elasticity": "pay_elasticity",
    "Workload Sensitivity": "workload_sensitivity",
    "Pay Leave Elasticity": "pay_leave_elasticity",
    "Entrant Load": "entrant_load",
    "Overload Perception Time": "overload_perception_time",
    "Surplus Adjustment Time": "surplus_adjustment_time",
    "Hiring Adjustment Time": "hiring_adjustment_time",
    "Vacancy Fill Share": "vacancy_fill_share",
    "Fee Paying Share": "fee_paying_share",
}


def supply_parameters(
    data: Dataset,
    regions: list[str],
    subjects: list[str],
    params: ParameterColumns,
    head: np.ndarray,
    wrap: Wrap,
) -> dict[str, Any]:
    """The supply inputs that depend on behavioural parameters, for one run or many samples.

    Parameters
    ----------
    data : Dataset
        The dataset (planning region of each municipality).
    regions, subjects : list of str
        Municipality and subject codes in model order.
    params : mapping of str to numpy.ndarray
        Each behavioural parameter's values, one per sample (`parameter_columns`).
    head : numpy.ndarray
        Teachers of the base year, region x subject x age (`supply_tables`).
    wrap : callable
        Turns ``(values with the samples first, coords)`` into a model input (`one_run`, or
        arrays over ``Sample`` for an ensemble).

    Returns
    -------
    dict
        Model variable name -> input.
    """
    ages = np.array(TEACHER_AGES, dtype=float)
    col = partial(sample_column, params)

    leave = np.zeros((len(params["leave_20_24"]), len(ages)))
    for name, (lo, hi) in LEAVE_BANDS.items():
        leave[:, (ages >= lo) & (ages <= hi)] = col(name)
    young = np.exp(-0.5 * ((ages - 25.0) / 3.0) ** 2)
    older = np.exp(-0.5 * ((ages[None, :] - col("entrant_mean_age_changers")) / 8.0) ** 2)
    g = col("graduate_share_of_entrants_age")
    profile = g * young / young.sum() + (1 - g) * older / older.sum(axis=1, keepdims=True)
    profile[:, ages >= 65] = 0.0
    profile /= profile.sum(axis=1, keepdims=True)

    # Study places and applicants by subject, in proportion to each subject's share of teachers;
    # physics and chemistry train far fewer (LU: 1-4 physics graduates a year, 2015-2019).
    # Entry routes scale with the size of the dataset, so a regional extract gets its share.
    stock = head.sum(axis=(0, 2))
    weight = stock * np.array([0.3 if s in ("PHY", "CHE") else 1.0 for s in subjects])
    students = col("students_per_1000_teachers") * stock.sum() / 1000.0
    places = students * weight / max(weight.sum(), 1e-9)

    riga, high = cached(
        data, ("supply masks", tuple(regions)), lambda: _region_masks(data, regions)
    )
    age, sc, rc = {"Age": AGE_LABELS}, {"Subject": subjects}, {"Region": regions}
    return {
        "Base Leave Rate": wrap(leave, age),
        "Entrant Age Profile": wrap(profile, age),
        "Base Training Places": wrap(places, sc),
        "Base Applicants": wrap(places * col("applicants_per_place"), sc),
        "Regional Preference": wrap(np.where(riga, col("regional_preference_riga"), 1.0), rc),
        "Language Exposure": wrap(np.where(high, col("language_exposure_high"), 0.5), rc),
        **{var: wrap(params[name], {}) for var, name in SUPPLY_SCALARS.items()},
    }

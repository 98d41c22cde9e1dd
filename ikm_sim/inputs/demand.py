"""Demand-side inputs: children and pupils of the base year, cohort ratios, classes, curriculum."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, CHILD_AGES, GRADES
from ikm_sim.inputs.common import (
    CHILD_LABELS,
    GRADE_LABELS,
    ParameterColumns,
    Window,
    Wrap,
    as_array,
    births_table,
    cached,
    cached_recent,
    frozen,
    one_run,
    parameter_columns,
    parameter_key,
    sample_column,
)
from ikm_sim.inputs.grid import grid, pivot, wide_by_year
from ikm_sim.model import entry_ratio
from ikm_sim.model.lookup_paths import thin_path
from ikm_sim.model.parameters import BehaviouralParameters

#: School years of history before the base year used to estimate cohort ratios.
RATIO_WINDOW = 4
#: Weekly-lesson band class sizes by municipality type (published 2022/23 averages: rural
#: 13/14/16 in grades 1-6/7-9/10-12, small towns 20, cities 24).
CLASS_SIZE = {"state_city": (24.0, 24.0, 26.0), "novads": (15.0, 17.0, 20.0)}


def demand_inputs(
    data: Dataset,
    regions: list[str],
    subjects: list[str],
    p: BehaviouralParameters,
    base: int = BASE_YEAR,
    window: Window | None = None,
) -> dict[str, Any]:
    """Initial children and pupils, cohort ratios, class sizes and curriculum.

    The inputs that depend on the data alone are made once per dataset (and shared between
    runs, read-only); those that depend on the parameters once per parameter set.

    Parameters
    ----------
    data : Dataset
        The dataset.
    regions, subjects : list of str
        Municipality and subject codes in model order.
    p : BehaviouralParameters
        Behavioural parameters.
    base : int, optional
        Base year of the run.
    window : tuple of float, optional
        First and last simulated year: the lookup path is thinned to it
        (`ikm_sim.model.lookup_paths.thin_path`).

    Returns
    -------
    dict
        Model variable name -> input.
    """
    elements = (tuple(regions), tuple(subjects))
    static = cached(
        data,
        ("demand inputs", *elements, base, window),
        lambda: _demand_arrays(data, regions, subjects, base, window),
    )
    by_parameters = cached_recent(
        data,
        ("demand parameters", *elements),
        parameter_key(p),
        lambda: {
            name: frozen(value)
            for name, value in demand_parameters(
                data, regions, subjects, parameter_columns(p), one_run
            ).items()
        },
    )
    return {**static, **by_parameters}


def _demand_arrays(
    data: Dataset, regions: list[str], subjects: list[str], base: int, window: Window | None
) -> dict[str, Any]:
    """The inputs of `demand_inputs` that depend on the data alone (read-only)."""
    t = cached(
        data,
        ("demand", tuple(regions), tuple(subjects), base),
        lambda: _demand_tables(data, regions, subjects, base),
    )
    rc = {"Region": regions}
    deviation = entry_ratio.deviation_path(base)
    arrays = {
        "Initial Children": as_array(t["children"], {"Region": regions, "Child Age": CHILD_LABELS}),
        "Base Births": as_array(t["base_births"], rc),
        "Entry Ratio": as_array(t["entry"], rc),
        "Entry Ratio Deviation": deviation if window is None else thin_path(deviation, window),
        "Initial Pupils": as_array(t["pupils_base"], {"Region": regions, "Grade": GRADE_LABELS}),
        "Progression Ratio": as_array(t["prog"], {"Region": regions, "Grade": GRADE_LABELS}),
        "Enrolment Rate": as_array(t["enrol"], {"Region": regions, "Child Age": CHILD_LABELS}),
        "Base Class Size": as_array(t["size"], {"Region": regions, "Grade": GRADE_LABELS}),
        "Weekly Lessons": as_array(t["lessons"], {"Subject": subjects, "Grade": GRADE_LABELS}),
        "Is Preschool": as_array(t["is_preschool"], {"Subject": subjects}),
        "Is Other": as_array(t["is_other"], {"Subject": subjects}),
    }
    return {name: frozen(value) for name, value in arrays.items()}


#: Demand inputs the model takes straight from the behavioural parameter of the same words.
DEMAND_SCALARS = {"Pupils per Other FTE": "pupils_per_other_fte"}


def demand_parameters(
    data: Dataset,
    regions: list[str],
    subjects: list[str],
    params: ParameterColumns,
    wrap: Wrap,
) -> dict[str, Any]:
    """The demand inputs that depend on behavioural parameters, for one run or many samples.

    Parameters
    ----------
    data : Dataset
        The dataset (municipality types, subjects taught in split groups).
    regions, subjects : list of str
        Municipality and subject codes in model order.
    params : mapping of str to numpy.ndarray
        Each behavioural parameter's values, one per sample (`parameter_columns`).
    wrap : callable
        Turns ``(values with the samples first, coords)`` into a model input (`one_run`, or
        arrays over ``Sample`` for an ensemble).

    Returns
    -------
    dict
        Model variable name -> input.
    """
    col = partial(sample_column, params)
    city, split = cached(
        data,
        ("demand masks", tuple(regions), tuple(subjects)),
        lambda: _demand_masks(data, regions, subjects),
    )
    elasticity = np.where(city, col("class_elasticity_state_city"), col("class_elasticity_novads"))
    return {
        "Class Elasticity": wrap(elasticity, {"Region": regions}),
        "Split Factor": wrap(
            np.where(split, col("split_group_factor"), 1.0), {"Subject": subjects}
        ),
        **{var: wrap(params[name], {}) for var, name in DEMAND_SCALARS.items()},
    }


def _demand_masks(
    data: Dataset, regions: list[str], subjects: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Which municipalities are state cities, which subjects are taught in split groups."""
    city = data.municipalities.set_index("atvk").reindex(regions)["type"] == "state_city"
    split = data.subjects.set_index("code").reindex(subjects)["split_groups"].astype(bool)
    return frozen(city.to_numpy()), frozen(split.to_numpy())


def _demand_tables(
    data: Dataset, regions: list[str], subjects: list[str], base: int
) -> dict[str, Any]:
    """The parameter-free part of `demand_inputs` (pivots and cohort ratios)."""
    births = births_table(data, regions)
    children = np.stack(
        [
            births.loc[base - a].to_numpy() if base - a in births.index else np.zeros(len(regions))
            for a in CHILD_AGES
        ],
        axis=1,
    )
    pupils = data.pupils
    pupils_base = pivot(
        pupils[pupils.year == base], "atvk", "grade", "pupils", regions, list(GRADES)
    )

    entry = _entry_ratios(data, pupils, births, regions, base)
    prog = _progression_ratios(pupils, regions, base)

    # Preschool enrolment rate by age (base year), children aged 0 not enrolled.
    pre_years = sorted(set(data.preschool["year"]))
    pre_year = min(pre_years, key=lambda y: (abs(y - base), y)) if pre_years else base
    pre = data.preschool[data.preschool.year == pre_year]
    enrolled = pivot(pre, "atvk", "age", "children", regions, list(CHILD_AGES))
    with np.errstate(divide="ignore", invalid="ignore"):
        enrol = np.where(children > 0, enrolled / np.where(children > 0, children, 1.0), 0.0)
    enrol = np.clip(enrol, 0.0, 1.5)

    types = data.municipalities.set_index("atvk").reindex(regions)["type"]
    size = np.array(
        [[CLASS_SIZE[t][0 if g <= 6 else 1 if g <= 9 else 2] for g in GRADES] for t in types]
    )
    school = data.subjects.set_index("code").reindex(subjects)
    lessons = pivot(data.curriculum, "subject", "grade", "weekly_lessons", subjects, list(GRADES))
    return {
        "children": children,
        "base_births": births.loc[base].to_numpy(),
        "entry": entry,
        "pupils_base": pupils_base,
        "prog": prog,
        "enrol": enrol,
        "size": size,
        "lessons": lessons,
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
    g1 = wide_by_year(pupils[pupils.grade == 1], "atvk", "pupils", regions)
    years = [y for y in range(base - RATIO_WINDOW, base) if y in g1.index and y - 7 in births.index]
    if not years:
        return np.ones(len(regions))
    entry = pd.concat([g1.loc[y] / births.loc[y - 7] for y in years], axis=1).mean(axis=1)
    entry = entry.replace([np.inf, -np.inf], np.nan).fillna(1.0).clip(0.5, 1.5)
    national = sum(g1.loc[y].sum() for y in years) / sum(births.loc[y - 7].sum() for y in years)
    level = entry_ratio.estimate(data, base).level
    return (entry * (level / national if national > 0 else 1.0)).to_numpy(dtype=float)


def _pupils_by_year(
    pupils: pd.DataFrame, regions: list[str], years: range
) -> dict[int, np.ndarray | None]:
    """Pupils by municipality and grade (NaN where none) of each of `years`.

    None for a year without pupils of the first municipality (no such school year).
    """
    first = pupils["atvk"] == regions[0]
    found: dict[int, np.ndarray | None] = {}
    for y in years:
        rows = pupils[pupils["year"] == y]
        if not (first & (pupils["year"] == y)).any():
            found[y] = None
            continue
        table = grid(rows, ("atvk", "grade"), (regions, list(GRADES)), "pupils")
        if table is None:  # repeated keys: pandas averages them, as the pivot always did
            wide = rows.pivot_table(index="atvk", columns="grade", values="pupils")
            table = wide.reindex(index=regions, columns=list(GRADES)).to_numpy(dtype=float)
        found[y] = table
    return found


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
    by_year = _pupils_by_year(pupils, regions, range(base - RATIO_WINDOW, base + 1))
    shape = (len(regions), len(GRADES) - 1)
    acc, n, now_sum, next_sum = np.zeros(shape), np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for y in range(base - RATIO_WINDOW, base):
        now, nxt = by_year[y], by_year[y + 1]
        if now is None or nxt is None:
            continue
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

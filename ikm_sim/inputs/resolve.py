"""Turn lever settings into annual values: one row per year 2000-2100, one column per element.

Years up to and including the base year always keep the default ("today") values; a
scenario's path applies to the later years only. Overrides replace the national path for their
elements and, like it, start from the default (a ramp without ``start`` ramps from today's value
in its first year).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel

from ikm_sim.inputs.common import PATH_YEARS
from ikm_sim.scenario.levers import (
    GRADE_BANDS,
    Overrides,
    RampPath,
    StepsPath,
    SubjectBands,
)

#: The years of every lever path (`ikm_sim.inputs.common.PATH_YEARS`).
YEARS = PATH_YEARS


def _form(setting: Any) -> str:
    if isinstance(setting, StepsPath):
        return "steps"
    if isinstance(setting, RampPath):
        return "ramp"
    if isinstance(setting, Overrides):
        return "overrides"
    if isinstance(setting, BaseModel):
        return "?"
    if isinstance(setting, Mapping):
        return "table"
    return "constant"


def apply_path(
    path: Any, default: np.ndarray, base_year: int, years: np.ndarray = YEARS
) -> np.ndarray:
    """Values of one time path over `years`, today's `default` up to `base_year`.

    Parameters
    ----------
    path : float, dict or a Steps/Ramp model
        A validated time path.
    default : numpy.ndarray
        Today's values per year (same length as `years`).
    base_year : int
        Last year that keeps the default.
    years : numpy.ndarray, optional
        The years (default 2000-2100).

    Returns
    -------
    numpy.ndarray
    """
    default = np.asarray(default, dtype=float)
    form = _form(path)
    if form == "constant":
        new = np.full(len(years), float(path))
    elif form == "table":
        xs = np.array(sorted(path), dtype=float)
        ys = np.array([path[k] for k in sorted(path)], dtype=float)
        new = np.where(years < xs[0], default, np.interp(years, xs, ys))
    elif form == "steps":
        new = default.copy()
        for year in sorted(path.steps):
            new[years >= year] = path.steps[year]
    elif form == "ramp":
        r = path.ramp
        start = float(np.interp(r.from_, years, default)) if r.start is None else r.start
        share = np.clip((years - r.from_) / (r.to - r.from_), 0.0, 1.0)
        new = np.where(years < r.from_, default, start + (r.end - start) * share)
    else:
        raise TypeError(f"not a time path: {path!r}")
    return np.where(years > base_year, new, default)


def resolve_lever(
    setting: Any,
    default: np.ndarray,
    base_year: int,
    *,
    regions: Sequence[str] = (),
    region_of: Mapping[str, str] | None = None,
    subjects: Sequence[str] = (),
    grades: Sequence[int] = (),
) -> np.ndarray:
    """Annual values of one lever for every element of its dimensions.

    Parameters
    ----------
    setting : Any
        A validated lever setting (time path or overrides), or None for today's values.
    default : numpy.ndarray
        Today's values, shape ``(years,)`` or ``(years, *elements)``.
    base_year : int
        Last year that keeps the default.
    regions, region_of : optional
        Municipality codes (columns) and their planning regions, for a region lever.
    subjects, grades : optional
        Subject codes (columns) and grades (a second axis), for subject / curriculum levers.

    Returns
    -------
    numpy.ndarray
        Shape ``(years,)`` for a national lever, ``(years, regions)``, ``(years, subjects)``
        or ``(years, subjects, grades)``.
    """
    shape, default = _filled(default, regions, subjects, grades)
    out = default.copy()
    if setting is None:
        return out
    flat_out = out.reshape(len(YEARS), -1)
    flat_default = default.reshape(len(YEARS), -1)

    def put(path: Any, columns: Sequence[int]) -> None:
        for c in columns:
            flat_out[:, c] = apply_path(path, flat_default[:, c], base_year)

    all_columns = range(flat_out.shape[1])
    if _form(setting) != "overrides":
        put(setting, all_columns)
        return flat_out.reshape(shape)
    if setting.national is not None:
        put(setting.national, all_columns)
    if regions:
        _put_regions(setting, put, regions, region_of or {})
    else:
        _put_subjects(setting, put, subjects, grades)
    return flat_out.reshape(shape)


def _filled(
    default: np.ndarray, regions: Sequence[str], subjects: Sequence[str], grades: Sequence[int]
) -> tuple[tuple[int, ...], np.ndarray]:
    """The lever's shape and `default` broadcast to it (a copy)."""
    shape: tuple[int, ...] = (len(YEARS),)
    if regions:
        shape += (len(regions),)
    elif subjects:
        shape += (len(subjects),)
        if grades:
            shape += (len(grades),)
    filled = (
        np.broadcast_to(
            np.asarray(default, dtype=float).reshape(len(YEARS), *([1] * (len(shape) - 1))), shape
        ).copy()
        if np.ndim(default) == 1
        else np.asarray(default, dtype=float).copy()
    )
    return shape, filled


def _put_regions(
    setting: Any,
    put: Callable[[Any, Sequence[int]], None],
    regions: Sequence[str],
    region_of: Mapping[str, str],
) -> None:
    """Apply planning-region, then municipality overrides (columns are municipalities)."""
    index = {r: i for i, r in enumerate(regions)}
    for planning_region, path in (getattr(setting, "planning_regions", None) or {}).items():
        put(path, [i for r, i in index.items() if region_of.get(r) == planning_region])
    for code, path in (getattr(setting, "municipalities", None) or {}).items():
        if code in index:  # a regional extract may not have every municipality
            put(path, [index[code]])


def _put_subjects(
    setting: Any,
    put: Callable[[Any, Sequence[int]], None],
    subjects: Sequence[str],
    grades: Sequence[int],
) -> None:
    """Apply grade-band, then subject overrides (columns are subject x grade)."""
    ng = max(len(grades), 1)

    def cells(subject: int | None, band: str | None) -> list[int]:
        rows = range(len(subjects)) if subject is None else [subject]
        lo, hi = GRADE_BANDS[band] if band else (-(10**6), 10**6)
        cols = [j for j, g in enumerate(grades or [0]) if lo <= g <= hi]
        return [s * ng + j for s in rows for j in cols]

    for band, path in (getattr(setting, "grade_bands", None) or {}).items():
        put(path, cells(None, band))
    sindex = {s: i for i, s in enumerate(subjects)}
    for code, value in (getattr(setting, "subjects", None) or {}).items():
        if code not in sindex:
            continue
        if isinstance(value, SubjectBands):
            if value.all is not None:
                put(value.all, cells(sindex[code], None))
            for band, path in (value.grade_bands or {}).items():
                put(path, cells(sindex[code], band))
        else:
            put(value, cells(sindex[code], None))


def resolve_count_lever(
    setting: Any,
    base_year: int,
    regions: Sequence[str],
    region_of: Mapping[str, str],
    weights: np.ndarray,
) -> np.ndarray:
    """Annual values of a region lever given in persons: totals spread over municipalities.

    A national or planning-region value is a total for that area, shared among its
    municipalities in proportion to `weights` (e.g. their pupils); a municipality's value is
    its own. Later keys override earlier ones in the order national, planning regions,
    municipalities, as for every region lever. Today's value is 0 (no flow).

    Parameters
    ----------
    setting : Any
        A validated lever setting, or None.
    base_year : int
        Last year that keeps today's value.
    regions, region_of
        Municipality codes (columns) and their planning regions.
    weights : numpy.ndarray
        One non-negative weight per municipality.

    Returns
    -------
    numpy.ndarray
        Shape ``(years, regions)``.
    """
    out = np.zeros((len(YEARS), len(regions)))
    if setting is None:
        return out
    zeros = np.zeros(len(YEARS))
    w = np.asarray(weights, dtype=float)

    def spread(path: Any, columns: list[int]) -> None:
        share = (
            w[columns] / w[columns].sum()
            if w[columns].sum() > 0
            else np.full(len(columns), 1.0 / max(len(columns), 1))
        )
        out[:, columns] = apply_path(path, zeros, base_year)[:, None] * share[None, :]

    every = list(range(len(regions)))
    if _form(setting) != "overrides":
        spread(setting, every)
        return out
    if setting.national is not None:
        spread(setting.national, every)
    for planning_region, path in (setting.planning_regions or {}).items():
        columns = [i for i, r in enumerate(regions) if region_of.get(r) == planning_region]
        if columns:
            spread(path, columns)
    index = {r: i for i, r in enumerate(regions)}
    for code, path in (setting.municipalities or {}).items():
        if code in index:
            out[:, index[code]] = apply_path(path, zeros, base_year)
    return out

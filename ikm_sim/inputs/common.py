"""Shared pieces of the model inputs: labels, annual paths, arrays and per-dataset caches."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import CHILD_AGES, GRADES, TEACHER_AGES
from ikm_sim.inputs.grid import wide_by_year
from ikm_sim.model.lookup_paths import corner_points
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import TimePath
from ikm_sim.scenario.registry import FIRST_YEAR, LAST_YEAR

#: The years of every annual path: those a scenario may name.
PATH_YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
AGE_LABELS = [f"A{a}" for a in TEACHER_AGES]
GRADE_LABELS = [f"G{g}" for g in GRADES]
CHILD_LABELS = [f"C{a}" for a in CHILD_AGES]


def time_path(value: TimePath, years: np.ndarray = PATH_YEARS) -> pd.Series:
    """Turn a constant or ``{year: value}`` mapping into an annual series (flat outside)."""
    if isinstance(value, Mapping):
        xs = np.array(sorted(value), dtype=float)
        ys = np.array([value[int(x)] for x in xs], dtype=float)
        values = np.interp(years, xs, ys)
    else:
        values = np.full(len(years), float(value))
    return pd.Series(values, index=years.astype(float))


#: The first simulated and the last year of a run: lookup paths keep every point inside and
#: only the corners outside (`ikm_sim.model.lookup_paths.thin_path`).
Window = tuple[float, float]

#: One empty DataArray per coordinates: arrays are made as shallow copies of it with new data,
#: which shares its built indexes instead of building them from the labels again.
_TEMPLATES: dict[tuple[tuple[str, tuple[str, ...]], ...], xr.DataArray] = {}


def as_array(values: np.ndarray, coords: dict[str, list[str]]) -> xr.DataArray:
    """`values` as a float DataArray with `coords` (dimension order as given)."""
    key = tuple((dim, tuple(labels)) for dim, labels in coords.items())
    template = _TEMPLATES.get(key)
    if template is None:
        if len(_TEMPLATES) > 64:  # datasets of other municipalities or subjects
            _TEMPLATES.clear()
        shape = tuple(len(labels) for labels in coords.values())
        template = _TEMPLATES[key] = xr.DataArray(np.zeros(shape), coords, list(coords))
    data = np.array(values, dtype=float)
    if data.shape != template.shape:
        raise ValueError(f"values of shape {data.shape} for coordinates {template.sizes}")
    return template.copy(deep=False, data=data)


def frozen(value: Any) -> Any:
    """`value` with its numpy data made read-only (kept in a cache, shared between runs)."""
    if isinstance(value, xr.DataArray):
        value.values.flags.writeable = False
    elif isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, pd.Series) and value.dtype == object:  # (pandas copies on write)
        for item in value.to_numpy():
            frozen(item)
    return value


#: Each behavioural parameter's values, one per sample (a single run is one sample).
ParameterColumns = Mapping[str, np.ndarray]
#: Turns an input's values (samples first) and its coordinates into what the model takes.
Wrap = Callable[[np.ndarray, dict[str, list[str]]], Any]


def parameter_columns(p: BehaviouralParameters) -> dict[str, np.ndarray]:
    """`p` as parameter columns of one sample (see `ParameterColumns`)."""
    return {name: np.array([float(getattr(p, name))]) for name in type(p).model_fields}


def sample_column(params: ParameterColumns, name: str) -> np.ndarray:
    """Parameter `name` as a column (samples x 1), to broadcast over an input's elements."""
    return params[name][:, None]


def one_run(values: np.ndarray, coords: dict[str, list[str]]) -> Any:
    """The input of a single run: the only sample's values, a float or a DataArray."""
    return as_array(values[0], coords) if coords else float(values[0])


#: Per dataset: what its tables give regardless of parameters and scenario (pivots, ratios,
#: stocks), so repeated runs on one dataset (app, calibration, ensembles) pivot them once.
_DATA_CACHE: weakref.WeakKeyDictionary[Dataset, dict[tuple[Any, ...], Any]] = (
    weakref.WeakKeyDictionary()
)


def cached(data: Dataset, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """`build()` once per dataset object and `key` (a Dataset is immutable; eq is identity)."""
    store = _DATA_CACHE.setdefault(data, {})
    if key not in store:
        store[key] = build()
    return store[key]


#: How many parameter sets `cached_recent` keeps per dataset and kind (calibration and
#: sensitivity runs try thousands; the app and the CLI run the calibrated set again and again).
RECENT = 8


def cached_recent(
    data: Dataset, kind: tuple[Any, ...], key: tuple[Any, ...], build: Callable[[], Any]
) -> Any:
    """`build()` once per dataset, `kind` and `key`, keeping the `RECENT` latest keys."""
    store: OrderedDict[tuple[Any, ...], Any] = cached(data, ("recent", *kind), OrderedDict)
    try:  # (another thread of the app may drop the key between two steps: then build it)
        store.move_to_end(key)
        return store[key]
    except KeyError:
        pass
    value = store[key] = build()
    while len(store) > RECENT:
        try:
            store.popitem(last=False)
        except KeyError:
            break
    return value


def parameter_key(p: BehaviouralParameters) -> tuple[Any, ...]:
    """The values of `p` in field order (equal parameters, equal keys)."""
    return tuple(getattr(p, name) for name in type(p).model_fields)


_FILE_CACHE: dict[tuple[Path, str], tuple[tuple[int, int, int], Any]] = {}


def file_cached(path: Path, build: Callable[[Path], Any]) -> Any:
    """``build(path)`` once per state of the file at `path` (inode, size, modification time).

    A file replaced atomically (`ikm_sim.atomic`) gets a new inode, so a rewrite within the
    clock's resolution is still seen. A missing file is read every time.
    """
    try:
        st = path.stat()
    except OSError:
        return build(path)
    stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
    key = (path, f"{build.__module__}.{build.__qualname__}")
    hit = _FILE_CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = build(path)
    _FILE_CACHE[key] = (stamp, value)
    return value


def births_table(data: Dataset, regions: list[str]) -> pd.DataFrame:
    """Births by calendar year (rows) and municipality (columns, in `regions` order)."""
    return wide_by_year(data.births_by_municipality, "atvk", "births", regions).fillna(0.0)


def kept_points(x: np.ndarray, table: np.ndarray, window: Window | None) -> np.ndarray:
    """Indices of the points of a lookup path that `ikm_sim.model.lookup_paths.thin_path` keeps.

    Parameters
    ----------
    x : numpy.ndarray
        The path's times, shape (n,).
    table : numpy.ndarray
        Its values, shape (n, m) (m elements sharing the times).
    window : tuple of float, optional
        First and last simulated time (None: every point).

    Returns
    -------
    numpy.ndarray
        Sorted indices: the corners and every point inside `window`.
    """
    if window is None or len(x) <= 2:
        return np.arange(len(x))
    inside = np.flatnonzero((x >= window[0]) & (x <= window[1]))
    return np.union1d(corner_points(x, table), inside)


#: Lookup paths made lately, by their values, elements and window (`lookup_series`): most of a
#: run's levers are unset, so their paths repeat from run to run and scenario to scenario.
_LOOKUPS: OrderedDict[tuple[Any, ...], pd.Series] = OrderedDict()
LOOKUPS_KEPT = 256


def lookup_series(
    values: np.ndarray, coords: dict[str, list[str]] | None = None, window: Window | None = None
) -> pd.Series:
    """A lever's annual values as PySD takes them: floats, or one DataArray per year.

    Parameters
    ----------
    values : numpy.ndarray
        One row per year of `PATH_YEARS`: shape ``(years,)`` or ``(years, *elements)``.
    coords : dict, optional
        The elements' coordinates (for values with elements).
    window : tuple of float, optional
        First and last simulated year: only the points `ikm_sim.model.lookup_paths.thin_path`
        keeps are made (the same series as thinning the whole path).

    Returns
    -------
    pandas.Series
        Indexed by year (float); floats when every element has the same path. The series is
        shared with other calls given the same values (read-only).
    """
    values = np.asarray(values, dtype=float)
    labels = tuple((d, tuple(v)) for d, v in (coords or {}).items())
    key = (values.shape, values.tobytes(), labels, window)
    found = _LOOKUPS.get(key)
    if found is not None:
        return found
    series = frozen(_lookup_series(values, coords, window))
    _LOOKUPS[key] = series
    while len(_LOOKUPS) > LOOKUPS_KEPT:
        _LOOKUPS.popitem(last=False)
    return series


def _lookup_series(
    values: np.ndarray, coords: dict[str, list[str]] | None, window: Window | None
) -> pd.Series:
    index = PATH_YEARS.astype(float)
    flat = values.reshape(len(values), -1)
    if values.ndim == 1 or np.allclose(flat, flat[:, :1]):  # one path: a float path
        keep = kept_points(index, flat[:, :1], window)
        return pd.Series(flat[keep, 0], index=index[keep])
    assert coords is not None
    keep = kept_points(index, flat, window)
    return pd.Series([as_array(values[i], coords) for i in keep], index=index[keep], dtype=object)

"""Shared pieces of the model inputs: labels, annual paths, arrays and per-dataset caches."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import CHILD_AGES, GRADES, TEACHER_AGES
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


def as_array(values: np.ndarray, coords: dict[str, list[str]]) -> xr.DataArray:
    """`values` as a float DataArray with `coords` (dimension order as given)."""
    return xr.DataArray(values.astype(float), coords, list(coords))


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


def pivot(
    frame: pd.DataFrame, index: str, column: str, value: str, rows: list[str], cols: list[Any]
) -> np.ndarray:
    """`frame` as a `rows` × `cols` array of summed `value` (missing cells 0)."""
    table = frame.pivot_table(index=index, columns=column, values=value, aggfunc="sum")
    return table.reindex(index=rows, columns=cols).fillna(0.0).to_numpy(dtype=float)


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


def births_table(data: Dataset, regions: list[str]) -> pd.DataFrame:
    """Births by calendar year (rows) and municipality (columns, in `regions` order)."""
    return (
        data.births_by_municipality.pivot_table(index="year", columns="atvk", values="births")
        .reindex(columns=regions)
        .fillna(0.0)
    )


def lookup_series(values: np.ndarray, coords: dict[str, list[str]] | None = None) -> pd.Series:
    """A lever's annual values as PySD takes them: floats, or one DataArray per year."""
    index = PATH_YEARS.astype(float)
    if values.ndim == 1:
        return pd.Series(values, index=index)
    flat = values.reshape(len(values), -1)
    if np.allclose(flat, flat[:, :1]):  # the same path everywhere: broadcast a float path
        return pd.Series(flat[:, 0].copy(), index=index)
    assert coords is not None
    return pd.Series([as_array(row, coords) for row in values], index=index, dtype=object)

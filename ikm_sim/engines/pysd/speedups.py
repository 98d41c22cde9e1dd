"""Faster PySD runs with the same results: three patches applied to each loaded model.

PySD 3.14 spends most of a run of this model on bookkeeping rather than arithmetic. `prepare`
removes three measured costs (PySD issue #342 discusses the second);
``tests/engines/pysd/test_speedups.py`` compares every patch with plain PySD on the same
inputs.

* Subscript lists become shared `pandas.Index` objects, so xarray reuses them instead of
  building and comparing a new index per array (about 15 % of a national run).
* The Euler step updates stock by stock instead of packing every state and derivative into a
  numpy object array, which makes numpy inspect each DataArray (about 20 % of an ensemble run).
* A lookup given as a time series is stored in one array operation instead of one ``.loc``
  assignment per point (about 0.1 s per run and 0.8 s per ensemble chunk).
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from pysd.py_backend.lookups import Lookups


def _index_subscripts(model: Any) -> None:
    # PySD builds every array's coordinates from these plain lists, so xarray creates a new
    # pandas Index per array and compares indexes element by element when aligning.
    subscripts = model.components._components._subscript_dict
    for dim, elements in list(subscripts.items()):
        subscripts[dim] = pd.Index(elements, name=dim)


def _stepwise_euler(model: Any, dt: float) -> None:
    # All derivatives first, from the current states; then every stock moves.
    stocks = model._dynamicstateful_elements
    states = [stock.state for stock in stocks]
    slopes = [stock.ddt() for stock in stocks]
    for stock, state, slope in zip(stocks, states, slopes, strict=True):
        stock.update(state + slope * dt)


def lookup_table(final_coords: dict[str, Any], values: pd.Series) -> xr.DataArray | None:
    """The array PySD's ``Lookups.set_values`` builds from a time series, built at once.

    Parameters
    ----------
    final_coords : dict
        The lookup's dimensions and elements (empty for a scalar lookup).
    values : pandas.Series
        Lookup points indexed by time: all floats, or all `xarray.DataArray`.

    Returns
    -------
    xarray.DataArray or None
        Dimensions ``lookup_dim`` (sorted times) then `final_coords`; None for any other input,
        which is left to PySD.
    """
    if not isinstance(values, pd.Series) or len(values) == 0:
        return None
    order = np.argsort(values.index.to_numpy(dtype=float), kind="stable")
    times = [values.index[i] for i in order]
    points = [values.iloc[i] for i in order]
    dims = list(final_coords)
    coords = {"lookup_dim": times, **final_coords}
    shape = [len(times), *(len(final_coords[d]) for d in dims)]
    if all(isinstance(v, xr.DataArray) for v in points):
        template = xr.DataArray(np.nan, final_coords, dims)
        table = np.stack(
            [np.asarray(xr.broadcast(template, v)[1].transpose(*dims).values) for v in points]
        )
    elif not any(isinstance(v, xr.DataArray) for v in points):
        column = np.asarray(points, dtype=float).reshape(-1, *([1] * len(dims)))
        table = np.broadcast_to(column, shape).copy()
    else:
        return None
    return xr.DataArray(table.astype(float), coords, ["lookup_dim", *dims])


def _set_lookup_values(lookup: Lookups, values: Any) -> None:
    table = lookup_table(lookup.final_coords, values)
    if table is None:
        Lookups.set_values(lookup, values)
    else:
        lookup.data = table


def prepare(model: Any) -> Any:
    """Apply the speed-ups of this module to a loaded PySD model and return it.

    Parameters
    ----------
    model : pysd.py_backend.model.Model
        A model from ``pysd.load`` (or a copy of one).

    Returns
    -------
    pysd.py_backend.model.Model
        The same object, patched.
    """
    _index_subscripts(model)
    model._euler_step = types.MethodType(_stepwise_euler, model)
    module = model.components._components
    for name in dir(module):
        obj = getattr(module, name)
        if isinstance(obj, Lookups):
            obj.set_values = types.MethodType(_set_lookup_values, obj)
    return model

"""Thin annual lookup paths outside the simulated years before they reach PySD.

Lever and history inputs are built as one point per year 2000-2100 (`ikm_sim.inputs`).
PySD stores a ``pandas.Series`` lookup point by point (one ``.loc`` assignment per year), which
cost about 0.6 s per run for the 15 lookups, a quarter of a national run. A lookup interpolates
linearly between its points, so a point on the straight line through its neighbours carries no
information: dropping it leaves the lookup's value unchanged at every time. `thin_path` keeps
the first and last points and every corner, and every point inside the simulated years: there
the model asks for the lookup at exactly those times, which PySD answers by selection, while a
time between points costs an interpolation (about 5 ms per call).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

#: Tolerance (absolute, relative to the path's scale) for "on the line through the neighbours".
TOLERANCE = 1e-12


def _as_table(series: pd.Series) -> np.ndarray:
    """The path's values as a (points, elements) table; float points fill every element."""
    values = series.to_numpy()
    arrays = [v for v in values if isinstance(v, xr.DataArray)]
    if not arrays:
        return np.asarray(values, dtype=float).reshape(len(values), 1)
    template = arrays[0]
    rows = [
        np.asarray(v.transpose(*template.dims).values, dtype=float).reshape(-1)
        if isinstance(v, xr.DataArray)
        else np.full(template.size, float(v))
        for v in values
    ]
    return np.stack(rows)


def corner_points(x: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Indices of the points a piecewise-linear path cannot do without.

    Parameters
    ----------
    x : numpy.ndarray
        Increasing abscissae, shape (n,).
    table : numpy.ndarray
        Values, shape (n, m): m paths sharing the abscissae.

    Returns
    -------
    numpy.ndarray
        Sorted indices: the first, the last, and each point off the line through its neighbours
        in any of the m paths.
    """
    n = len(x)
    if n <= 2:
        return np.arange(n)
    left, mid, right = table[:-2], table[1:-1], table[2:]
    w = ((x[1:-1] - x[:-2]) / (x[2:] - x[:-2]))[:, None]
    expected = left + w * (right - left)
    scale = max(float(np.nanmax(np.abs(table))), 1.0)
    off = np.any(np.abs(mid - expected) > TOLERANCE * scale, axis=1)
    return np.concatenate([[0], np.flatnonzero(off) + 1, [n - 1]])


def thin_path(series: pd.Series, window: tuple[float, float] | None = None) -> pd.Series:
    """Return `series` without the points a linear lookup interpolates anyway.

    Parameters
    ----------
    series : pandas.Series
        A lookup path indexed by time: floats, or one `xarray.DataArray` per time.
    window : tuple of float, optional
        First and last simulated time: every point inside is kept.

    Returns
    -------
    pandas.Series
        The same kind of series with the corner points (see `corner_points`) and the points
        inside `window`.
    """
    if len(series) <= 2:
        return series
    x = series.index.to_numpy(dtype=float)
    keep = corner_points(x, _as_table(series))
    if window is not None:
        inside = np.flatnonzero((x >= window[0]) & (x <= window[1]))
        keep = np.union1d(keep, inside)
    return series.iloc[keep]


def thin_inputs(
    inputs: dict[str, Any], window: tuple[float, float] | None = None
) -> dict[str, Any]:
    """Thin every time-indexed lookup path of a model input mapping (other values unchanged).

    Parameters
    ----------
    inputs : dict
        Model variable name -> value.
    window : tuple of float, optional
        First and last simulated time (see `thin_path`).

    Returns
    -------
    dict
        The same mapping with thinned lookup paths.
    """
    return {
        name: thin_path(value, window) if isinstance(value, pd.Series) else value
        for name, value in inputs.items()
    }

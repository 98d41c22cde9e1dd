"""Small helpers shared by the dataset builder modules (``build_*.py``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def largest_remainder(total: int, weights: Sequence[float] | FloatArray) -> IntArray:
    """Split an integer total into integers proportional to weights (Hamilton's method).

    Parameters
    ----------
    total : int
        Non-negative integer to split.
    weights : sequence of float
        Non-negative weights; at least one must be positive when ``total > 0``.

    Returns
    -------
    numpy.ndarray of int
        Integers summing exactly to `total`; ties in the remainders go to the earlier index,
        so the result is deterministic.
    """
    w = np.asarray(weights, dtype=float)
    if total == 0 or w.sum() <= 0:
        return np.zeros(w.shape, dtype=np.int64)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(np.int64)
    short = int(total - base.sum())
    if short > 0:
        order = np.argsort(-(exact - base), kind="stable")
        base[order[:short]] += 1
    return base


def interpolate_anchors(years: Sequence[int], anchors: dict[int, float]) -> FloatArray:
    """Linearly interpolate anchor values over years, holding the end values flat outside.

    Parameters
    ----------
    years : sequence of int
        Years to return values for.
    anchors : dict of int to float
        Known values by year (at least one).

    Returns
    -------
    numpy.ndarray
        One value per year in `years`.
    """
    xs = sorted(anchors)
    return np.interp(np.asarray(years, dtype=float), xs, [anchors[x] for x in xs])


def ipf(
    seed: FloatArray, row_totals: FloatArray, col_totals: FloatArray, iterations: int = 200
) -> FloatArray:
    """Fit a non-negative matrix to row and column totals by iterative proportional fitting.

    Parameters
    ----------
    seed : numpy.ndarray
        Starting matrix (rows x columns), non-negative.
    row_totals, col_totals : numpy.ndarray
        Target margins; they must have the same sum.
    iterations : int
        Number of row/column sweeps.

    Returns
    -------
    numpy.ndarray
        Matrix with the target margins (to numerical precision).
    """
    m = seed.astype(float).copy()
    for _ in range(iterations):
        rs = m.sum(axis=1)
        m *= np.divide(row_totals, rs, out=np.zeros_like(rs), where=rs > 0)[:, None]
        cs = m.sum(axis=0)
        m *= np.divide(col_totals, cs, out=np.zeros_like(cs), where=cs > 0)[None, :]
    return m

"""Long tables as arrays over their key columns, in numpy (pandas' pivot only as a fallback).

A pivot in pandas costs milliseconds of set-up per call; the tables the inputs pivot have one
row per key (the data contract's keys), so placing each value at its key's position gives the
same array. When a table has repeated keys or missing values, `grid` says so (None) and the
callers use pandas' pivot, which sums or averages them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def grid(
    frame: pd.DataFrame, keys: Sequence[str], labels: Sequence[Sequence[Any]], value: str
) -> np.ndarray | None:
    """`frame`'s `value` placed by its `keys` on the axes `labels` (other cells NaN).

    Parameters
    ----------
    frame : pandas.DataFrame
        A long table.
    keys : sequence of str
        Its key columns, one per axis.
    labels : sequence of sequence
        The labels of each axis, in array order; rows with a key outside them are left out.
    value : str
        The value column.

    Returns
    -------
    numpy.ndarray or None
        Float array of shape ``(len(labels[0]), ...)``; None when two kept rows share a key or
        a kept value is missing (pandas' pivot then decides how they combine).
    """
    shape = tuple(len(axis) for axis in labels)
    positions = [
        pd.Index(list(axis)).get_indexer(frame[key]) for key, axis in zip(keys, labels, strict=True)
    ]
    kept = np.logical_and.reduce([p >= 0 for p in positions]) if positions else np.ones(0, bool)
    flat = np.ravel_multi_index(tuple(p[kept] for p in positions), shape)
    values = frame[value].to_numpy(dtype=float, na_value=np.nan)[kept]
    if np.isnan(values).any() or len(np.unique(flat)) != len(flat):
        return None
    out = np.full(int(np.prod(shape)), np.nan)
    out[flat] = values
    return out.reshape(shape)


def pivot(
    frame: pd.DataFrame, index: str, column: str, value: str, rows: list[str], cols: list[Any]
) -> np.ndarray:
    """`frame` as a `rows` × `cols` array of summed `value` (missing cells 0)."""
    found = grid(frame, (index, column), (rows, cols), value)
    if found is not None:
        return np.nan_to_num(found, nan=0.0)
    table = frame.pivot_table(index=index, columns=column, values=value, aggfunc="sum")
    return table.reindex(index=rows, columns=cols).fillna(0.0).to_numpy(dtype=float)


def wide_by_year(frame: pd.DataFrame, column: str, value: str, cols: list[Any]) -> pd.DataFrame:
    """The mean `value` by year (rows, every year of `frame`) and `column` (`cols`; NaN if none).

    The same frame as ``frame.pivot_table(index="year", columns=column, values=value)
    .reindex(columns=cols)``.
    """
    years = sorted(frame["year"].unique().tolist())
    found = grid(frame, ("year", column), (years, cols), value)
    if found is None:
        table = frame.pivot_table(index="year", columns=column, values=value)
        return table.reindex(columns=cols)
    return pd.DataFrame(found, index=pd.Index(years, name="year"), columns=pd.Index(cols))

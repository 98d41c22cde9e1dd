"""Tidy result tables kept as the model's arrays until a table is asked for, and their files.

A `TidyTable` is a table's key axes (years, municipalities, subjects, ages) and its value
columns as flat arrays in row order. Its DataFrame is built on first use (`TidyTable.frame`);
writing it (`write_tables`) goes from the arrays straight to Arrow, the text keys as
dictionary-encoded columns, without building the DataFrame: most of the million rows of
``teachers_by_age`` are never made into Python or pandas strings.

Files are CSV (Arrow's writer) or Parquet (`ikm_sim.results_schema.ResultFormat`), with the
same columns and values: floats rounded to the table's decimals, empty cells where a value does
not apply (NaN in the DataFrame).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ikm_sim.results_schema import ResultFormat

if TYPE_CHECKING:
    import pyarrow as pa

#: How rows follow the key axes: every combination, the last axis fastest ("product"); or per
#: year a national row, then per municipality, then per municipality and subject ("funding",
#: the region and subject axes then start with "", the empty key of the wider rows).
PRODUCT, FUNDING = "product", "funding"
Axes = tuple[tuple[str, tuple[Any, ...]], ...]


@dataclass(frozen=True, eq=False)
class TidyTable:
    """One result table as key axes and flat value columns; a DataFrame on first use.

    Attributes
    ----------
    axes : tuple of (str, tuple)
        Key column name and its values, in the order of the table's key.
    values : dict of str to numpy.ndarray
        Value columns, one entry per row.
    columns : tuple of str
        The table's columns in contract order.
    layout : {"product", "funding"}
        How rows follow the axes (`PRODUCT`, `FUNDING`).
    """

    axes: Axes
    values: Mapping[str, np.ndarray]
    columns: tuple[str, ...]
    layout: str = PRODUCT
    _built: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def frame(self, categorical: bool = False) -> pd.DataFrame:
        """The table as a DataFrame (built once; key columns shared between runs).

        Parameters
        ----------
        categorical : bool, optional
            Text keys as categories (sorted, as ``astype("category")`` makes them), made from
            the table's own codes: a million-row table kept in a cache costs a byte or two a
            cell instead of a string, and converting it afterwards is skipped.

        Returns
        -------
        pandas.DataFrame
            Columns `columns`: integer keys as int64, text keys as pandas strings (or
            categories), values as given.
        """
        kind = "categorical" if categorical else "frame"
        if kind not in self._built:
            keys = _key_frame(self.layout, self.axes, categorical)
            self._built[kind] = keys.assign(**self.values)[list(self.columns)]
        return self._built[kind]

    def arrow(self, decimals: int) -> pa.Table:
        """The table as Arrow, floats rounded to `decimals`, keys dictionary-encoded.

        Parameters
        ----------
        decimals : int
            Decimals kept of float columns (as ``DataFrame.round``).

        Returns
        -------
        pyarrow.Table
            Columns `columns`; NaN values are nulls (empty cells).
        """
        import pyarrow as pa

        codes = _codes(self.layout, tuple(len(values) for _, values in self.axes))
        arrays: dict[str, pa.Array] = {}
        for (name, labels), code in zip(self.axes, codes, strict=True):
            arrays[name] = pa.DictionaryArray.from_arrays(pa.array(code), pa.array(labels))
        for name, values in self.values.items():
            arrays[name] = _rounded(np.asarray(values), decimals)
        return pa.table({name: arrays[name] for name in self.columns})


def _rounded(values: np.ndarray, decimals: int) -> pa.Array:
    import pyarrow as pa

    if values.dtype.kind == "f":
        values = np.round(values, decimals)
    return pa.array(values, from_pandas=True)


@lru_cache(maxsize=16)
def _codes(layout: str, sizes: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Per key axis, the position of each row's value along that axis (int32, read-only)."""
    if layout == PRODUCT:
        total = int(np.prod(sizes))
        found: list[np.ndarray] = []
        inner = 1
        for size in reversed(sizes):
            found.append(
                np.tile(np.repeat(np.arange(size, dtype=np.int32), inner), total // (size * inner))
            )
            inner *= size
        codes = tuple(reversed(found))
    elif layout == FUNDING:
        nt, nr, ns = sizes[0], sizes[1] - 1, sizes[2] - 1
        region = np.concatenate([[0], np.arange(1, nr + 1), np.repeat(np.arange(1, nr + 1), ns)])
        subject = np.concatenate([np.zeros(1 + nr, dtype=int), np.tile(np.arange(1, ns + 1), nr)])
        codes = (
            np.repeat(np.arange(nt), len(region)).astype(np.int32),
            np.tile(region, nt).astype(np.int32),
            np.tile(subject, nt).astype(np.int32),
        )
    else:
        raise ValueError(f"unknown layout {layout!r}")
    for code in codes:
        code.flags.writeable = False
    return codes


@lru_cache(maxsize=16)
def _key_frame(layout: str, axes: Axes, categorical: bool = False) -> pd.DataFrame:
    """The key columns of a table: the same for every run of a dataset, so built once.

    Building string columns is most of the cost of a tidy table; tables add their value
    columns to a copy.
    """
    codes = _codes(layout, tuple(len(values) for _, values in axes))
    column = _category if categorical else _column
    return pd.DataFrame(
        {name: column(values, code) for (name, values), code in zip(axes, codes, strict=True)}
    )


def _category(values: tuple[Any, ...], codes: np.ndarray) -> Any:
    """`values` at `codes` as a categorical (text keys; sorted categories), else as a column."""
    if not (values and isinstance(values[0], str)):
        return _column(values, codes)
    labels = pd.Index(values)
    order = labels.argsort()
    rank = np.empty(len(values), dtype=codes.dtype)
    rank[order] = np.arange(len(values), dtype=codes.dtype)
    return pd.Categorical.from_codes(rank[codes], categories=labels[order])


def _column(values: tuple[Any, ...], codes: np.ndarray) -> Any:
    """`values` taken at `codes`; strings straight into pandas' Arrow-backed string type.

    Converting a numpy array of strings (teachers by age: ~1 million cells) to pandas' string
    type first makes a Python object per cell (~130 MB at the peak); Arrow's take does not.
    """
    if values and isinstance(values[0], str):
        dtype = pd.Series(values[:1]).dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            import pyarrow as pa

            return pd.array(pa.array(values).take(pa.array(codes)), dtype=dtype)
    return np.asarray(values)[codes]


def as_arrow(table: TidyTable | pd.DataFrame, decimals: int) -> pa.Table:
    """A result table (lazy or a DataFrame) as Arrow, floats rounded to `decimals`.

    Parameters
    ----------
    table : TidyTable or pandas.DataFrame
        The table.
    decimals : int
        Decimals kept of float columns.

    Returns
    -------
    pyarrow.Table
        Without the DataFrame's index; NaN values are nulls.
    """
    if isinstance(table, TidyTable):
        return table.arrow(decimals)
    import pyarrow as pa

    return pa.Table.from_pandas(table.round(decimals), preserve_index=False)


def write_table(table: pa.Table, path: Path, fmt: ResultFormat) -> None:
    """Write one Arrow table as CSV or Parquet to `path` (the caller makes it atomic).

    CSV: a header of bare names, comma separated, decimal point, text unquoted unless it holds
    a comma, quote or line break, floats in their shortest exact form. Parquet: plain columns
    (text read back as text, not as categories), compressed.

    Parameters
    ----------
    table : pyarrow.Table
        The table.
    path : pathlib.Path
        The file to write.
    fmt : ResultFormat
        ``csv`` or ``parquet``.
    """
    import pyarrow as pa

    if ResultFormat(fmt) is ResultFormat.PARQUET:
        import pyarrow.parquet as pq

        pq.write_table(table, path, store_schema=False)
        return
    import pyarrow.csv as pacsv

    header = ",".join(_csv_field(name) for name in table.column_names) + "\n"
    table = pa.table({name: _as_text_if_coded(table[name]) for name in table.column_names})
    for quoting in ("none", "needed"):  # "none" refuses a text value that needs quotes
        with pa.OSFile(str(path), "wb") as sink:
            sink.write(header.encode("utf-8"))
            options = pacsv.WriteOptions(include_header=False, quoting_style=quoting)
            try:
                pacsv.write_csv(table, sink, options)
            except pa.ArrowInvalid:
                continue
        return


def _as_text_if_coded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary-encoded column as plain text (the CSV writer is quicker with text)."""
    import pyarrow as pa

    if not pa.types.is_dictionary(column.type):
        return column
    chunks = [chunk.dictionary.cast(pa.string()).take(chunk.indices) for chunk in column.chunks]
    return pa.chunked_array(chunks, type=pa.string())


def _csv_field(text: str) -> str:
    """`text` as one CSV field: quoted (quotes doubled) only if it holds a separator."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text

"""Append re-anchored rows to a data directory (``ikm-sim update``).

The rows themselves come from `ikm_sim.state.anchor.anchored_rows` (a run from the data's base
year to the new year, scaled to its published totals); `append_rows` writes them after the
existing lines of each table, formatted as the dataset builder does.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ikm_sim.data.schema import TABLES
from ikm_sim.data.write import format_cell
from ikm_sim.state.anchor import REQUIRED_SERIES, STATUS, anchored_rows, scale_to_totals

__all__ = ["REQUIRED_SERIES", "STATUS", "anchored_rows", "append_rows", "scale_to_totals"]


def append_rows(directory: Path, rows: dict[str, pd.DataFrame]) -> None:
    """Append `rows` to the tables of `directory`, formatted as the dataset builder does.

    Existing bytes are kept as they are; the new rows go at the end of each file.

    Parameters
    ----------
    directory : pathlib.Path
        A data directory (a staged copy: the files are changed in place).
    rows : dict of str to pandas.DataFrame
        Table name -> rows in contract columns.
    """
    for name, frame in rows.items():
        table = TABLES[name]
        path = Path(directory) / table.filename
        text = path.read_bytes()
        dtypes = [c.dtype for c in table.columns]
        with path.open("a", encoding="utf-8", newline="") as fh:
            if text and not text.endswith(b"\n"):
                fh.write("\n")
            writer = csv.writer(fh, lineterminator="\n")
            for row in frame[list(table.column_names)].itertuples(index=False):
                cells = zip(row, dtypes, strict=True)
                writer.writerow([format_cell(_plain(v), t) for v, t in cells])


def _plain(value: object) -> object:
    """Missing markers of pandas as None, numpy scalars as Python ones (for `format_cell`)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value

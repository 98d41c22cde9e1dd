"""The CSV format of the data contract: how every table of `ikm_sim.data.schema` is written.

Used by the dataset builder (`ikm_sim.databuild`) and by the forecast's re-anchoring, so a
table written by either reads back the same and is byte-identical on every platform.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd

from ikm_sim.data.schema import Table

#: Decimals written for float columns.
FLOAT_DECIMALS = 3


def format_cell(value: object, dtype: str) -> str:
    """Format one cell: empty for missing, ``true``/``false``, ints, floats to 3 decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if dtype == "bool":
        return "true" if value else "false"
    if dtype == "int":
        return str(int(value))  # type: ignore[call-overload]
    if dtype == "float":
        text = f"{round(float(value), FLOAT_DECIMALS):.{FLOAT_DECIMALS}f}".rstrip("0")  # type: ignore[arg-type]
        text = text + "0" if text.endswith(".") else text
        return "0.0" if text == "-0.0" else text
    return str(value)


def write_table(table: Table, df: pd.DataFrame, path: Path) -> None:
    """Write one table as UTF-8 CSV with newline line ends and the schema header."""
    dtypes = [c.dtype for c in table.columns]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(table.column_names)
        for row in df.itertuples(index=False):
            writer.writerow([format_cell(v, t) for v, t in zip(row, dtypes, strict=True)])

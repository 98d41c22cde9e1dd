"""Low-level helpers of the data checker: reading CSV files, parsing cells, capping messages.

Internal to `ikm_sim.data`; the public entry points are `ikm_sim.data.check.check_data` and
`ikm_sim.data.load.load_data`.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ikm_sim.data.schema import Column
from ikm_sim.errors import printable
from ikm_sim.limits import (
    MAX_CELL_CHARS,
    MAX_CELL_NUMBER,
    MAX_PROBLEMS_PER_FILE,
    MAX_TABLE_BYTES,
    MAX_TABLE_COLUMNS,
    LimitError,
    read_limited,
)

#: Messages of one kind (file, column, check) kept before the rest are summarised.
MAX_PER_KIND = 20

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")

Value = str | int | float | bool | None


class ProblemList:
    """Collects problem messages, capping repeated ones of the same kind.

    After `MAX_PER_KIND` messages of one kind, further ones are counted and summarised in a
    single ``... and N more`` line placed right after the last one kept.
    """

    def __init__(self) -> None:
        self.total = 0  # every problem added, including the ones summarised
        self._items: list[list[str]] = []
        self._counts: dict[tuple[str, ...], int] = {}
        self._overflow: dict[tuple[str, ...], list[str]] = {}

    def add(self, message: str, kind: tuple[str, ...] | None = None) -> None:
        """Record `message`; `kind` groups messages for the cap (default: never capped).

        The message is made `ikm_sim.errors.printable` (one line, no control characters).
        """
        self.total += 1
        message = printable(message, keep_newlines=False)
        if kind is None:
            self._items.append([message])
            return
        n = self._counts.get(kind, 0) + 1
        self._counts[kind] = n
        if n <= MAX_PER_KIND:
            self._items.append([message])
            return
        if kind not in self._overflow:
            slot = [""]
            self._overflow[kind] = slot
            self._items.append(slot)
        where = f"{kind[0]}" + (f', column "{kind[1]}"' if len(kind) > 1 and kind[1] else "")
        self._overflow[kind][0] = f"{where}: ... and {n - MAX_PER_KIND} more like the above"

    def __len__(self) -> int:
        return len(self._items)

    def messages(self) -> list[str]:
        """Return the messages in the order they were found."""
        return [slot[0] for slot in self._items]


@dataclass
class RawTable:
    """The text of one CSV file: header and data rows with their 1-based line numbers."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_csv_text(path: Path, problems: ProblemList) -> RawTable | None:
    """Read `path` as UTF-8 CSV within the limits of `ikm_sim.limits`.

    Reports a file that is not a regular file or is over `MAX_TABLE_BYTES` (before reading
    it), decode errors, an empty file, a header over `MAX_TABLE_COLUMNS`, cells over
    `MAX_CELL_CHARS` and ragged rows; stops after `MAX_PROBLEMS_PER_FILE` problems.

    Parameters
    ----------
    path : Path
        The CSV file.
    problems : ProblemList
        Where problems are recorded.

    Returns
    -------
    RawTable or None
        The header and the well-formed rows, or None when the file cannot be read at all.
    """
    name = path.name
    try:
        data = read_limited(path, MAX_TABLE_BYTES, name)
    except LimitError as exc:
        problems.add(str(exc))
        return None
    for bom, encoding in ((b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            problems.add(f"{name} line 1: the file is {encoding} text; save it with UTF-8 encoding")
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        problems.add(
            f"{name} line {line}: not valid UTF-8 (byte 0x{byte}); "
            "save the file with UTF-8 encoding"
        )
        return None
    return _split_rows(name, text, problems)


def _split_rows(name: str, text: str, problems: ProblemList) -> RawTable | None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    raw: RawTable | None = None
    last = 0
    start_total = problems.total
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            if not row or not "".join(row).strip():
                continue
            if max(map(len, row)) > MAX_CELL_CHARS:
                longest = max(map(len, row))
                problems.add(
                    f"{name} line {start}: a cell of {longest:,} characters is longer than "
                    f"{MAX_CELL_CHARS:,} (check for a missing closing quote)",
                    (name, "", "long"),
                )
            elif raw is None:
                if len(row) > MAX_TABLE_COLUMNS:
                    problems.add(
                        f"{name} line 1: {len(row)} columns; at most {MAX_TABLE_COLUMNS} are "
                        "accepted (is this the right file?)"
                    )
                    return None
                raw = RawTable([cell.strip() for cell in row])
            elif len(row) != len(raw.header):
                problems.add(
                    f"{name} line {start}: {len(row)} fields, expected {len(raw.header)} "
                    "(one per header column); check for a missing or extra comma",
                    (name, "", "ragged"),
                )
            else:
                raw.rows.append((start, row))
            if problems.total - start_total >= MAX_PROBLEMS_PER_FILE:
                problems.add(stopped_message(name, start))
                return None
    except csv.Error as exc:
        problems.add(f"{name} line {last + 1}: malformed CSV ({exc})")
        return None
    if raw is None:
        problems.add(f"{name}: the file is empty; expected a header row and data rows")
    return raw


def stopped_message(name: str, line: int) -> str:
    """The line that says checking `name` stopped at `line` after too many problems."""
    return (
        f"{name} line {line}: stopped checking this file after {MAX_PROBLEMS_PER_FILE:,} "
        "problems; fix the ones above first"
    )


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """Return ``'; did you mean "x"?'`` for the closest option, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def fmt_number(x: float) -> str:
    """Format a number for a message: integers without decimals, others compactly."""
    if float(x).is_integer():
        return f"{int(x)}"
    return f"{x:.6g}"


def parse_cell(text: str, column: Column) -> tuple[Value, str | None]:
    """Parse one cell against its column's type.

    Parameters
    ----------
    text : str
        The cell as written in the file.
    column : Column
        The column contract.

    Returns
    -------
    tuple
        ``(value, None)`` on success (value None for an allowed empty cell), or
        ``(None, expectation)`` when the cell does not parse, where `expectation` says what
        was expected.
    """
    stripped = text.strip()
    if not stripped:
        if column.allowed is not None and "" in column.allowed:
            return "", None
        return None, (None if column.nullable else "a value (the cell is empty)")
    if column.dtype == "str":
        return text, None
    if column.dtype == "bool":
        low = stripped.lower()
        if low in ("true", "false"):
            return low == "true", None
        return None, "true or false"
    if not _NUMBER.fullmatch(stripped):
        hint = " (use a decimal point, not a comma)" if _DECIMAL_COMMA.fullmatch(stripped) else ""
        return None, f"a number{hint}"
    number = float(stripped)
    if not math.isfinite(number):
        return None, "a finite number"
    if abs(number) > MAX_CELL_NUMBER:
        return None, f"a number of at most {MAX_CELL_NUMBER:.0e} in size"
    if column.dtype == "int":
        if not number.is_integer():
            return None, "a whole number"
        return int(number), None
    return number, None


def check_value(value: Value, text: str, column: Column) -> str | None:
    """Check a parsed value against bounds, allowed values and pattern.

    Returns
    -------
    str or None
        What is wrong (to follow the quoted value in a message), or None.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if column.minimum is not None and value < column.minimum:
            return f"is below the minimum {fmt_number(column.minimum)}"
        if column.maximum is not None and value > column.maximum:
            return f"is above the maximum {fmt_number(column.maximum)}"
    if column.allowed is not None and text not in column.allowed:
        shown = ", ".join(f'"{a}"' for a in column.allowed)
        return f"is not allowed (allowed: {shown}){did_you_mean(text, column.allowed)}"
    if column.pattern is not None and not re.fullmatch(column.pattern, text):
        return f"does not match the pattern {column.pattern}"
    return None


def as_float(value: Value) -> float:
    """Return a parsed numeric cell as float (for cells of int or float columns)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def as_int(value: Value) -> int:
    """Return a parsed cell of an int column as int."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"not an integer: {value!r}")
    return value

"""Hypothesis strategies of bad data tables: one table of ``tests/fixtures/mini_data`` mutated.

Each strategy yields a `TableCase`: which file to replace in a copy of the fixture data and
its new bytes. Kinds: missing, extra, renamed and repeated columns; wrong types, NaN/inf and
huge numbers in cells; negative counts; duplicate keys; unknown municipality and subject
codes; empty files; other delimiters and encodings; ragged rows and broken quoting; long cells
and too many columns; random character edits.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from ikm_sim.data.schema import TABLES, Table
from ikm_sim.limits import MAX_CELL_CHARS, MAX_TABLE_BYTES, MAX_TABLE_COLUMNS
from tests.conftest import MINI_DATA


@dataclass(frozen=True)
class TableCase:
    """One generated table.

    Attributes
    ----------
    kind : str
        What was generated (for the tally).
    filename : str
        The table file replaced (e.g. ``teachers.csv``).
    content : bytes
        Its new contents.
    must_fail : bool
        True when the table is bad for sure (the oracle then requires a refusal).
    """

    kind: str
    filename: str
    content: bytes
    must_fail: bool = False

    def __repr__(self) -> str:
        shown = self.content[:300] + (b"..." if len(self.content) > 300 else b"")
        return f"{type(self).__name__}({self.kind!r}, {len(self.content)} bytes: {shown!r})"


ORIGINAL = {t.filename: (MINI_DATA / t.filename).read_text("utf-8") for t in TABLES.values()}
ROWS = {name: list(csv.reader(io.StringIO(text))) for name, text in ORIGINAL.items()}
NAMES = sorted(ORIGINAL)
#: Tables with at least one data row (a header-only table has no cell to change).
WITH_ROWS = [name for name in NAMES if len(ROWS[name]) > 1]
BAD_NUMBERS = ["abc", "nan", "NaN", "inf", "-inf", "1e400", "1,5", "1.2.3", "0x10", "--1", "1e"]
ODD_CELLS = [
    *BAD_NUMBERS, "", " ", "-0", "1e308", "99999999999999999999", "true", "TRUE", "null",
    "\u00a0", '"', "'", "١٢", "½", "LV0001000", "PRI", "=1+1", "@SUM(A1)", "\x00", "2023.0",
]  # fmt: skip


def _write(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _table(name: str) -> Table:
    return TABLES[name.removesuffix(".csv")]


tables = st.sampled_from(NAMES)
tables_with_rows = st.sampled_from(WITH_ROWS)


@st.composite
def columns(draw: Any) -> TableCase:
    """A column missing, added, renamed (typo, case, other name), repeated or moved."""
    name = draw(tables)
    rows = [list(r) for r in ROWS[name]]
    header = rows[0]
    i = draw(st.integers(0, len(header) - 1))
    how = draw(st.sampled_from(["missing", "extra", "renamed", "repeated", "case", "moved"]))
    if how == "missing":
        rows = [r[:i] + r[i + 1 :] for r in rows]
    elif how == "extra":
        extra = draw(st.sampled_from(["notes", "", "year ", "Unnamed: 0", "atvk2"]))
        rows = [[*r, extra if k == 0 else "1"] for k, r in enumerate(rows)]
    elif how == "renamed":
        header[i] = draw(st.sampled_from([header[i][:-1], header[i] + "s", "x", "count"]))
    elif how == "repeated":
        rows = [[*r, r[i]] for r in rows]
    elif how == "case":
        header[i] = header[i].upper()
    else:
        j = draw(st.integers(0, len(header) - 1))
        rows = [[r[j] if k == i else r[i] if k == j else c for k, c in enumerate(r)] for r in rows]
    return TableCase("table: columns", name, _write(rows), must_fail=how != "moved")


@st.composite
def cells(draw: Any) -> TableCase:
    """A few cells replaced by wrong types, NaN/inf, huge numbers, formulas, odd characters."""
    name = draw(tables_with_rows)
    rows = [list(r) for r in ROWS[name]]
    table = _table(name)
    changed: dict[tuple[int, int], str] = {}
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(1, len(rows) - 1))
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows[r][c] = changed[r, c] = draw(st.sampled_from(ODD_CELLS) | st.text(max_size=8))
    must_fail = False
    for (_, c), value in changed.items():  # the last value written to each cell counts
        column = table.column(rows[0][c])
        if column.dtype in ("int", "float") and not column.nullable and value in BAD_NUMBERS:
            must_fail = True
    return TableCase("table: wrong types and values", name, _write(rows), must_fail=must_fail)


@st.composite
def negative(draw: Any) -> TableCase:
    """A count (a column with minimum 0) made negative."""
    candidates = [
        (n, i)
        for n in WITH_ROWS
        for i, col in enumerate(ROWS[n][0])
        if _table(n).column(col).minimum == 0 and _table(n).column(col).dtype != "str"
    ]
    name, c = draw(st.sampled_from(candidates))
    rows = [list(r) for r in ROWS[name]]
    r = draw(st.integers(1, len(rows) - 1))
    rows[r][c] = draw(st.sampled_from(["-1", "-0.5", "-1e9", "-999999999999"]))
    return TableCase("table: negative counts", name, _write(rows), must_fail=True)


@st.composite
def duplicates(draw: Any) -> TableCase:
    """A data row repeated (the same key twice), possibly with other values."""
    name = draw(tables_with_rows)
    rows = [list(r) for r in ROWS[name]]
    r = draw(st.integers(1, len(rows) - 1))
    twin = list(rows[r])
    key = set(_table(name).key)
    for c, col in enumerate(rows[0]):
        if col not in key and draw(st.booleans()):
            twin[c] = rows[draw(st.integers(1, len(rows) - 1))][c]
    rows.insert(draw(st.integers(1, len(rows))), twin)
    return TableCase("table: duplicate keys", name, _write(rows), must_fail=True)


@st.composite
def codes(draw: Any) -> TableCase:
    """An unknown municipality (ATVK) or subject code in a table that refers to them."""
    candidates = [
        (n, ROWS[n][0].index(col))
        for n in WITH_ROWS
        for col in (_table(n).municipality_column, _table(n).subject_column)
        if col is not None and col in ROWS[n][0]
    ]
    name, c = draw(st.sampled_from(candidates))
    rows = [list(r) for r in ROWS[name]]
    r = draw(st.integers(1, len(rows) - 1))
    rows[r][c] = draw(
        st.sampled_from(["LV0099000", "lv0001000", "LV0055000", "PHYS", "pri", "XX", "LV00010000"])
    )
    return TableCase("table: unknown codes", name, _write(rows), must_fail=True)


EMPTY = [b"", b"\n", b"   \n\n", b"\xef\xbb\xbf", b",,,\n", b"\x00", b"\r\n\r\n"]


@st.composite
def empty(draw: Any) -> TableCase:
    """An empty, blank or header-only file."""
    name = draw(tables)
    if draw(st.booleans()):
        return TableCase("table: empty", name, draw(st.sampled_from(EMPTY)), must_fail=True)
    return TableCase("table: empty", name, _write(ROWS[name][:1]))


@st.composite
def delimiter_encoding(draw: Any) -> TableCase:
    """Semicolons, tabs or pipes instead of commas (in all or some rows); UTF-16,
    Windows-1257, Latin-1, byte-order marks, CRLF, with Latvian letters in a text cell."""
    name = draw(tables_with_rows)
    kind = "table: delimiters and encodings"
    rows = [list(r) for r in ROWS[name]]
    how = draw(st.sampled_from([";", "\t", "|", "utf-16", "utf-16-be", "cp1257", "utf-8-sig"]))
    if how in (";", "\t", "|"):
        scope = draw(st.sampled_from(["all", "header", "rows"]))
        lines = [
            how.join(r) if scope == "all" or (scope == "header") == (i == 0) else ",".join(r)
            for i, r in enumerate(rows)
        ]
        return TableCase(kind, name, ("\n".join(lines) + "\n").encode(), must_fail=True)
    text_columns = [i for i, c in enumerate(rows[0]) if _table(name).column(c).dtype == "str"]
    if text_columns and draw(st.booleans()):
        r = draw(st.integers(1, len(rows) - 1))
        rows[r][draw(st.sampled_from(text_columns))] = draw(
            st.sampled_from(["Ķekava", "Rēzekne – ģimene", "Ādaži", "“quoted”", "Bauska"])
        )
    text = _write(rows).decode()
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode(how, errors="replace")
    try:
        must_fail = how.startswith("utf-16") or "\x00" in data.decode("utf-8-sig")
    except UnicodeDecodeError:
        must_fail = True
    return TableCase(kind, name, data, must_fail)


@st.composite
def ragged(draw: Any) -> TableCase:
    """A row with a field too many or too few, or an unclosed quote."""
    name = draw(tables_with_rows)
    lines = ORIGINAL[name].splitlines()
    i = draw(st.integers(1, len(lines) - 1))
    how = draw(st.sampled_from(["more", "fewer", "quote"]))
    if how == "more":
        lines[i] += ",1"
    elif how == "fewer":
        lines[i] = lines[i].rsplit(",", 1)[0]
    else:
        lines[i] = '"' + lines[i]
    data = ("\n".join(lines) + "\n").encode()
    return TableCase("table: ragged rows and quotes", name, data, must_fail=True)


@st.composite
def huge(draw: Any) -> TableCase:
    """A long cell, too many columns, or a file over the size limit."""
    name = draw(tables)
    rows = [list(r) for r in ROWS[name]]
    how = draw(st.sampled_from(["cell", "columns", "bytes"]))
    if how == "cell":
        n = draw(st.sampled_from([MAX_CELL_CHARS, MAX_CELL_CHARS + 1, 200_000]))
        rows[1][0] = "9" * n
        return TableCase("table: huge", name, _write(rows), must_fail=True)
    if how == "columns":
        n = draw(st.sampled_from([MAX_TABLE_COLUMNS + 1, 5000]))
        rows = [r + [f"c{k}" if i == 0 else "1" for k in range(n)] for i, r in enumerate(rows)]
        return TableCase("table: huge", name, _write(rows), must_fail=True)
    body = _write(rows)
    pad = MAX_TABLE_BYTES + 1 - len(body)
    return TableCase("table: huge", name, body + b"#" * pad, must_fail=True)


EDITS = [*',"\n\r\t;', "\x00", "\ufeff", " ", "''", '""', "\\"]


@st.composite
def char_edits(draw: Any) -> TableCase:
    """One to five characters deleted or inserted anywhere in the file."""
    name = draw(tables)
    text = ORIGINAL[name]
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text) - 1))
        if draw(st.booleans()):
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + draw(st.sampled_from(EDITS)) + text[at:]
    return TableCase("table: character edits", name, text.encode())


#: Strategy and number of generated cases per kind.
TABLE_KINDS: dict[str, tuple[st.SearchStrategy[TableCase], int]] = {
    "columns": (columns(), 400),
    "cells": (cells(), 800),
    "negative": (negative(), 250),
    "duplicates": (duplicates(), 200),
    "codes": (codes(), 300),
    "empty": (empty(), 60),
    "delimiter_encoding": (delimiter_encoding(), 250),
    "ragged": (ragged(), 200),
    "huge": (huge(), 40),
    "char_edits": (char_edits(), 500),
}

any_table = st.one_of(*(strategy for strategy, _ in TABLE_KINDS.values()))

"""Validate a data directory against the table contract in `ikm_sim.data.schema`.

`check_data` returns one plain-language line per problem, naming the file, the line (as an
editor shows it: the header is line 1), the column, what was found and what was expected. It
never raises for bad content. The checks, in order:

1. every table of `TABLES` is present and readable as UTF-8 CSV with rows of equal length;
2. the header: missing, unknown (with a did-you-mean) and repeated columns;
3. the type of every cell; empty cells only where the column is nullable;
4. bounds, allowed values and patterns;
5. duplicate keys;
6. references: municipality codes known in ``municipalities.csv`` (and official), subject codes
   known in ``subjects.csv``;
7. totals and consistency: births by municipality add up to births, national history totals
   match the tables (only for a directory covering all municipalities), FTE at most 2.5 times
   headcount, history ranges contain their value, history units match the series, workload
   periods do not overlap; published totals (``check_totals``): unit of the series, allowed
   breakdowns, municipal rows not above the national total; funding rows: the unit of the
   item, percentages at most 100.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from ikm_sim.data._csv import (
    ProblemList,
    RawTable,
    Value,
    as_float,
    as_int,
    check_value,
    did_you_mean,
    fmt_number,
    parse_cell,
    read_csv_text,
    stopped_message,
)
from ikm_sim.data.check_totals import check_published_totals, national_values
from ikm_sim.data.schema import (
    FUNDING_ITEMS,
    HISTORY_SERIES,
    MERGED_ATVK,
    OFFICIAL_ATVK,
    TABLES,
    Table,
)
from ikm_sim.limits import MAX_PROBLEMS_PER_FILE

#: Known retired codes, explained when they turn up.
_RETIRED_ATVK = {
    code: f"{name} was merged into {into_name} ({into}) in {year}"
    for code, (name, into_name, into, year) in MERGED_ATVK.items()
}
#: Largest plausible FTE per person in a teachers row.
MAX_FTE_PER_HEAD = 2.5
#: Relative and absolute tolerance of births by municipality against national births.
BIRTHS_REL_TOL, BIRTHS_ABS_TOL = 0.005, 1.0
#: Relative tolerance of pupils against ``pupils_1_12``; absolute one of pedagogues.
PUPILS_REL_TOL, PEDAGOGUES_ABS_TOL = 0.005, 1.0


@dataclass
class ParsedTable:
    """The parsed cells of one table: line numbers and values by column (None = invalid/empty).

    Attributes
    ----------
    table : Table
        The contract of the table.
    lines : list of int
        1-based line number of every well-formed data row.
    columns : dict of str to list
        Parsed values of every contract column present in the file, aligned with `lines`.
    clean : bool
        True when no problem was found in the file itself.
    """

    table: Table
    lines: list[int]
    columns: dict[str, list[Value]]
    clean: bool = True

    @property
    def filename(self) -> str:
        """File name of the table."""
        return self.table.filename

    def rows(self, *names: str) -> Iterator[tuple[int, tuple[Value, ...]]]:
        """Yield ``(line, values)`` for rows where all of `names` are present and valid."""
        if not all(n in self.columns for n in names):
            return
        for line, *values in zip(self.lines, *(self.columns[n] for n in names), strict=False):
            if None not in values:
                yield line, tuple(values)

    def key_rows(self) -> Iterator[tuple[int, tuple[Value, ...]]]:
        """Yield ``(line, key values)``; an empty cell of a nullable key column is a value."""
        key = self.table.key
        if not all(n in self.columns for n in key):
            return
        cols = [self.columns[n] for n in key]
        required = [not self.table.column(n).nullable for n in key]
        for i, line in enumerate(self.lines):
            values = tuple(c[i] for c in cols)
            if all(v is not None for v, req in zip(values, required, strict=True) if req):
                yield line, values


@dataclass
class Validation:
    """Result of validating a directory: the problems and the tables that could be parsed."""

    problems: list[str]
    tables: dict[str, ParsedTable]


def check_data(directory: Path) -> list[str]:
    """Validate a directory of CSV tables against the table contract.

    Parameters
    ----------
    directory : Path
        Directory holding one ``<table>.csv`` per table of `ikm_sim.data.schema.TABLES`.

    Returns
    -------
    list of str
        One human-readable line per problem; empty when the directory follows the contract.
    """
    return validate(directory).problems


def validate(directory: Path) -> Validation:
    """Validate `directory` and keep the parsed tables (used by the loader).

    Parameters
    ----------
    directory : Path
        The data directory.

    Returns
    -------
    Validation
        The problems found and every table that could be read.
    """
    directory = Path(directory)
    problems = ProblemList()
    if not directory.is_dir():
        problems.add(f"{directory}: data directory not found")
        return Validation(problems.messages(), {})
    present = sorted(p.name for p in directory.glob("*.csv"))
    tables: dict[str, ParsedTable] = {}
    for table in TABLES.values():
        parsed = _read_table(directory, table, present, problems)
        if parsed is not None:
            tables[table.name] = parsed
    _check_municipality_codes(tables, problems)
    _check_subject_codes(tables, problems)
    _check_births_total(tables, problems)
    _check_pupils_total(tables, problems)
    _check_pedagogues_total(tables, problems)
    _check_teacher_fte(tables, problems)
    _check_history_rows(tables, problems)
    _check_workload_periods(tables, problems)
    _check_funding_rows(tables, problems)
    check_published_totals(tables, problems)
    return Validation(problems.messages(), tables)


def check_file(path: Path, table: Table) -> tuple[list[str], ParsedTable | None]:
    """Validate one CSV file against the contract of `table` (steps 1-5 and own checks).

    Messages name the file as given (e.g. the new figures an analyst wrote), not the table.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    table : Table
        Its contract.

    Returns
    -------
    tuple
        The problems (one line each) and the parsed table (None if it could not be read).
    """
    path = Path(path)
    problems = ProblemList()
    if not path.is_file():
        problems.add(f"{path}: file not found")
        return problems.messages(), None
    if path.suffix != ".csv":
        problems.add(f"{path}: expected a CSV file named *.csv")
        return problems.messages(), None
    renamed = replace(table, name=path.name.removesuffix(".csv"))
    parsed = _read_table(path.parent, renamed, [path.name], problems)
    if parsed is not None and table.name == "published_totals":
        check_published_totals({"published_totals": parsed}, problems)
    return problems.messages(), parsed


# --- (1)-(5): one file ---------------------------------------------------------------------


def _read_table(
    directory: Path, table: Table, present: list[str], problems: ProblemList
) -> ParsedTable | None:
    path = directory / table.filename
    if not path.exists():
        others = [p for p in present if p.removesuffix(".csv") not in TABLES]
        problems.add(f"{table.filename}: missing file{did_you_mean(table.filename, others)}")
        return None
    before = len(problems)
    raw = read_csv_text(path, problems)
    if raw is None:
        return None
    index = _check_header(table, raw, problems)
    parsed = _parse_cells(table, raw, index, problems)
    _check_keys(parsed, problems)
    parsed.clean = len(problems) == before
    return parsed


def _check_header(table: Table, raw: RawTable, problems: ProblemList) -> dict[str, int]:
    """Report missing, unknown and repeated columns; return contract column -> position."""
    name, expected = table.filename, table.column_names
    index: dict[str, int] = {}
    if len(raw.header) == 1 and raw.header[0] not in expected:
        found = [d for d in (";", "\t", "|") if d in raw.header[0]]
        if found:
            shown = "a tab" if found[0] == "\t" else f'"{found[0]}"'
            problems.add(
                f"{name} line 1: the columns are separated by {shown}, not commas; "
                f"save the file as comma-separated CSV (expected columns: {', '.join(expected)})"
            )
            return index
    missing = [c for c in expected if c not in raw.header]
    for pos, col in enumerate(raw.header):
        if col in index:
            problems.add(f'{name} line 1, column "{col}": the column appears twice')
        elif col in expected:
            index[col] = pos
        else:
            hint = did_you_mean(col, missing or expected)
            problems.add(f'{name} line 1, column "{col}": unknown column{hint}')
    for col in missing:
        problems.add(f'{name}: missing column "{col}" (expected columns: {", ".join(expected)})')
    return index


def _parse_cells(
    table: Table, raw: RawTable, index: dict[str, int], problems: ProblemList
) -> ParsedTable:
    """Parse every cell of the contract columns; report type, bound, list and pattern problems."""
    name = table.filename
    columns: dict[str, list[Value]] = {}
    budget = problems.total + MAX_PROBLEMS_PER_FILE
    rows = raw.rows
    for col in table.columns:
        if col.name not in index:
            continue
        values: list[Value] = []
        pos = index[col.name]
        # Columns repeat few distinct texts (years, codes, ages): parse and check each once.
        seen: dict[str, tuple[Value, str | None, str | None]] = {}
        for line, row in rows:
            text = row[pos]
            known = seen.get(text)
            if known is None:
                parsed, expected = parse_cell(text, col)
                wrong = None if expected is not None else check_value(parsed, text, col)
                known = seen[text] = (parsed, expected, wrong)
            value, expected, wrong = known
            if expected is not None or wrong is not None:
                where = f'{name} line {line}, column "{col.name}"'
                if expected is not None:
                    found = "empty cell" if not text.strip() else f'found "{text}"'
                    problems.add(f"{where}: {found}, expected {expected}", (name, col.name, "type"))
                else:
                    problems.add(f'{where}: "{text}" {wrong}', (name, col.name, "value"))
                value = None
                if problems.total >= budget:
                    # Stop reading this file: keep the rows checked so far, in every column.
                    problems.add(stopped_message(name, line))
                    rows = rows[: len(values) + 1]
                    values.append(value)
                    columns = {k: v[: len(rows)] for k, v in columns.items()}
                    columns[col.name] = values
                    return ParsedTable(table, [n for n, _ in rows], columns, clean=False)
            values.append(value)
        columns[col.name] = values
    return ParsedTable(table, [line for line, _ in rows], columns)


def _check_keys(parsed: ParsedTable, problems: ProblemList) -> None:
    key = parsed.table.key
    first: dict[tuple[Value, ...], int] = {}
    for line, values in parsed.key_rows():
        if values in first:
            shown = ", ".join(
                f"{k}={'' if v is None else v}" for k, v in zip(key, values, strict=True)
            )
            problems.add(
                f"{parsed.filename} line {line}: duplicate key ({shown}); "
                f"first on line {first[values]}",
                (parsed.filename, "", "duplicate"),
            )
        else:
            first[values] = line


# --- (6): references -----------------------------------------------------------------------


def _check_municipality_codes(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    municipalities = tables.get("municipalities")
    if municipalities is None:
        return
    name = municipalities.filename
    known: list[str] = []
    for line, (code,) in municipalities.rows("atvk"):
        known.append(str(code))
        if code not in OFFICIAL_ATVK:
            why = _RETIRED_ATVK.get(str(code), "")
            why = f" ({why})" if why else did_you_mean(str(code), OFFICIAL_ATVK)
            problems.add(
                f'{name} line {line}, column "atvk": "{code}" is not one of the '
                f"{len(OFFICIAL_ATVK)} official ATVK codes in force since 2025{why}",
                (name, "atvk", "official"),
            )
    known_set = set(known)
    for parsed in tables.values():
        col = parsed.table.municipality_column
        if col is None or parsed is municipalities:
            continue
        for line, (code,) in parsed.rows(col):
            if code not in known_set:
                problems.add(
                    f'{parsed.filename} line {line}, column "{col}": "{code}" is not a known '
                    f"municipality (known: the {len(known_set)} ATVK codes in {name})"
                    + did_you_mean(str(code), known),
                    (parsed.filename, col, "reference"),
                )


def _check_subject_codes(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    subjects = tables.get("subjects")
    if subjects is None:
        return
    known = [str(code) for _, (code,) in subjects.rows("code")]
    known_set = set(known)
    for parsed in tables.values():
        col = parsed.table.subject_column
        if col is None or parsed is subjects:
            continue
        for line, (code,) in parsed.rows(col):
            if code not in known_set:
                problems.add(
                    f'{parsed.filename} line {line}, column "{col}": "{code}" is not a known '
                    f"subject (known: the {len(known)} codes in {subjects.filename}: "
                    f"{', '.join(known)}){did_you_mean(str(code), known)}",
                    (parsed.filename, col, "reference"),
                )


# --- (7): totals and consistency -----------------------------------------------------------


def _clean(tables: dict[str, ParsedTable], *names: str) -> list[ParsedTable] | None:
    """Return the named tables if all were read without problems, else None."""
    found = [tables.get(n) for n in names]
    if all(t is not None and t.clean for t in found):
        return [t for t in found if t is not None]
    return None


def _sum_by_year(parsed: ParsedTable, value: str) -> dict[int, float]:
    sums: dict[int, float] = defaultdict(float)
    for _, (year, v) in parsed.rows("year", value):
        sums[as_int(year)] += as_float(v)
    return dict(sums)


def _check_births_total(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    found = _clean(tables, "births", "births_by_municipality")
    if found is None:
        return
    births, by_mun = found
    national = {as_int(y): (line, as_float(b)) for line, (y, b) in births.rows("year", "births")}
    for year, total in sorted(_sum_by_year(by_mun, "births").items()):
        if year not in national:
            problems.add(
                f"{by_mun.filename}: year {year} has births by municipality "
                f"but no row in {births.filename}"
            )
            continue
        line, expected = national[year]
        if abs(total - expected) > max(BIRTHS_ABS_TOL, BIRTHS_REL_TOL * expected):
            problems.add(
                f"{by_mun.filename}: births in {year} sum to {fmt_number(round(total, 1))}, "
                f"but {births.filename} line {line} says {fmt_number(expected)} "
                f"(tolerance {BIRTHS_REL_TOL:.1%} or {fmt_number(BIRTHS_ABS_TOL)} person)"
            )


def _covers_all_municipalities(parsed: ParsedTable) -> bool:
    codes = {code for _, (code,) in parsed.rows("atvk")}
    return set(OFFICIAL_ATVK) <= codes


def _check_pupils_total(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    """Compare pupils with the national ``pupils_1_12`` (national directories only).

    The national values come from ``history.csv`` and ``published_totals.csv`` (which wins).
    """
    found = _clean(tables, "history", "published_totals", "pupils")
    if found is not None and _covers_all_municipalities(found[2]):
        pupils = found[2]
        sums = _sum_by_year(pupils, "pupils")
        for year, (file, line, value) in sorted(national_values(tables, "pupils_1_12").items()):
            if year in sums and abs(sums[year] - value) > PUPILS_REL_TOL * value:
                problems.add(
                    f"{pupils.filename}: pupils in {year} sum to {fmt_number(sums[year])}, "
                    f"but {file} line {line} (pupils_1_12) says {fmt_number(value)} "
                    f"(tolerance {PUPILS_REL_TOL:.1%})"
                )


def _check_pedagogues_total(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    """Compare school-level teacher headcount with ``pedagogues_general`` (national only)."""
    found = _clean(tables, "history", "published_totals", "teachers", "subjects")
    if found is None or not _covers_all_municipalities(found[2]):
        return
    teachers, subjects = found[2:]
    school = {c for _, (c, lv) in subjects.rows("code", "level") if lv in ("school", "other")}
    heads: dict[int, float] = defaultdict(float)
    for _, (y, subject, h) in teachers.rows("year", "subject", "headcount"):
        if subject in school:
            heads[as_int(y)] += as_float(h)
    national = national_values(tables, "pedagogues_general")
    for year, (file, line, value) in sorted(national.items()):
        if year in heads and abs(heads[year] - value) > PEDAGOGUES_ABS_TOL:
            problems.add(
                f"{teachers.filename}: school-level headcount in {year} sums to "
                f"{fmt_number(round(heads[year], 1))}, but {file} line {line} "
                f"(pedagogues_general) says {fmt_number(value)} (tolerance ±1)"
            )


def _check_teacher_fte(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    teachers = tables.get("teachers")
    if teachers is None:
        return
    name = teachers.filename
    for line, values in teachers.rows("fte", "headcount"):
        fte, heads = (as_float(v) for v in values)
        if fte > MAX_FTE_PER_HEAD * heads:
            problems.add(
                f'{name} line {line}, column "fte": {fmt_number(fte)} FTE is more than '
                f"{MAX_FTE_PER_HEAD} × headcount ({fmt_number(heads)})",
                (name, "fte", "ratio"),
            )


def _check_history_rows(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    history = tables.get("history")
    if history is None:
        return
    name = history.filename
    for i, line in enumerate(history.lines):
        value = history.columns.get("value", [None] * len(history.lines))[i]
        if value is None:
            continue
        for bound, wrong in (("low", "above"), ("high", "below")):
            other = history.columns.get(bound, [None] * len(history.lines))[i]
            if other is None:
                continue
            diff = as_float(other) - as_float(value)
            if (bound == "low" and diff > 0) or (bound == "high" and diff < 0):
                problems.add(
                    f'{name} line {line}, column "{bound}": {fmt_number(as_float(other))} is '
                    f"{wrong} the value {fmt_number(as_float(value))}; "
                    "expected low <= value <= high",
                    (name, bound, "range"),
                )
    _check_units(history, "series", HISTORY_SERIES, problems)


def _check_units(
    table: ParsedTable, key: str, units: dict[str, str], problems: ProblemList
) -> set[int]:
    """Refuse rows whose ``unit`` is not the one their `key` (series, item) is measured in.

    Returns the lines refused, so a caller can skip checks that assume the right unit.
    """
    name = table.filename
    refused: set[int] = set()
    for line, (code, unit) in table.rows(key, "unit"):
        expected = units.get(str(code))
        if expected is not None and unit != expected:
            problems.add(
                f'{name} line {line}, column "unit": "{unit}" does not fit {key} "{code}"; '
                f'expected "{expected}"',
                (name, "unit", key),
            )
            refused.add(line)
    return refused


def _check_funding_rows(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    """The unit of every funding row is that of its item; percentages are at most 100."""
    funding = tables.get("funding")
    if funding is None:
        return
    name = funding.filename
    refused = _check_units(funding, "item", FUNDING_ITEMS, problems)
    for line, (_, unit, value) in funding.rows("item", "unit", "value"):
        if line not in refused and unit == "percent" and as_float(value) > 100:
            problems.add(
                f'{name} line {line}, column "value": {fmt_number(as_float(value))} is not a '
                "percentage; expected 0-100",
                (name, "value", "percent"),
            )


def _check_workload_periods(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    rules = tables.get("workload_rules")
    if rules is None:
        return
    name = rules.filename
    periods: list[tuple[int, int, int]] = []
    for line, values in rules.rows("year_from", "year_to"):
        start, end = (as_int(v) for v in values)
        if start > end:
            problems.add(
                f'{name} line {line}, column "year_to": {end} is before year_from {start}; '
                "expected year_from <= year_to"
            )
        else:
            periods.append((start, end, line))
    periods.sort()
    for (_, prev_end, prev_line), (start, _, line) in pairwise(periods):
        if start <= prev_end:
            problems.add(
                f'{name} line {line}, column "year_from": the period from {start} overlaps '
                f"the period on line {prev_line}, which runs to {prev_end}"
            )

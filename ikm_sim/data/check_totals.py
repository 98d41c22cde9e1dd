"""Checks of ``published_totals.csv`` beyond its columns, and the national values it publishes.

`check_published_totals` reports, one line each: a unit that does not fit its series, a
breakdown (municipality, subject, grade) that the series is not published by, and a national
total that its municipal rows exceed. `national_values` merges the national rows of a series
from ``history.csv`` and ``published_totals.csv``; a published total supersedes a history
figure of the same year (it is the newer release).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ikm_sim.data._csv import ProblemList, as_float, as_int, fmt_number
from ikm_sim.data.schema import PUBLISHED_SERIES

if TYPE_CHECKING:
    from ikm_sim.data.check import ParsedTable

#: Breakdown columns of a published total (empty = the national figure).
BREAKDOWNS = ("atvk", "subject", "grade")
#: Relative tolerance of municipal rows above their national total.
REGIONAL_SUM_TOL = 0.005


def check_published_totals(tables: dict[str, ParsedTable], problems: ProblemList) -> None:
    """Report unit, breakdown and sum problems of ``published_totals.csv`` (if present).

    Parameters
    ----------
    tables : dict of str to ParsedTable
        The parsed tables of the directory.
    problems : ProblemList
        Where the problems are added.
    """
    totals = tables.get("published_totals")
    if totals is None:
        return
    name = totals.filename
    for line, (series, unit) in totals.rows("series", "unit"):
        expected = PUBLISHED_SERIES[str(series)][0]
        if unit != expected:
            problems.add(
                f'{name} line {line}, column "unit": "{unit}" does not fit series "{series}"; '
                f'expected "{expected}"',
                (name, "unit", "series"),
            )
    if not all(c in totals.columns for c in ("series", *BREAKDOWNS)):
        return
    for i, line in enumerate(totals.lines):
        series = totals.columns["series"][i]
        if series is None:
            continue
        allowed = PUBLISHED_SERIES[str(series)][1]
        for col in BREAKDOWNS:
            if totals.columns[col][i] is not None and col not in allowed:
                by = ", ".join(allowed) if allowed else "nothing (national totals only)"
                problems.add(
                    f'{name} line {line}, column "{col}": series "{series}" is published by '
                    f"{by}; leave this cell empty",
                    (name, col, "breakdown"),
                )
    if totals.clean:
        _check_regional_sums(totals, problems)


def _check_regional_sums(totals: ParsedTable, problems: ProblemList) -> None:
    """Municipal rows (no subject, no grade) must not add up to more than the national total."""
    national: dict[tuple[str, int], tuple[int, float]] = {}
    regional: dict[tuple[str, int], float] = defaultdict(float)
    cols = [totals.columns[c] for c in ("series", "year", "atvk", "subject", "grade", "value")]
    for i, line in enumerate(totals.lines):
        series, year, atvk, subject, grade, value = (c[i] for c in cols)
        if series is None or year is None or value is None or subject or grade:
            continue
        key = (str(series), as_int(year))
        if atvk is None:
            national[key] = (line, as_float(value))
        else:
            regional[key] += as_float(value)
    for key, total in sorted(regional.items()):
        if key in national:
            line, value = national[key]
            if total > value * (1 + REGIONAL_SUM_TOL) + 1e-9:
                problems.add(
                    f"{totals.filename}: {key[0]} in {key[1]} by municipality sums to "
                    f"{fmt_number(round(total, 3))}, more than the national total "
                    f"{fmt_number(value)} on line {line}"
                )


def national_values(
    tables: dict[str, ParsedTable], series: str
) -> dict[int, tuple[str, int, float]]:
    """National values of `series` by year: ``{year: (file name, line, value)}``.

    Rows of ``published_totals.csv`` without municipality, subject and grade supersede the
    ``history.csv`` row of the same series and year.

    Parameters
    ----------
    tables : dict of str to ParsedTable
        The parsed tables.
    series : str
        A series code.

    Returns
    -------
    dict
        Year -> (file, line, value).
    """
    out: dict[int, tuple[str, int, float]] = {}
    history = tables.get("history")
    if history is not None:
        for line, (s, year, value) in history.rows("series", "year", "value"):
            if s == series:
                out[as_int(year)] = (history.filename, line, as_float(value))
    totals = tables.get("published_totals")
    if totals is not None and all(c in totals.columns for c in BREAKDOWNS):
        for i, line in enumerate(totals.lines):
            s, year, value = (totals.columns[c][i] for c in ("series", "year", "value"))
            if s != series or year is None or value is None:
                continue
            if any(totals.columns[c][i] is not None for c in BREAKDOWNS):
                continue
            out[as_int(year)] = (totals.filename, line, as_float(value))
    return out

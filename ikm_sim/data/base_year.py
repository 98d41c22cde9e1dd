"""The data's base year: the latest school year a run can start from.

The rule is defined here once: the last year with rows in every table of `BASE_YEAR_TABLES`
(teachers and pupils of the school year, births of that calendar year, national and by
municipality). `ikm_sim.data.load.Dataset.base_year` applies it to loaded tables;
`read_base_year` applies it to a directory reading only the ``year`` columns (standard library
only, no validation), so a command can refuse a wrong input before its slow imports.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from ikm_sim.data.schema import TABLES

#: Tables that must all have rows of a year for a run to start from it.
BASE_YEAR_TABLES = ("teachers", "pupils", "births", "births_by_municipality")


def latest_common_year(years: Iterable[Iterable[int]]) -> int | None:
    """The latest year present in every one of `years` (None if there is none)."""
    sets = [set(map(int, y)) for y in years]
    common = set.intersection(*sets) if sets else set()
    return max(common) if common else None


def read_base_year(directory: Path) -> int | None:
    """The base year of a data directory, from the ``year`` columns of `BASE_YEAR_TABLES`.

    Parameters
    ----------
    directory : pathlib.Path
        A data directory.

    Returns
    -------
    int or None
        None when a table is missing or unreadable, or no year is common to all (the full
        check, `ikm_sim.data.check`, then reports the problem).
    """
    sets = []
    for name in BASE_YEAR_TABLES:
        try:
            with (Path(directory) / TABLES[name].filename).open(encoding="utf-8") as fh:
                sets.append({int(row["year"]) for row in csv.DictReader(fh)})
        except (OSError, KeyError, ValueError, TypeError, UnicodeDecodeError):
            return None
    return latest_common_year(sets)

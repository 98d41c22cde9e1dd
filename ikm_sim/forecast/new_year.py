"""Refuse new figures for the wrong school year at once (standard library only).

``ikm-sim update`` adds exactly the school year after the data's last (base) year.
`check_new_year` reads only the figures' ``year`` column and the ``year`` columns that fix the
base year (`ikm_sim.data.base_year`), so the command stops with one line before it imports
pandas, the model or the calibration; every other check of the figures follows in
`ikm_sim.forecast.figures.read_new_figures`.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ikm_sim.data.base_year import read_base_year
from ikm_sim.errors import DataError


def wrong_year(path: Path, year: int, base: int, line: int | None = None) -> str:
    """The one-line refusal of figures for `year` when the data's last year is `base`."""
    where = Path(path).name + (f" line {line}" if line is not None else "")
    return (
        f"{where}: the figures are for school year {year}; expected {base + 1}, the year after "
        f"the data's last year {base} (an update adds one school year at a time)"
    )


def check_new_year(path: Path, data_dir: Path) -> None:
    """Raise `DataError` if the figures of `path` are of one school year other than the next.

    Parameters
    ----------
    path : pathlib.Path
        The new figures (columns of ``published_totals.csv``).
    data_dir : pathlib.Path
        The data directory.

    Raises
    ------
    DataError
        One line naming the file and line, the year found and the year expected. A file or
        directory this cannot read, or figures of several years, pass: the full checks report
        them.
    """
    base = read_base_year(data_dir)
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            rows = [
                (number, int(row["year"]))
                for number, row in enumerate(csv.DictReader(fh), start=2)
                if row.get("series") != "births"
            ]
    except (OSError, KeyError, ValueError, TypeError, UnicodeDecodeError):
        return
    years = {year for _, year in rows}
    if base is None or len(years) != 1:
        return
    line, year = rows[0]
    if year != base + 1:
        raise DataError([wrong_year(path, year, base, line)])

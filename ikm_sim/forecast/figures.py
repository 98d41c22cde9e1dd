"""The new figures of ``ikm-sim update``: read, typed and checked before anything runs.

This module imports only the data layer, so the command line can refuse a wrong file (a school
year other than the one after the data's last, a bad cell, an implausible change) in well under
a second, before the model, the calibration or the engine are imported.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ikm_sim.data.check import check_file
from ikm_sim.data.load import Dataset, to_frame
from ikm_sim.data.schema import TABLES
from ikm_sim.errors import DataError

#: Largest plausible year-on-year change of a national stock (pupils, pedagogues, schools).
MAX_CHANGE = 0.15
#: Stock series whose year-on-year change is checked.
STOCK_SERIES = (
    "pupils_1_12",
    "pupils_grade_1",
    "pedagogues_general",
    "preschool_children",
    "schools_general",
)


def read_new_figures(path: Path, data: Dataset) -> pd.DataFrame:
    """Check the new figures file and return it typed.

    Parameters
    ----------
    path : pathlib.Path
        CSV with the columns of ``published_totals.csv``.
    data : Dataset
        The current data (its base year, births and national series).

    Returns
    -------
    pandas.DataFrame
        The rows, typed per the contract.

    Raises
    ------
    DataError
        With one line per problem, naming the file and line.
    """
    problems, parsed = check_file(path, TABLES["published_totals"])
    if problems or parsed is None:
        raise DataError(problems)
    frame = to_frame(parsed)
    if frame.empty:
        raise DataError([f"{path}: no rows; expected the new school year's published totals"])
    frame["line"] = parsed.lines
    name, base = Path(path).name, data.base_year
    school = frame[frame["series"] != "births"]
    years = sorted(set(school["year"]))
    found: list[str] = []
    if len(years) != 1:
        found.append(
            f"{name}: expected the figures of one new school year, found the years "
            f"{', '.join(map(str, years)) or 'none (births only)'}"
        )
    elif years[0] != base + 1:
        found.append(wrong_year(path, years[0], base, int(school["line"].iloc[0])))
    known_births = set(data.births["year"])
    births = frame[frame["series"] == "births"]
    if years == [base + 1] and years[0] not in known_births | set(births["year"]):
        found.append(
            f"{name}: no births for {years[0]}: add a `births` row for {years[0]} (CSP) to the "
            "new figures"
        )
    for line, birth_year in zip(births["line"], births["year"], strict=True):
        if int(birth_year) in known_births:
            found.append(
                f"{name} line {line}: births of {birth_year} are already in births.csv; "
                "remove the row"
            )
    national = frame["atvk"].isna() & frame["subject"].isna() & frame["grade"].isna()
    stocks = frame[national & frame["series"].isin(STOCK_SERIES)]
    for line, series, row_year, value in zip(
        stocks["line"], stocks["series"], stocks["year"], stocks["value"], strict=True
    ):
        past = data.national_series(str(series))
        past = past[past.index < int(row_year)]
        if past.empty:
            continue
        last_year, last = int(past.index[-1]), float(past.iloc[-1])
        change = float(value) / last - 1 if last > 0 else 0.0
        span = int(row_year) - last_year
        if abs(change) > MAX_CHANGE * span:
            found.append(
                f'{name} line {line}, column "value": {series} {value:,.0f} '
                f"is {change:+.0%} against {last:,.0f} in {last_year}; expected a change within "
                f"±{MAX_CHANGE * span:.0%} (check the figure or its unit)"
            )
    if found:
        raise DataError(found)
    return frame.drop(columns="line")


def wrong_year(path: Path, year: int, base: int, line: int | None = None) -> str:
    """The one-line refusal of figures for `year` when the data's last year is `base`."""
    where = f"{Path(path).name}" + (f" line {line}" if line is not None else "")
    return (
        f"{where}: the figures are for school year {year}; expected {base + 1}, the year after "
        f"the data's last year {base} (an update adds one school year at a time)"
    )


def check_new_year(path: Path, data_dir: Path) -> None:
    """Refuse `path` unless its school year is the one after the data's last, quickly.

    Reads the figures file and the data directory only (no model run, no calibration), so
    ``ikm-sim update`` stops at once on a file for the wrong year.

    Parameters
    ----------
    path : pathlib.Path
        The new figures (columns of ``published_totals.csv``).
    data_dir : pathlib.Path
        The data directory.

    Raises
    ------
    DataError
        One line per problem, naming the file, the year found and the year expected.
    """
    from ikm_sim.data.load import load_data

    read_new_figures(path, load_data(data_dir))

"""The new figures of ``ikm-sim update``: read, typed and checked before anything runs.

The checks need only the data layer; the command line refuses a file for the wrong school year
even earlier, with `ikm_sim.forecast.new_year.check_new_year` (standard library only).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ikm_sim.data.check import check_file
from ikm_sim.data.load import Dataset, to_frame
from ikm_sim.data.schema import TABLES
from ikm_sim.errors import DataError
from ikm_sim.forecast.new_year import wrong_year

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

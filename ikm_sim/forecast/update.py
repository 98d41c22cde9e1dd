"""``ikm-sim update``: add a new school year's published figures and move the forecast on.

`update` does, in order, touching nothing in place:

1. checks the new figures (the ``published_totals`` contract, one new school year after the
   data's base year, births for it, year-on-year changes of stocks within `MAX_CHANGE`);
2. stages a copy of the data directory with the figures appended and checks it whole;
3. scores the stored forecast (or, without one, the forecast the current data and calibration
   give) against the new figures by lead time and adds the errors to the kept history;
4. refits the calibration with the new year as its last fitted year;
5. re-anchors the state: runs from the base year to the new year with the refitted
   parameters, scales the stocks to the published totals and appends them as the new year's
   rows (`ikm_sim.forecast.anchor`), so the new year becomes the data's base year;
6. runs the forecast from the new year and writes the calibration, its report, the forecast
   and the error history into staging paths;
7. swaps every staged path into place at once (`ikm_sim.atomic.swap_all`).

Any failure before or during step 7 leaves the data directory, ``calibrated.yaml``, the report
and the forecast directory byte for byte as they were.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ikm_sim.atomic import sibling_stage, swap_all
from ikm_sim.calibration.fit import FitResult, calibrate, write_calibrated
from ikm_sim.calibration.report import write_report
from ikm_sim.calibration.targets import TargetSet
from ikm_sim.data.check import check_file, validate
from ikm_sim.data.load import Dataset, load_data, to_frame
from ikm_sim.data.schema import TABLES
from ikm_sim.errors import DataError, IkmSimError
from ikm_sim.forecast import anchor, store
from ikm_sim.forecast.report import write_forecast_report
from ikm_sim.model.parameters import load_parameters
from ikm_sim.runner import FINAL_YEAR, run

Progress = Callable[[int, str], None]
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


@dataclass(frozen=True)
class UpdatePaths:
    """Where an update reads and writes.

    Attributes
    ----------
    data : pathlib.Path
        The data directory (replaced by the updated copy).
    calibrated : pathlib.Path
        ``calibrated.yaml``.
    forecast : pathlib.Path
        The forecast directory (`ikm_sim.forecast.store`).
    report : pathlib.Path or None
        The calibration report directory (None: not written).
    """

    data: Path
    calibrated: Path
    forecast: Path
    report: Path | None = None


@dataclass
class UpdateResult:
    """What an update did.

    Attributes
    ----------
    year : int
        The new school year (the forecast's new origin).
    previous_origin : int
        The data's base year before the update.
    errors : pandas.DataFrame
        The new errors of the previous forecast (`store.ERROR_COLUMNS`).
    history : pandas.DataFrame
        The whole kept error history after the update.
    fit : FitResult
        The refit.
    forecast : pandas.DataFrame
        The new stored forecast.
    scored_stored : bool
        True if a stored forecast was scored, False if it was computed from the old data.
    """

    year: int
    previous_origin: int
    errors: pd.DataFrame
    history: pd.DataFrame
    fit: FitResult
    forecast: pd.DataFrame
    scored_stored: bool
    notes: list[str] = field(default_factory=list)


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
    elif years[0] <= base:
        found.append(
            f"{name} line {int(school['line'].iloc[0])}: school year {years[0]} is not after the "
            f"data's base year {base}; an update adds a later year"
        )
    known_births = set(data.births["year"])
    births = frame[frame["series"] == "births"]
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


def _previous_forecast(
    paths: UpdatePaths, data: Dataset, final_year: int
) -> tuple[pd.DataFrame, bool]:
    stored = store.read_forecast(paths.forecast)
    if stored is not None:
        return stored, True
    result = run(data=data, parameters=load_parameters(paths.calibrated), final_year=final_year)
    return store.forecast_table(result, data, data.base_year), False


def update(
    figures: Path,
    paths: UpdatePaths,
    targets: TargetSet,
    *,
    max_nfev: int | None = None,
    workers: int = 2,
    final_year: int = FINAL_YEAR,
    progress: Progress | None = None,
) -> UpdateResult:
    """Add a new school year's published figures, refit, re-anchor and re-forecast.

    Parameters
    ----------
    figures : pathlib.Path
        CSV of the new figures (columns of ``published_totals.csv``).
    paths : UpdatePaths
        The data directory, ``calibrated.yaml``, forecast and report directories.
    targets : TargetSet
        Calibration targets; their last year becomes the new year.
    max_nfev, workers, progress
        Passed to `ikm_sim.calibration.fit.calibrate`.
    final_year : int
        Last year of the forecast.

    Returns
    -------
    UpdateResult

    Raises
    ------
    DataError, IkmSimError
        Bad figures or a failed step; nothing has been changed then.
    """
    report = progress or (lambda n, msg: None)
    before = load_data(paths.data)
    new = read_new_figures(figures, before)
    year = int(new.loc[new["series"] != "births", "year"].iloc[0])
    stages: list[Path] = []
    try:
        root = sibling_stage(paths.data)
        stages.append(root)
        staged_data = root / paths.data.name
        shutil.copytree(paths.data, staged_data)
        anchor.append_rows(staged_data, {"published_totals": new})
        _check_staged(staged_data, figures)
        with_totals = load_data(staged_data)

        report(0, "scoring the previous forecast")
        previous, was_stored = _previous_forecast(paths, before, final_year)
        observed = with_totals.national_history()
        observed = observed[observed["year"] == year]
        errors = store.score_forecast(previous, observed)
        history = store.merge_errors(store.read_errors(paths.forecast), errors)

        spec = targets.model_copy(update={"end_year": year})
        fit = calibrate(with_totals, spec, max_nfev=max_nfev, workers=workers, progress=report)

        report(fit.nfev, "re-anchoring")
        anchor.append_rows(staged_data, anchor.anchored_rows(with_totals, fit.parameters, year))
        _check_staged(staged_data, figures)
        anchored = load_data(staged_data)
        if anchored.base_year != year:
            raise IkmSimError(f"re-anchoring did not make {year} the data's base year")

        report(fit.nfev, "forecasting")
        result = run(data=anchored, parameters=fit.parameters, final_year=final_year)
        forecast = store.forecast_table(result, anchored, year)

        pairs = [(staged_data, paths.data)]
        cal_stage = sibling_stage(paths.calibrated)
        stages.append(cal_stage)
        write_calibrated(fit, cal_stage / paths.calibrated.name)
        pairs.append((cal_stage / paths.calibrated.name, paths.calibrated))
        fc_stage = sibling_stage(paths.forecast)
        stages.append(fc_stage)
        store.write_forecast_dir(fc_stage / paths.forecast.name, forecast, history)
        write_forecast_report(fc_stage / paths.forecast.name, history, errors, year)
        pairs.append((fc_stage / paths.forecast.name, paths.forecast))
        if paths.report is not None:
            rep_stage = sibling_stage(paths.report)
            stages.append(rep_stage)
            write_report(fit, rep_stage / paths.report.name)
            pairs.append((rep_stage / paths.report.name, paths.report))
        swap_all(pairs)
    finally:
        for stage in stages:
            shutil.rmtree(stage, ignore_errors=True)
    return UpdateResult(
        year=year,
        previous_origin=before.base_year,
        errors=errors,
        history=history,
        fit=fit,
        forecast=forecast,
        scored_stored=was_stored,
    )


def _check_staged(directory: Path, figures: Path) -> None:
    problems = validate(directory).problems
    if problems:
        raise DataError(
            [f"with the figures of {Path(figures).name} added to the data: {p}" for p in problems]
        )

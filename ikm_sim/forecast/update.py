"""``ikm-sim update``: add a new school year's published figures and move the forecast on.

`update` does, in order, touching nothing in place:

1. checks the new figures (`ikm_sim.forecast.figures`: the ``published_totals`` contract,
   the one school year after the data's base year, births for it, plausible changes);
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
from ikm_sim.data.check import validate
from ikm_sim.data.load import Dataset, load_data
from ikm_sim.errors import DataError, IkmSimError
from ikm_sim.forecast import anchor, store
from ikm_sim.forecast.figures import read_new_figures
from ikm_sim.forecast.report import write_forecast_report
from ikm_sim.model.parameters import load_parameters
from ikm_sim.runner import FINAL_YEAR, run

Progress = Callable[[int, str], None]


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
        staged_data = _stage_data(paths.data, new, figures, stages)
        with_totals = load_data(staged_data)

        report(0, "scoring the previous forecast")
        errors, history, was_stored = _score_previous(paths, before, with_totals, year, final_year)

        spec = targets.model_copy(update={"end_year": year})
        fit = calibrate(with_totals, spec, max_nfev=max_nfev, workers=workers, progress=report)

        report(fit.nfev, "re-anchoring")
        anchored = _reanchor(staged_data, with_totals, fit, year, figures)

        report(fit.nfev, "forecasting")
        result = run(data=anchored, parameters=fit.parameters, final_year=final_year)
        forecast = store.forecast_table(result, anchored, year)

        pairs = [(staged_data, paths.data)]
        pairs += _stage_outputs(paths, fit, forecast, history, errors, year, stages)
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


def _stage_data(data: Path, new: pd.DataFrame, figures: Path, stages: list[Path]) -> Path:
    """A checked copy of the data directory with the new figures appended, in a new stage."""
    root = sibling_stage(data)
    stages.append(root)
    staged_data = root / data.name
    shutil.copytree(data, staged_data)
    anchor.append_rows(staged_data, {"published_totals": new})
    _check_staged(staged_data, figures)
    return staged_data


def _score_previous(
    paths: UpdatePaths, before: Dataset, with_totals: Dataset, year: int, final_year: int
) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """The previous forecast's errors against `year`'s figures, the kept history with them."""
    previous, was_stored = _previous_forecast(paths, before, final_year)
    observed = with_totals.national_history()
    observed = observed[observed["year"] == year]
    errors = store.score_forecast(previous, observed)
    history = store.merge_errors(store.read_errors(paths.forecast), errors)
    return errors, history, was_stored


def _reanchor(
    staged_data: Path, with_totals: Dataset, fit: FitResult, year: int, figures: Path
) -> Dataset:
    """Append the state anchored to `year` to the staged data; `year` is then its base year."""
    anchor.append_rows(staged_data, anchor.anchored_rows(with_totals, fit.parameters, year))
    _check_staged(staged_data, figures)
    anchored = load_data(staged_data)
    if anchored.base_year != year:
        raise IkmSimError(f"re-anchoring did not make {year} the data's base year")
    return anchored


def _stage_outputs(
    paths: UpdatePaths,
    fit: FitResult,
    forecast: pd.DataFrame,
    history: pd.DataFrame,
    errors: pd.DataFrame,
    year: int,
    stages: list[Path],
) -> list[tuple[Path, Path]]:
    """Write the calibration, forecast and report into new stages: (staged, target) pairs."""
    pairs = []
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
    return pairs


def _check_staged(directory: Path, figures: Path) -> None:
    problems = validate(directory).problems
    if problems:
        raise DataError(
            [f"with the figures of {Path(figures).name} added to the data: {p}" for p in problems]
        )

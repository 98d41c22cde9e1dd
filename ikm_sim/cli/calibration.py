"""``ikm-sim calibrate``, ``ikm-sim backtest`` and ``ikm-sim update``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ikm_sim.cli._apps import app

if TYPE_CHECKING:
    import pandas as pd

    from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.cli._common import (
    CalibratedOption,
    ClusterFallbackOption,
    ClusterOption,
    DataOption,
    EngineOption,
    MaxNfevOption,
    ReportOption,
    TargetsOption,
    WorkersOption,
    at_least,
    check_dir_target,
    check_file_target,
    cluster_client,
    console,
    err_console,
    esc,
    fail,
    run_progress,
)


@app.command("calibrate")
def calibrate_command(
    data: DataOption = None,
    targets: TargetsOption = None,
    out: CalibratedOption = None,
    report: ReportOption = None,
    max_nfev: MaxNfevOption = None,
    workers: WorkersOption = 2,
    global_start: Annotated[
        int,
        typer.Option(
            help="Latin-hypercube points tried before the local fit.", callback=at_least(0)
        ),
    ] = 0,
    with_backtest: Annotated[
        bool, typer.Option("--backtest/--no-backtest", help="Add the backtest to the report.")
    ] = False,
    engine: EngineOption = None,
    cluster: ClusterOption = None,
    cluster_fallback: ClusterFallbackOption = False,
) -> None:
    """Fit the behavioural parameters to the history; write calibrated.yaml and a report."""
    from ikm_sim.calibration.backtest import backtest
    from ikm_sim.calibration.fit import calibrate
    from ikm_sim.calibration.report import write_report
    from ikm_sim.calibration.targets import load_targets
    from ikm_sim.model.parameters import CALIBRATED_FILE
    from ikm_sim.paths import CALIBRATION_DIR

    spec = load_targets(targets)
    check_file_target(out or CALIBRATED_FILE, "--out")
    check_dir_target(report or CALIBRATION_DIR / "report", "--report")
    with cluster_client(cluster, cluster_fallback) as client, run_progress() as tick:
        result = calibrate(
            data,
            spec,
            max_nfev=max_nfev,
            workers=workers,
            global_start=global_start,
            progress=tick,
            cluster=client,
            engine=engine,
        )
        bt = (
            backtest(
                data,
                spec,
                workers=workers,
                max_nfev=max_nfev,
                progress=tick,
                cluster=client,
                engine=engine,
            )
            if (with_backtest)
            else None
        )
        coverage, widening = _band_coverage(data, result.parameters, workers, with_backtest, engine)
    try:
        # calibrated.yaml is written last, just before the report is swapped in: a failure
        # leaves the earlier calibrated file and report as they were.
        path = write_report(
            result,
            report or CALIBRATION_DIR / "report",
            bt,
            out or CALIBRATED_FILE,
            coverage=coverage,
            widening=widening,
        )
    except OSError as exc:
        raise fail(f"could not write the calibration: {exc}") from None
    for w in result.warnings:
        err_console.print(f"[yellow]warning:[/] {esc(w)}", highlight=False)
    console.print(result.fit[["series", "n", "mape_pct", "bias_pct"]].round(2).to_string())
    console.print(
        f"[green]Wrote[/] {out or CALIBRATED_FILE} and {path} "
        f"({result.nfev} model runs, {result.seconds:.0f} s)"
    )


def _band_coverage(
    data: Path | None,
    parameters: BehaviouralParameters,
    workers: int,
    wanted: bool,
    engine: str | None,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Coverage of the uncertainty bands from the backtest origins, and the widening scales."""
    if not wanted:
        return None, None
    from ikm_sim.data.load import load_data
    from ikm_sim.uncertainty.coverage import backtest_bands, coverage_report, widening_scales
    from ikm_sim.uncertainty.widening import scales_table

    points = backtest_bands(
        load_data(data), parameters_at=lambda _: parameters, workers=workers, engine=engine
    )
    return coverage_report(points), scales_table(widening_scales(points))


@app.command("backtest")
def backtest_command(
    data: DataOption = None,
    targets: TargetsOption = None,
    origin: Annotated[
        list[int] | None, typer.Option(help="Last year of history fitted (repeatable).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="CSV file for the table (default: print only).")
    ] = None,
    max_nfev: MaxNfevOption = None,
    workers: WorkersOption = 2,
    engine: EngineOption = None,
) -> None:
    """Refit on the history up to each origin and report forecast errors by lead time."""
    from ikm_sim.calibration.targets import load_targets

    spec = load_targets(targets)
    for year in origin or ():
        if not spec.start_year < year < spec.end_year:
            raise fail(
                f"--origin {year}: choose a year after {spec.start_year} and before "
                f"{spec.end_year} (the targets' history)"
            )
    if out is not None:
        check_file_target(out, "--out")
    from ikm_sim.calibration.backtest import backtest

    with run_progress() as tick:
        table = backtest(
            data,
            spec,
            origin or None,
            workers=workers,
            max_nfev=max_nfev,
            progress=tick,
            engine=engine,
        )
    if out is not None:
        from ikm_sim.atomic import write_text_atomic

        write_text_atomic(out, table.to_csv(index=False))
    console.print(table.round(2).to_string(index=False))


@app.command("update")
def update_command(
    figures: Annotated[
        Path, typer.Argument(help="CSV of the new year's published totals (published_totals).")
    ],
    data: Annotated[Path | None, typer.Option(help="Data directory (default: data/).")] = None,
    targets: TargetsOption = None,
    calibrated: CalibratedOption = None,
    forecast_dir: Annotated[
        Path | None, typer.Option(help="Forecast directory (default: calibration/forecast).")
    ] = None,
    report: ReportOption = None,
    max_nfev: MaxNfevOption = None,
    workers: WorkersOption = 2,
) -> None:
    """Add a new school year's figures: check, score the last forecast, refit, re-anchor.

    Everything is written to staging paths and swapped in at once: on any failure the data,
    calibrated.yaml, the report and the forecast directory stay as they were.
    """
    from ikm_sim.forecast.new_year import check_new_year
    from ikm_sim.paths import CALIBRATION_DIR, DATA_DIR

    check_new_year(figures, data or DATA_DIR)  # before the slow imports and any model run
    from ikm_sim.calibration.targets import load_targets
    from ikm_sim.forecast.update import UpdatePaths, update
    from ikm_sim.model.parameters import CALIBRATED_FILE

    paths = UpdatePaths(
        data=data or DATA_DIR,
        calibrated=calibrated or CALIBRATED_FILE,
        forecast=forecast_dir or CALIBRATION_DIR / "forecast",
        report=report or CALIBRATION_DIR / "report",
    )
    spec = load_targets(targets)
    try:
        with run_progress() as tick:
            result = update(figures, paths, spec, max_nfev=max_nfev, workers=workers, progress=tick)
    except OSError as exc:
        raise fail(f"could not write the update: {exc}") from None
    shown = result.errors[["series", "origin", "year", "lead", "forecast", "observed"]].copy()
    shown["error %"] = result.errors["error_pct"].round(2)
    how = "stored forecast" if result.scored_stored else "forecast of the data before the update"
    console.print(f"Errors of the {how} (origin {result.previous_origin}):")
    console.print(shown.round(1).to_string(index=False) if len(shown) else "  none covered")
    console.print(
        f"[green]Updated[/] {paths.data}, {paths.calibrated}, {paths.forecast} and "
        f"{paths.report}: the forecast now starts from {result.year}/"
        f"{(result.year + 1) % 100:02d} ({result.fit.nfev} model runs)",
        highlight=False,
    )

"""The ``ikm-sim`` command line: data checks, dataset build, model runs.

Every command turns bad input into a short message and a non-zero exit code; no traceback
reaches the user for an `IkmSimError`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ikm_sim.errors import DataError, IkmSimError
from ikm_sim.settings import DEFAULT_SEED, FINAL_YEAR

#: Options shared by several commands, declared once.
DataOption = Annotated[
    Path | None, typer.Option(help="Data directory (default: the embedded dataset).")
]
TargetsOption = Annotated[
    Path | None, typer.Option(help="Targets file (default: calibration/targets.yaml).")
]
MaxNfevOption = Annotated[int | None, typer.Option(help="Least-squares iterations.")]
WorkersOption = Annotated[int, typer.Option(help="Worker processes.")]
CalibratedOption = Annotated[
    Path | None, typer.Option(help="Calibrated file (default: calibration/calibrated.yaml).")
]
ReportOption = Annotated[
    Path | None, typer.Option(help="Report directory (default: calibration/report).")
]
EngineOption = Annotated[
    str,
    typer.Option(help="Engine: 'fast' (generated from the model file) or 'pysd' (the reference)."),
]


app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
data_app = typer.Typer(no_args_is_help=True, help="Check and build data directories.")
app.add_typer(data_app, name="data")
engine_app = typer.Typer(no_args_is_help=True, help="The two engines: check that they agree.")
app.add_typer(engine_app, name="engine")

console = Console()
err_console = Console(stderr=True)


def _esc(value: object) -> str:
    """`value` as text that rich prints literally (a path may contain ``[...]``)."""
    from rich.markup import escape

    return escape(str(value))


@data_app.command("check")
def data_check(
    directory: Annotated[Path, typer.Argument(help="Directory of data tables (CSV).")],
) -> None:
    """Validate a data directory: schema, types, codes, keys and totals."""
    from ikm_sim.data.check import check_data

    problems = check_data(directory)
    if problems:
        _print_lines(f"{len(problems)} problem(s) in {directory}", problems)
        raise typer.Exit(1)
    console.print(f"[green]OK[/]: {_esc(directory)} follows the data contract.")


@data_app.command("build")
def data_build(
    out: Annotated[Path, typer.Option(help="Directory to write the tables to.")] = Path("data"),
    seed: Annotated[
        int | None, typer.Option(help="Seed of the synthesis (default: the embedded data's).")
    ] = None,
) -> None:
    """Rebuild the embedded dataset from the published figures (seeded synthesis)."""
    from ikm_sim.data.build import build_dataset

    _check_dir_target(out, "--out")
    try:
        build_dataset(out) if seed is None else build_dataset(out, seed=seed)
    except OSError as exc:
        raise _fail(f"could not write the dataset: {exc}") from None
    console.print(f"[green]Wrote[/] {_esc(out)}")


@app.command("run")
def run_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (or a shipped name).")],
    out: Annotated[Path, typer.Option(help="Directory for the result tables and run.json.")],
    data: DataOption = None,
    final_year: Annotated[int, typer.Option(help="Last school year to simulate.")] = FINAL_YEAR,
    engine: EngineOption = "fast",
) -> None:
    """Run a scenario and write supply_demand.csv, pupils.csv, teachers_by_age.csv, run.json."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from ikm_sim.scenario import load_scenario

    _check_dir_target(out, "--out")
    _check_final_year(final_year)
    chosen = load_scenario(scenario)  # a bad file is refused before the model is imported

    from ikm_sim.runner import run

    _use_engine(engine)

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("running", total=1.0)

        def report(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=message)

        result = run(chosen, data=data, progress=report, final_year=final_year)
    try:
        result.write(out)
    except OSError as exc:
        raise _fail(f"could not write the results: {exc}") from None
    console.print(national_summary(result.national(), result.scenario_name))
    console.print(f"[green]Wrote[/] {_esc(out)} ({result.meta['run_seconds']} s)")


def national_summary(table: object, title: str) -> object:
    """A rich table of the national totals every five years."""
    import pandas as pd
    from rich.table import Table

    assert isinstance(table, pd.DataFrame)
    shown = table[(table["year"] % 5 == 0) | (table["year"] == table["year"].min())]
    out = Table(title=f"National summary: {title}")
    columns = {
        "year": "year",
        "pupils": "pupils",
        "demand_fte": "demand FTE",
        "supply_fte": "supply FTE",
        "vacancies_fte": "vacancies FTE",
        "teachers": "teachers",
        "entrants_needed": "entrants needed",
        "share_60plus": "60+ share",
    }
    for label in columns.values():
        out.add_column(label, justify="right")
    for row in shown.itertuples(index=False):
        cells = []
        for col in columns:
            value = getattr(row, col)
            if col == "year":
                cells.append(f"{int(value)}/{(int(value) + 1) % 100:02d}")
            elif col == "share_60plus":
                cells.append(f"{value:.1%}")
            else:
                cells.append(f"{value:,.0f}")
        out.add_row(*cells)
    return out


@app.command("validate")
def validate_command(
    paths: Annotated[list[Path], typer.Argument(help="Scenario YAML files to check.")],
    data: Annotated[
        Path | None,
        typer.Option(help="Data directory whose municipality and subject codes are allowed."),
    ] = None,
) -> None:
    """Check scenario files against the schema (exit code 1 if any has a problem)."""
    from ikm_sim.scenario import load_scenario

    failed = False
    for path in paths:
        try:
            load_scenario(path, data)
        except IkmSimError as exc:
            failed = True
            err_console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        else:
            console.print(f"[green]OK[/] {_esc(path)}", highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


@app.command("compare")
def compare_command(
    a: Annotated[Path, typer.Argument(help="Reference scenario (YAML file or shipped name).")],
    b: Annotated[Path, typer.Argument(help="Alternative scenario (YAML file or shipped name).")],
    out: Annotated[Path, typer.Option(help="Directory for the comparison tables.")],
    data: DataOption = None,
    final_year: Annotated[int, typer.Option(help="Last school year to simulate.")] = FINAL_YEAR,
    breakdown: Annotated[
        bool, typer.Option(help="Run one lever at a time from A towards B to explain the gap.")
    ] = True,
    engine: EngineOption = "fast",
) -> None:
    """Compare two scenarios: differences by year, region and subject, and a lever breakdown.

    Writes national.csv, by_region.csv, by_subject.csv, detail.csv, levers.csv, compare.json.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from ikm_sim.compare import compare

    _check_dir_target(out, "--out")
    _check_final_year(final_year)
    _use_engine(engine)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("comparing", total=1.0)

        def report(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=message)

        result = compare(
            a, b, data=data, progress=report, final_year=final_year, breakdown=breakdown
        )
    try:
        result.write(out)
    except OSError as exc:
        raise _fail(f"could not write the comparison: {exc}") from None
    nat = result.national
    shown = nat[(nat["year"] % 5 == 0) | (nat["year"] == nat["year"].min())]
    table = Table(
        title=f"National gap (demand - supply FTE): {result.a.scenario_name} -> "
        f"{result.b.scenario_name}"
    )
    for label in ("year", "gap A", "gap B", "B - A", "vacancies B - A"):
        table.add_column(label, justify="right")
    for row in shown.itertuples(index=False):
        table.add_row(
            f"{int(row.year)}/{(int(row.year) + 1) % 100:02d}",
            f"{row.gap_fte_a:,.0f}",
            f"{row.gap_fte_b:,.0f}",
            f"{row.gap_fte_diff:+,.0f}",
            f"{row.vacancies_fte_diff:+,.0f}",
        )
    console.print(table)
    lv = result.levers
    if len(lv):
        last = lv[lv["year"] == lv["year"].max()]
        levers = Table(title=f"Which levers moved the national gap by {int(lv['year'].max())}")
        levers.add_column("lever")
        levers.add_column("gap change FTE", justify="right")
        for row in last.itertuples(index=False):
            levers.add_row(str(row.lever), f"{row.gap_change_fte:+,.0f}")
        console.print(levers)
    console.print(f"[green]Wrote[/] {_esc(out)}", highlight=False)


@app.command("calibrate")
def calibrate_command(
    data: DataOption = None,
    targets: TargetsOption = None,
    out: CalibratedOption = None,
    report: ReportOption = None,
    max_nfev: MaxNfevOption = None,
    workers: WorkersOption = 2,
    global_start: Annotated[
        int, typer.Option(help="Latin-hypercube points tried before the local fit.")
    ] = 0,
    with_backtest: Annotated[
        bool, typer.Option("--backtest/--no-backtest", help="Add the backtest to the report.")
    ] = False,
    engine: EngineOption = "fast",
) -> None:
    """Fit the behavioural parameters to the history; write calibrated.yaml and a report."""
    _at_least(max_nfev, 1, "--max-nfev")  # arguments first, before the slow imports
    _at_least(workers, 1, "--workers")
    _at_least(global_start, 0, "--global-start")

    from ikm_sim.calibration.backtest import backtest
    from ikm_sim.calibration.fit import calibrate
    from ikm_sim.calibration.report import write_report
    from ikm_sim.calibration.targets import load_targets
    from ikm_sim.model.parameters import CALIBRATED_FILE
    from ikm_sim.paths import CALIBRATION_DIR

    _use_engine(engine)
    spec = load_targets(targets)
    _check_file_target(out or CALIBRATED_FILE, "--out")
    _check_dir_target(report or CALIBRATION_DIR / "report", "--report")
    with _run_progress() as tick:
        result = calibrate(
            data,
            spec,
            max_nfev=max_nfev,
            workers=workers,
            global_start=global_start,
            progress=tick,
        )
        bt = (
            backtest(data, spec, workers=workers, max_nfev=max_nfev, progress=tick)
            if (with_backtest)
            else None
        )
    try:
        # calibrated.yaml is written last, just before the report is swapped in: a failure
        # leaves the earlier calibrated file and report as they were.
        path = write_report(
            result, report or CALIBRATION_DIR / "report", bt, out or CALIBRATED_FILE
        )
    except OSError as exc:
        raise _fail(f"could not write the calibration: {exc}") from None
    for w in result.warnings:
        err_console.print(f"[yellow]warning:[/] {_esc(w)}", highlight=False)
    console.print(result.fit[["series", "n", "mape_pct", "bias_pct"]].round(2).to_string())
    console.print(
        f"[green]Wrote[/] {out or CALIBRATED_FILE} and {path} "
        f"({result.nfev} model runs, {result.seconds:.0f} s)"
    )


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
    engine: EngineOption = "fast",
) -> None:
    """Refit on the history up to each origin and report forecast errors by lead time."""
    _at_least(max_nfev, 1, "--max-nfev")
    _at_least(workers, 1, "--workers")
    from ikm_sim.calibration.targets import load_targets

    _use_engine(engine)
    spec = load_targets(targets)
    for year in origin or ():
        if not spec.start_year < year < spec.end_year:
            raise _fail(
                f"--origin {year}: choose a year after {spec.start_year} and before "
                f"{spec.end_year} (the targets' history)"
            )
    if out is not None:
        _check_file_target(out, "--out")
    from ikm_sim.calibration.backtest import DEFAULT_ORIGINS, backtest

    with _run_progress() as tick:
        table = backtest(
            data,
            spec,
            origin or DEFAULT_ORIGINS,
            workers=workers,
            max_nfev=max_nfev,
            progress=tick,
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
    from ikm_sim.calibration.targets import load_targets
    from ikm_sim.forecast.update import UpdatePaths, update
    from ikm_sim.model.parameters import CALIBRATED_FILE
    from ikm_sim.paths import CALIBRATION_DIR, DATA_DIR

    paths = UpdatePaths(
        data=data or DATA_DIR,
        calibrated=calibrated or CALIBRATED_FILE,
        forecast=forecast_dir or CALIBRATION_DIR / "forecast",
        report=report or CALIBRATION_DIR / "report",
    )
    spec = load_targets(targets)
    try:
        with _run_progress() as tick:
            result = update(figures, paths, spec, max_nfev=max_nfev, workers=workers, progress=tick)
    except OSError as exc:
        raise _fail(f"could not write the update: {exc}") from None
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


@contextmanager
def _run_progress() -> Iterator[Callable[[int, str], None]]:
    """A rich spinner counting model runs; yields the ``progress(runs, message)`` callback."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
    ) as bar:
        task = bar.add_task("calibrating", total=None)

        def tick(runs: int, message: str) -> None:
            bar.update(task, description=f"{runs} model runs ({message})")

        yield tick


@contextmanager
def _sample_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar over samples; yields the ``progress(done, total)`` callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        label, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err_console
    ) as bar:
        task = bar.add_task(label, total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick


def _use_engine(engine: str) -> None:
    """Make `engine` the default of every run of this command (and of its workers)."""
    from ikm_sim.model.engines import use_engine

    use_engine(engine)


def _fail(message: str) -> typer.Exit:
    """Print one error line and return the exit (code 1) to raise."""
    from rich.markup import escape

    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _at_least(value: int | None, lowest: int, option: str) -> None:
    """Refuse a whole-number option below `lowest` (None means "the default")."""
    if value is not None and value < lowest:
        raise _fail(f"{option} must be at least {lowest}, not {value}")


def _check_final_year(final_year: int) -> None:
    from ikm_sim.data.schema import BASE_YEAR

    if not BASE_YEAR < final_year <= 2100:
        raise _fail(f"--final-year {final_year}: choose a year after {BASE_YEAR}, up to 2100")


def _blocked_by(target: Path) -> Path | None:
    """The nearest existing parent of `target` if it is not a directory (None if all fine)."""
    blocker = next((p for p in target.parents if p.exists()), None)
    return blocker if blocker is not None and not blocker.is_dir() else None


def _check_file_target(path: Path, option: str) -> None:
    """Refuse a file destination that cannot be written, before a long computation."""
    if path.is_dir():
        raise _fail(f"{option} {path}: is a directory; give a file name")
    if (blocker := _blocked_by(path)) is not None:
        raise _fail(f"{option} {path}: {blocker} is not a directory")


def _check_dir_target(path: Path, option: str) -> None:
    """Refuse a directory destination that cannot be written, before a long computation."""
    if path.exists() and not path.is_dir():
        raise _fail(f"{option} {path}: exists and is not a directory")
    if (blocker := _blocked_by(path)) is not None:
        raise _fail(f"{option} {path}: {blocker} is not a directory")


def _scenario_text(ref: Path) -> str:
    """The text of a scenario file given as a path or a shipped name ("" if not found)."""
    from ikm_sim.paths import SCENARIOS_DIR

    name = ref if ref.suffix.lower() in (".yaml", ".yml") else ref.with_name(f"{ref.name}.yaml")
    for path in (ref, name, SCENARIOS_DIR / name.name):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


@app.command("uncertainty")
def uncertainty_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (or a shipped name).")],
    out: Annotated[Path, typer.Option(help="Directory for percentiles and probabilities.")],
    n: Annotated[int, typer.Option("-n", help="Number of samples.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the sample draw.")] = DEFAULT_SEED,
    band: Annotated[float, typer.Option(help="Relative half-width of prior bands.")] = 0.2,
    migration_sd: Annotated[float, typer.Option(help="SD of extra net migration, 1/year.")] = 0.002,
    births: Annotated[bool, typer.Option(help="Sample the birth variant.")] = True,
    data: DataOption = None,
    final_year: Annotated[int, typer.Option(help="Last school year to simulate.")] = FINAL_YEAR,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: cores).")] = None,
    charts: Annotated[
        bool,
        typer.Option(help="Write fan charts fan_gap/fan_demand/fan_supply (.png, .svg) to OUT."),
    ] = True,
    pack: Annotated[
        Path | None,
        typer.Option(help="Also write the export pack (ZIP: charts, tables, note) to this file."),
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of charts and pack: lv or en.")] = "lv",
    engine: EngineOption = "fast",
) -> None:
    """Sample uncertain parameters and inputs; write percentiles, probabilities and fan charts.

    Every file goes to a staging directory first and replaces its namesake in OUT only when
    all are written, so a failure leaves earlier results intact; the pack is written likewise.
    """
    import time

    from ikm_sim.limits import check_uncertainty
    from ikm_sim.locale.formatting import LANGUAGES

    # Arguments and destinations first: before the slow imports and the (long) ensemble run.
    if lang not in LANGUAGES:
        raise _fail(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _at_least(n, 1, "-n")
    _at_least(workers, 1, "--workers")
    _check_final_year(final_year)
    check_uncertainty(band, migration_sd)
    if out.exists() and not out.is_dir():
        raise _fail(f"--out {out}: exists and is not a directory")
    if pack is not None and pack.is_dir():
        raise _fail(f"--pack {pack}: is a directory; give a file name such as fan.zip")
    for target in (out, *(() if pack is None else (pack.parent,))):
        if (blocker := _blocked_by(target)) is not None:
            raise _fail(f"{target}: {blocker} is not a directory")

    from ikm_sim.atomic import staged_directory, write_bytes_atomic
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
    from ikm_sim.uncertainty.pack import fan_chart_files, summarise, uncertainty_pack
    from ikm_sim.uncertainty.summary import write_summary

    _use_engine(engine)
    spec = UncertaintySpec(band=band, births=births, migration_sd=migration_sd, seed=seed)
    sc = load_scenario(scenario)
    variant = sc.levers.births_variant or "medium"
    draws = draw_samples(n, spec, variant)
    started = time.perf_counter()
    with _sample_progress("samples") as tick:
        ens = run_ensemble(draws, sc, data, final_year, workers=workers, progress=tick)
    seconds = round(time.perf_counter() - started, 1)
    meta = {
        "scenario": sc.name,
        "seed": seed,
        "band": band,
        "migration_sd": migration_sd,
        "births_sampled": births,
        "run_seconds": seconds,
    }
    summary = summarise(ens)
    title = str(getattr(sc, f"title_{lang}", "") or sc.name)
    try:
        with staged_directory(out) as stage:
            write_summary(ens, stage, meta)
            if charts:
                for name, content in fan_chart_files(summary.national, lang, title).items():
                    (stage / name).write_bytes(content)
            if pack is not None:
                # written last inside the staging block: a failure before it leaves the
                # earlier pack, a failure of it leaves the earlier OUT as well
                zipped = uncertainty_pack(
                    summary.national,
                    summary.regions,
                    summary.subjects,
                    summary.probability,
                    _scenario_text(scenario),
                    {**meta, "n": n, "scenario_title": title, "births_variant": variant},
                    lang,
                )
                write_bytes_atomic(pack, zipped)
    except OSError as exc:
        raise _fail(f"could not write the results: {exc}") from None
    gap = summary.national
    gap = gap[(gap["variable"] == "gap_fte") & (gap["year"] % 5 == 0)]
    console.print(gap[["year", "p5", "p25", "p50", "p75", "p95"]].round(0).to_string(index=False))
    wrote = f"{out}" + (f" and {pack}" if pack is not None else "")
    console.print(f"[green]Wrote[/] {_esc(wrote)} ({n} samples, {seconds} s)", highlight=False)


@app.command("sensitivity")
def sensitivity_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (or a shipped name).")],
    out: Annotated[Path | None, typer.Option(help="CSV of the ranking table.")] = None,
    region: Annotated[str | None, typer.Option(help="Municipality (ATVK) to analyse too.")] = None,
    method: Annotated[
        str, typer.Option(help="'morris' (screening) or 'sobol' (variance-based indices).")
    ] = "morris",
    trajectories: Annotated[
        int | None, typer.Option(help="Morris trajectories r (default 10): r x (D + 1) runs.")
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(help="Sobol base samples N, a power of two (default 32): N x (D + 2) runs."),
    ] = None,
    second_order: Annotated[
        bool,
        typer.Option(help="Sobol: also second-order indices (N x (2D + 2) runs; OUT_s2.csv)."),
    ] = False,
    band: Annotated[float, typer.Option(help="Relative half-width of the ranges.")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the design.")] = DEFAULT_SEED,
    data: DataOption = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: cores).")] = None,
    chart: Annotated[
        Path | None,
        typer.Option(help="Write the chart of the national 2035 gap (.html/.png/.svg)."),
    ] = None,
    engine: EngineOption = "fast",
) -> None:
    """Rank parameters by their effect on the 2030 and 2035 gap (national, municipal).

    Morris screening (tornado chart of μ*) or Sobol indices (bar chart of ST and S1: the share
    of the gap's variance a parameter explains with and without its interactions).
    """
    from ikm_sim.limits import check_uncertainty

    # Arguments and destinations first: before the slow imports and the model runs.
    if method not in ("morris", "sobol"):
        raise _fail(f"--method must be morris or sobol, not {method!r}")
    if method == "morris" and (samples is not None or second_order):
        raise _fail("--samples and --second-order are Sobol options; Morris takes --trajectories")
    if method == "sobol" and trajectories is not None:
        raise _fail("--trajectories is a Morris option; Sobol takes --samples (N)")
    if chart is not None and chart.suffix.lower() not in CHART_FORMATS:
        raise _fail(f"--chart {chart}: give a .html, .png, .svg or .pdf file name")
    _at_least(workers, 1, "--workers")
    check_uncertainty(band, 0.0)
    if out is not None:
        _check_file_target(out, "--out")
    if chart is not None:
        _check_file_target(chart, "--chart")

    from ikm_sim.atomic import write_bytes_atomic, write_text_atomic
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec
    from ikm_sim.uncertainty.design import TARGET_YEARS

    _use_engine(engine)
    sc = load_scenario(scenario)
    spec = UncertaintySpec(band=band, seed=seed)
    pairs = None
    if method == "morris":
        from ikm_sim.uncertainty.sensitivity import check_request, sensitivity

        r = 10 if trajectories is None else trajectories
        check_request(region, r, TARGET_YEARS, data)
        with _sample_progress("Morris runs") as tick:
            table = sensitivity(sc, region, r, spec, data, workers=workers, progress=tick)
        columns = ["output", "rank", "parameter", "mu_star", "sigma"]
        decimals = 1
    else:
        from ikm_sim.uncertainty.sobol import check_sobol_request, sobol

        n = 32 if samples is None else samples
        check_sobol_request(region, n, TARGET_YEARS, data)
        with _sample_progress("Sobol runs") as tick:
            result = sobol(
                sc, region, n, spec, data, workers=workers, progress=tick, second_order=second_order
            )
        table, pairs = result.indices, result.pairs
        columns = ["output", "rank", "parameter", "S1", "ST", "ST_conf"]
        decimals = 3
    try:
        if out is not None:
            write_text_atomic(out, table.to_csv(index=False))
            if pairs is not None:
                write_text_atomic(out.with_name(f"{out.stem}_s2.csv"), pairs.to_csv(index=False))
        if chart is not None:
            from ikm_sim.charts.sensitivity import sensitivity_chart

            drawn = sensitivity_chart(table, "national_gap_2035", "lv", scenario=sc.name)
            write_bytes_atomic(chart, chart_bytes(drawn, chart.suffix.lower()))
    except OSError as exc:
        raise _fail(f"could not write the results: {exc}") from None
    top = table[table["rank"] <= 5]
    console.print(top[columns].round(decimals).to_string(index=False))


@engine_app.command("check")
def engine_check(
    scenario: Annotated[
        list[str] | None,
        typer.Option(help="Scenario to check (repeatable; default: every shipped scenario)."),
    ] = None,
    data: DataOption = None,
    base_year: Annotated[int, typer.Option(help="First simulated year.")] = 2023,
    final_year: Annotated[int, typer.Option(help="Last simulated year.")] = FINAL_YEAR,
) -> None:
    """Run both engines on the same inputs and compare every variable, year and cell.

    Use it after editing the model file: exit code 0 when the fast engine agrees with PySD to
    1e-9, 1 with the worst cell of each variable that does not (or a construct the fast engine
    cannot compile).
    """
    from ikm_sim.data.load import load_data
    from ikm_sim.engine.agreement import RTOL, model_variables
    from ikm_sim.model.engines import check_agreement
    from ikm_sim.model.inputs import model_inputs
    from ikm_sim.model.lookup_paths import thin_inputs
    from ikm_sim.model.parameters import load_parameters
    from ikm_sim.paths import SCENARIOS_DIR
    from ikm_sim.scenario import load_scenario

    ds = load_data(data)
    names = scenario or sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml"))
    variables = model_variables(ds.directory)
    failed = False
    for name in names:
        inputs = model_inputs(ds, load_parameters(), load_scenario(name), base_year)
        problems = check_agreement(
            ds.directory,
            thin_inputs(inputs, (base_year, final_year)),
            variables,
            base_year,
            final_year,
        )
        if problems:
            failed = True
            err_console.print(f"[bold red]{name}[/]: {len(problems)} variable(s) differ")
            for p in problems:
                err_console.print(f"  {p}", markup=False, highlight=False)
        else:
            console.print(
                f"[green]{name}[/]: {len(variables)} variables agree to {RTOL:g} "
                f"({base_year}-{final_year}, every cell)",
                highlight=False,
            )
    if failed:
        raise typer.Exit(1)


#: File types `--chart` can write, by suffix.
CHART_FORMATS = (".html", ".png", ".svg", ".pdf")


def chart_bytes(chart: object, suffix: str) -> bytes:
    """An Altair chart rendered to the bytes of a ``.html/.png/.svg/.pdf/.json`` file."""
    import io

    fmt = suffix.lstrip(".")
    if fmt in ("png", "pdf"):
        binary = io.BytesIO()
        chart.save(binary, format=fmt)  # type: ignore[attr-defined]
        return binary.getvalue()
    text = io.StringIO()
    chart.save(text, format=fmt)  # type: ignore[attr-defined]
    return text.getvalue().encode("utf-8")


def _print_lines(title: str, lines: list[str]) -> None:
    """Print a red title and one unwrapped line per problem.

    User text is never read as rich markup, so a file with ``[/x]`` in it cannot break the
    message.
    """
    from rich.markup import escape

    err_console.print(f"[bold red]{escape(title)}:[/]", highlight=False, soft_wrap=True)
    for line in lines:
        err_console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point of the ``ikm-sim`` console script."""
    try:
        app()
    except DataError as exc:
        _print_lines("Data problem", exc.problems)
        sys.exit(1)
    except IkmSimError as exc:
        _fail(str(exc))
        sys.exit(1)


if __name__ == "__main__":
    main()

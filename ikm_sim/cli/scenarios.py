"""``ikm-sim run``, ``ikm-sim validate`` and ``ikm-sim compare``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ikm_sim.cli._apps import app
from ikm_sim.cli._common import (
    DataOption,
    EngineOption,
    FinalYearOption,
    ScenarioArgument,
    check_dir_target,
    check_final_year,
    console,
    err_console,
    esc,
    fail,
    fraction_progress,
    one_of,
)
from ikm_sim.errors import IkmSimError
from ikm_sim.locale.formatting import LANGUAGES
from ikm_sim.results_schema import ResultFormat
from ikm_sim.settings import FINAL_YEAR


@app.command("run")
def run_command(
    scenario: ScenarioArgument,
    out: Annotated[Path, typer.Option(help="Directory for the result tables and run.json.")],
    data: DataOption = None,
    final_year: FinalYearOption = FINAL_YEAR,
    engine: EngineOption = None,
    tables: Annotated[
        str | None,
        typer.Option(help="Also write report-ready tables (XLSX, CSV) to OUT/tabulas: lv or en."),
    ] = None,
    fmt: Annotated[
        ResultFormat,
        typer.Option(
            "--format", help="File format of the tables: csv, or parquet (same columns, values)."
        ),
    ] = ResultFormat.CSV,
) -> None:
    """Run a scenario; write its five tables (CSV or Parquet) and run.json to OUT."""
    from ikm_sim.cli.render import national_summary
    from ikm_sim.scenario import load_scenario

    check_dir_target(out, "--out")
    check_final_year(final_year)
    if tables not in (None, "lv", "en"):
        raise fail(f"--tables {tables}: use lv or en")
    chosen = load_scenario(scenario)  # a bad file is refused before the model is imported

    from ikm_sim.run_cache import load_dataset
    from ikm_sim.runner import run

    with fraction_progress("running") as report:
        dataset = load_dataset(data)  # checked once per data version, then read back
        result = run(chosen, data=dataset, progress=report, final_year=final_year, engine=engine)
    try:
        result.write(out, fmt)
        if tables is not None:
            _write_tables(result, out / "tabulas", tables, dataset)
    except OSError as exc:
        raise fail(f"could not write the results: {exc}") from None
    console.print(national_summary(result.national(), result.scenario_name))
    console.print(f"[green]Wrote[/] {esc(out)} ({result.meta['run_seconds']} s)")


def _write_tables(result: Any, out: Path, lang: str, dataset: Any) -> None:
    """Write the report-ready tables (`ikm_sim.export_tables`) in `lang`, names from the data."""
    from ikm_sim.export_tables import table_context, write_report_tables

    title = (result.meta.get("scenario") or {}).get(f"title_{lang}") or result.scenario_name
    ctx = table_context(dataset, lang, result.meta, str(title))
    write_report_tables(result, out, ctx)


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
            console.print(f"[green]OK[/] {esc(path)}", highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


@app.command("compare")
def compare_command(
    a: Annotated[Path, typer.Argument(help="Reference scenario (YAML file or shipped name).")],
    b: Annotated[Path, typer.Argument(help="Alternative scenario (YAML file or shipped name).")],
    out: Annotated[Path, typer.Option(help="Directory for the comparison tables.")],
    data: DataOption = None,
    final_year: FinalYearOption = FINAL_YEAR,
    breakdown: Annotated[
        bool, typer.Option(help="Run one lever at a time from A towards B to explain the gap.")
    ] = True,
    engine: EngineOption = None,
    lang: Annotated[
        str,
        typer.Option(
            help="Language of the cost tables: lv or en.",
            callback=one_of(LANGUAGES, f"one of {', '.join(LANGUAGES)}"),
        ),
    ] = "en",
) -> None:
    """Compare two scenarios: differences by year, region and subject, cost, lever breakdown.

    Writes national.csv, by_region.csv, by_subject.csv, detail.csv, levers.csv, costs.csv,
    lever_costs.csv, cost_effectiveness.csv, cost_summary.csv and compare.json.
    """
    from ikm_sim.cli.render import comparison_tables, cost_tables
    from ikm_sim.compare import compare

    check_dir_target(out, "--out")
    check_final_year(final_year)
    with fraction_progress("comparing") as report:
        result = compare(
            a,
            b,
            data=data,
            progress=report,
            final_year=final_year,
            breakdown=breakdown,
            engine=engine,
        )
    try:
        result.write(out)
    except OSError as exc:
        raise fail(f"could not write the comparison: {exc}") from None
    for table in [*comparison_tables(result), *cost_tables(result, lang)]:
        console.print(table)
    console.print(f"[green]Wrote[/] {esc(out)}", highlight=False)

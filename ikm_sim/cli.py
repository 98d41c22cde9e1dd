"""The ``ikm-sim`` command line: data checks, dataset build, model runs.

Every command turns bad input into a short message and a non-zero exit code; no traceback
reaches the user for an `IkmSimError`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ikm_sim.errors import DataError, IkmSimError

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
data_app = typer.Typer(no_args_is_help=True, help="Check and build data directories.")
app.add_typer(data_app, name="data")

console = Console()
err_console = Console(stderr=True)


@data_app.command("check")
def data_check(
    directory: Annotated[Path, typer.Argument(help="Directory of data tables (CSV).")],
) -> None:
    """Validate a data directory: schema, types, codes, keys and totals."""
    from ikm_sim.data.check import check_data

    problems = check_data(directory)
    if problems:
        err_console.print(f"[bold red]{len(problems)} problem(s) in {directory}[/]")
        for p in problems:
            err_console.print(f"  {p}", markup=False, highlight=False)
        raise typer.Exit(1)
    console.print(f"[green]OK[/]: {directory} follows the data contract.")


@data_app.command("build")
def data_build(
    out: Annotated[Path, typer.Option(help="Directory to write the tables to.")] = Path("data"),
    seed: Annotated[int, typer.Option(help="Seed of the synthesis.")] = 20231,
) -> None:
    """Rebuild the embedded dataset from the published figures (seeded synthesis)."""
    from ikm_sim.data.build import build_dataset

    build_dataset(out, seed=seed)
    console.print(f"[green]Wrote[/] {out}")


@app.command("run")
def run_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file (or a shipped name).")],
    out: Annotated[Path, typer.Option(help="Directory for the result tables and run.json.")],
    data: Annotated[
        Path | None, typer.Option(help="Data directory (default: the embedded dataset).")
    ] = None,
    final_year: Annotated[int, typer.Option(help="Last school year to simulate.")] = 2045,
) -> None:
    """Run a scenario and write supply_demand.csv, pupils.csv, teachers_by_age.csv, run.json."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from ikm_sim.runner import run

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err_console
    ) as bar:
        task = bar.add_task("running", total=1.0)

        def report(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=message)

        result = run(scenario, data=data, progress=report, final_year=final_year)
    result.write(out)
    console.print(national_summary(result.national(), result.scenario_name))
    console.print(f"[green]Wrote[/] {out} ({result.meta['run_seconds']} s)")


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
) -> None:
    """Check scenario files against the schema."""
    from ikm_sim.scenario import load_scenario

    failed = False
    for path in paths:
        try:
            load_scenario(path)
        except IkmSimError as exc:
            failed = True
            err_console.print(str(exc), markup=False, highlight=False)
        else:
            console.print(f"[green]OK[/] {path}")
    if failed:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``ikm-sim`` console script."""
    try:
        app()
    except DataError as exc:
        err_console.print("[bold red]Data problem:[/]")
        for p in exc.problems:
            err_console.print(f"  {p}", markup=False, highlight=False)
        sys.exit(1)
    except IkmSimError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()

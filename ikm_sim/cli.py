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

"""``ikm-sim data check`` and ``ikm-sim data build``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ikm_sim.cli._apps import data_app
from ikm_sim.cli._common import check_dir_target, console, esc, fail, print_lines


@data_app.command("check")
def data_check(
    directory: Annotated[Path, typer.Argument(help="Directory of data tables (CSV).")],
) -> None:
    """Validate a data directory: schema, types, codes, keys and totals."""
    from ikm_sim.data.check import check_data

    problems = check_data(directory)
    if problems:
        print_lines(f"{len(problems)} problem(s) in {directory}", problems)
        raise typer.Exit(1)
    console.print(f"[green]OK[/]: {esc(directory)} follows the data contract.")


@data_app.command("build")
def data_build(
    out: Annotated[Path, typer.Option(help="Directory to write the tables to.")] = Path("data"),
    seed: Annotated[
        int | None, typer.Option(help="Seed of the synthesis (default: the embedded data's).")
    ] = None,
) -> None:
    """Rebuild the embedded dataset from the published figures (seeded synthesis)."""
    from ikm_sim.databuild.dataset import build_dataset

    check_dir_target(out, "--out")
    try:
        build_dataset(out) if seed is None else build_dataset(out, seed=seed)
    except OSError as exc:
        raise fail(f"could not write the dataset: {exc}") from None
    console.print(f"[green]Wrote[/] {esc(out)}")

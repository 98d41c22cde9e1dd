"""``ikm-sim engine check``: whether the two engines agree."""

from __future__ import annotations

from typing import Annotated

import typer

from ikm_sim.cli._apps import engine_app
from ikm_sim.cli._common import DataOption, console, err_console
from ikm_sim.settings import FINAL_YEAR


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
    from ikm_sim.engines.agreement import RTOL, check_agreement, model_variables
    from ikm_sim.inputs import model_inputs
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

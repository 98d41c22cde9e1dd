"""Shared helpers for the engine tests: the inputs of a run, as the runner builds them."""

from __future__ import annotations

from typing import Any

from ikm_sim.data.load import Dataset
from ikm_sim.inputs import model_inputs
from ikm_sim.model.lookup_paths import thin_inputs
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.runner import FUNDING_VARIABLES, OTHER_VARIABLES, SUPPLY_DEMAND_VARIABLES
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.settings import FINAL_YEAR

#: Every variable the runner, the calibration and the ensemble read.
RUNNER_VARIABLES = [
    *SUPPLY_DEMAND_VARIABLES.values(),
    *OTHER_VARIABLES,
    *FUNDING_VARIABLES,
    "Hires by Age",
]


def run_inputs(
    data: Dataset,
    scenario: Scenario | str = "baseline",
    parameters: BehaviouralParameters | None = None,
    base_year: int = 2023,
    final_year: int = FINAL_YEAR,
) -> dict[str, Any]:
    """The model inputs `ikm_sim.runner.run` would pass to an engine."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    raw = model_inputs(data, parameters or load_parameters(), sc, base_year)
    return thin_inputs(raw, (base_year, final_year))

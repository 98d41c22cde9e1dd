"""Map validated data, calibrated parameters and a scenario to the model's inputs.

The model file declares every input with a neutral default; this package computes the values,
for a single run (`model_inputs`) and for an ensemble of samples at once
(`ikm_sim.inputs.samples.ensemble_inputs`) with the same functions: initial stocks of the base
year and ratios estimated from the history tables (`demand`, `supply`, `funding`), the inputs
that depend on behavioural parameters (`demand.demand_parameters`,
`supply.supply_parameters`, over a sample axis), and one annual path per lever of the
registry under its model variable (`levers`; settings turned into values by `resolve`).
Shared pieces are in `common`. Time paths are passed with one point per year, which keeps
PySD on its exact-lookup path (no interpolation per call).
"""

from __future__ import annotations

from typing import Any

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.inputs.common import (
    AGE_LABELS,
    CHILD_LABELS,
    GRADE_LABELS,
    PATH_YEARS,
    time_path,
)
from ikm_sim.inputs.demand import CLASS_SIZE, PROGRESSION_BANDS, RATIO_WINDOW, demand_inputs
from ikm_sim.inputs.funding import funding_inputs
from ikm_sim.inputs.levers import (
    ARRIVAL_SERIES,
    BIRTH_VARIANTS,
    SCHOOL_CLASS_ELASTICITY,
    arrival_grade_share,
    consolidation_history,
    lever_inputs,
)
from ikm_sim.inputs.supply import MACITSPEKS_WEIGHTS, NATIONAL_TEACHERS, supply_inputs
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import Scenario

__all__ = [
    "AGE_LABELS",
    "ARRIVAL_SERIES",
    "BIRTH_VARIANTS",
    "CHILD_LABELS",
    "CLASS_SIZE",
    "GRADE_LABELS",
    "MACITSPEKS_WEIGHTS",
    "NATIONAL_TEACHERS",
    "PATH_YEARS",
    "PROGRESSION_BANDS",
    "RATIO_WINDOW",
    "SCHOOL_CLASS_ELASTICITY",
    "arrival_grade_share",
    "consolidation_history",
    "demand_inputs",
    "funding_inputs",
    "lever_inputs",
    "model_inputs",
    "supply_inputs",
    "time_path",
]


def model_inputs(
    data: Dataset, p: BehaviouralParameters, scenario: Scenario, base_year: int = BASE_YEAR
) -> dict[str, Any]:
    """All inputs of one run starting in `base_year`, keyed by the model's variable names.

    Ratios (entry, progression) are estimated from the four school years before the base
    year only, so a run from an earlier base year uses no later history.
    """
    regions = list(data.municipalities["atvk"])
    subjects = list(data.subjects["code"])
    missing = [
        name
        for name, frame in (("teachers", data.teachers), ("pupils", data.pupils))
        if not (frame["year"] == base_year).any()
    ]
    if missing or base_year not in set(data.births["year"]):
        tables = ", ".join(missing or ["births"])
        raise IkmSimError(f"base year {base_year}: the data has no {tables} for that year")
    return {
        **demand_inputs(data, regions, subjects, p, base_year),
        **supply_inputs(data, regions, subjects, p, base_year),
        **lever_inputs(data, subjects, p, scenario, base_year),
        **funding_inputs(data),
    }

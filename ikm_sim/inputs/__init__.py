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
    Window,
    cached,
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
    "Window",
    "arrival_grade_share",
    "consolidation_history",
    "data_base_year",
    "data_elements",
    "demand_inputs",
    "funding_inputs",
    "lever_inputs",
    "model_inputs",
    "supply_inputs",
    "time_path",
]


def data_elements(data: Dataset) -> tuple[list[str], list[str]]:
    """Municipality and subject codes in model order, once per dataset.

    Parameters
    ----------
    data : Dataset
        The dataset.

    Returns
    -------
    tuple of list of str
        The ``atvk`` codes and the subject codes (shared lists: do not change them).
    """
    elements: tuple[list[str], list[str]] = cached(
        data,
        ("elements",),
        lambda: (list(data.municipalities["atvk"]), list(data.subjects["code"])),
    )
    return elements


def data_base_year(data: Dataset) -> int:
    """`Dataset.base_year`, computed once per dataset.

    Parameters
    ----------
    data : Dataset
        The dataset.

    Returns
    -------
    int
        The latest school year a run can start from.
    """
    year: int = cached(data, ("base year",), lambda: data.base_year)
    return year


def _years_with_rows(data: Dataset) -> dict[str, frozenset[int]]:
    """The years of the tables a base year needs (teachers, pupils, births)."""
    return {
        name: frozenset(int(y) for y in data.table(name)["year"].unique())
        for name in ("teachers", "pupils", "births")
    }


def model_inputs(
    data: Dataset,
    p: BehaviouralParameters,
    scenario: Scenario,
    base_year: int = BASE_YEAR,
    window: Window | None = None,
) -> dict[str, Any]:
    """All inputs of one run starting in `base_year`, keyed by the model's variable names.

    Ratios (entry, progression) are estimated from the four school years before the base
    year only, so a run from an earlier base year uses no later history. What depends on the
    data alone is made once per dataset, what depends on the parameters once per parameter
    set (`ikm_sim.inputs.common.cached`); the values are shared between runs and read-only.

    Parameters
    ----------
    data : Dataset
        The dataset.
    p : BehaviouralParameters
        Behavioural parameters.
    scenario : Scenario
        The scenario, with its ``extends`` chain resolved.
    base_year : int, optional
        Base year of the run.
    window : tuple of float, optional
        First and last simulated year: every lookup path is thinned to it, as
        `ikm_sim.model.lookup_paths.thin_inputs` would (None: full paths 2000-2100).

    Returns
    -------
    dict
        Model variable name -> input.
    """
    regions, subjects = data_elements(data)
    years = cached(data, ("years with rows",), lambda: _years_with_rows(data))
    missing = [name for name in ("teachers", "pupils") if base_year not in years[name]]
    if missing or base_year not in years["births"]:
        tables = ", ".join(missing or ["births"])
        raise IkmSimError(f"base year {base_year}: the data has no {tables} for that year")
    return {
        **demand_inputs(data, regions, subjects, p, base_year, window),
        **supply_inputs(data, regions, subjects, p, base_year),
        **lever_inputs(data, subjects, p, scenario, base_year, window),
        **funding_inputs(data, window),
    }

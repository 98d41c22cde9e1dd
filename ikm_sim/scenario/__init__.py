"""Scenarios: YAML files of lever settings, validated against one schema defined in code.

A scenario names itself, has Latvian and English titles and descriptions, may ``extends:``
another scenario (baseline by default) and sets levers. See `ikm_sim.scenario.levers` for the
levers, their units, bounds, defaults and dimensions, and for the forms of a time path
(constant, per-year table, dated steps, linear ramp) and of overrides by planning region,
municipality, subject and grade band.
"""

from __future__ import annotations

from ikm_sim.scenario.codes import Codes
from ikm_sim.scenario.document import (
    Levers,
    Scenario,
    load_scenario,
    load_scenario_text,
    parse_scenario,
    scenario_json_schema,
    write_json_schema,
)
from ikm_sim.scenario.levers import GRADE_BANDS, LEVERS, LeverSpec

#: A national time path as the model layer takes it: a constant or ``{year: value}``.
TimePath = float | dict[int, float]

__all__ = [
    "GRADE_BANDS",
    "LEVERS",
    "Codes",
    "LeverSpec",
    "Levers",
    "Scenario",
    "TimePath",
    "load_scenario",
    "load_scenario_text",
    "parse_scenario",
    "scenario_json_schema",
    "write_json_schema",
]

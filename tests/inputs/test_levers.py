"""The lever registry drives the inputs: one input per lever, under its model variable."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.inputs import lever_inputs
from ikm_sim.inputs.levers import TODAY, LeverFrame, lever_coords, lever_values
from ikm_sim.inputs.resolve import YEARS
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.paths import MODEL_FILE
from ikm_sim.scenario import LEVERS, Scenario
from ikm_sim.scenario.registry import Dim, LeverKind


def _subjects(data: Dataset) -> list[str]:
    return [str(s) for s in data.subjects["code"]]


def test_every_lever_has_todays_values_and_a_variable_the_model_declares() -> None:
    assert set(TODAY) == set(LEVERS)
    text = MODEL_FILE.read_text(encoding="utf-8")
    for spec in LEVERS.values():
        assert re.search(rf"^{re.escape(spec.model_variable)}(\[[^]]*\])?\s*\(", text, re.M), (
            spec.name
        )


def test_the_inputs_are_the_registrys_model_variables(mini_data: Dataset) -> None:
    scenario = Scenario.model_validate({"name": "x", "title_lv": "x", "title_en": "x"})
    inputs = lever_inputs(mini_data, _subjects(mini_data), BehaviouralParameters(), scenario)
    variables = {spec.model_variable for spec in LEVERS.values()}
    assert variables <= set(inputs)
    assert set(inputs) - variables == {"Arrival Grade Share"}


def test_a_lever_sets_the_variable_the_registry_names(mini_data: Dataset) -> None:
    doc = {"name": "x", "title_lv": "x", "title_en": "x", "levers": {}}
    p, subjects = BehaviouralParameters(), _subjects(mini_data)
    plain = lever_inputs(mini_data, subjects, p, Scenario.model_validate(doc))
    for spec in LEVERS.values():
        value = spec.hi if spec.kind is not LeverKind.COUNT else 100.0
        moved = lever_inputs(
            mini_data, subjects, p, Scenario.model_validate({**doc, "levers": {spec.name: value}})
        )
        changed = [
            k for k in plain if isinstance(plain[k], pd.Series) and _differs(plain[k], moved[k])
        ]
        assert changed == [spec.model_variable], spec.name


def _differs(a: pd.Series, b: pd.Series) -> bool:
    def values(s: pd.Series) -> np.ndarray:
        return np.array([np.asarray(v.values if isinstance(v, xr.DataArray) else v) for v in s])

    x, y = values(a), values(b)
    return x.shape != y.shape or not np.array_equal(x, y)


def test_the_variables_dimensions_follow_the_levers(mini_data: Dataset) -> None:
    scenario = Scenario.model_validate({"name": "x", "title_lv": "x", "title_en": "x"})
    frame = LeverFrame.of(mini_data, _subjects(mini_data), BehaviouralParameters(), scenario, 2023)
    for spec in LEVERS.values():
        values = lever_values(spec, frame, TODAY[spec.name](frame))
        coords = lever_coords(spec, frame)
        assert values.shape == (len(YEARS), *(len(c) for c in coords.values())), spec.name
        assert ("Region" in coords) == (Dim.REGION in spec.dims)
        assert ("Grade" in coords) == (Dim.GRADE_BAND in spec.dims)

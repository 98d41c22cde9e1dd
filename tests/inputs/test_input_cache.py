"""The inputs of a run: made once per dataset and parameter set, thinned as before, read-only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from ikm_sim.data.load import load_data
from ikm_sim.inputs import model_inputs
from ikm_sim.inputs.common import file_cached
from ikm_sim.model.lookup_paths import thin_inputs
from ikm_sim.model.parameters import load_parameters
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import load_scenario

SHIPPED = sorted(p.stem for p in SCENARIOS_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def data():
    return load_data(None)


def _same(a: Any, b: Any) -> bool:
    """Equal values, types, coordinates and dtypes (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, xr.DataArray):
        return (
            a.dims == b.dims
            and all(list(a.indexes[d]) == list(b.indexes[d]) for d in a.dims)
            and a.dtype == b.dtype
            and np.array_equal(a.values, b.values, equal_nan=True)
        )
    if isinstance(a, pd.Series):
        return (
            a.dtype == b.dtype
            and np.array_equal(a.index.to_numpy(), b.index.to_numpy())
            and all(_same(x, y) for x, y in zip(a.to_numpy(), b.to_numpy(), strict=True))
        )
    return bool(a == b)


def _assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert list(got) == list(want)
    different = [name for name in want if not _same(got[name], want[name])]
    assert not different, different


@pytest.mark.parametrize("name", SHIPPED)
def test_a_window_gives_the_thinned_inputs_of_every_shipped_scenario(data, name):
    scenario, p = load_scenario(name), load_parameters()
    for window in ((2023, 2050), (2023, 2030)):
        want = thin_inputs(model_inputs(data, p, scenario, 2023), window)
        _assert_same(model_inputs(data, p, scenario, 2023, window), want)
        _assert_same(model_inputs(data, p, scenario, 2023, window), want)  # from the caches


def test_other_parameters_give_other_inputs_and_the_first_ones_stay(data):
    scenario, p = load_scenario("baseline"), load_parameters()
    first = model_inputs(data, p, scenario, 2023)
    changed = p.model_copy(update={"entrant_load": p.entrant_load * 0.5, "leave_20_24": 0.2})
    other = model_inputs(data, changed, scenario, 2023)
    assert other["Entrant Load"] == pytest.approx(p.entrant_load * 0.5)
    assert float(other["Base Leave Rate"].sel(Age="A22")) == pytest.approx(0.2)
    _assert_same(model_inputs(data, p, scenario, 2023), first)


def test_shared_inputs_cannot_be_changed_in_place(data):
    inputs = model_inputs(data, load_parameters(), load_scenario("baseline"), 2023)
    with pytest.raises(ValueError, match="read-only"):
        inputs["Initial Teachers"].values[0, 0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        inputs["Class Elasticity"].values[0] = 1.0


def test_a_new_dataset_object_gets_its_own_inputs(data, mini_data):
    p, scenario = load_parameters(), load_scenario("baseline")
    big = model_inputs(data, p, scenario, 2023)
    small = model_inputs(mini_data, p, scenario, mini_data.base_year)
    assert big["Initial Teachers"].sizes["Region"] == len(data.regions)
    assert small["Initial Teachers"].sizes["Region"] == len(mini_data.regions)


def test_a_file_read_again_after_it_is_replaced(tmp_path: Path):
    path = tmp_path / "value.txt"
    path.write_text("1", encoding="utf-8")

    def read(p: Path) -> str:
        return p.read_text(encoding="utf-8")

    assert file_cached(path, read) == "1"
    replacement = tmp_path / "new.txt"
    replacement.write_text("2", encoding="utf-8")
    os.replace(replacement, path)  # same size, maybe the same mtime: a new inode
    assert file_cached(path, read) == "2"
    assert file_cached(tmp_path / "missing.txt", lambda p: p.exists()) is False

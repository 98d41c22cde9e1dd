"""The speed-ups around PySD change nothing: thinned lookup paths and the stepwise Euler step."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pysd
import pytest
import xarray as xr

from ikm_sim.engines.pysd.translate import fresh_model, translated_file
from ikm_sim.inputs import model_inputs
from ikm_sim.model.lookup_paths import corner_points, thin_inputs, thin_path
from ikm_sim.model.parameters import load_parameters
from ikm_sim.scenario import load_scenario
from tests.conftest import MINI_DATA

YEARS = np.arange(2000, 2101, dtype=float)


def _interp(series: pd.Series, at: np.ndarray) -> np.ndarray:
    return np.interp(at, series.index.to_numpy(dtype=float), series.to_numpy(dtype=float))


def test_thin_path_leaves_every_interpolated_value_unchanged():
    rng = np.random.default_rng(7)
    values = np.concatenate([np.full(30, 2.0), np.linspace(2.0, 5.0, 20), np.full(51, 5.0)])
    values[80] += rng.normal()  # one kink
    path = pd.Series(values, index=YEARS)
    thin = thin_path(path)
    assert len(thin) < 10
    fine = np.linspace(1999.0, 2101.0, 2041)
    np.testing.assert_allclose(_interp(thin, fine), _interp(path, fine), rtol=0, atol=1e-12)


def test_thin_path_keeps_the_simulated_years_and_the_corners():
    path = pd.Series(np.where(YEARS < 2030, 1.0, 2.0), index=YEARS)
    thin = thin_path(path, (2023.0, 2026.0))
    kept = thin.index.to_numpy()
    assert {2000.0, 2029.0, 2030.0, 2100.0} <= set(kept)
    assert set(np.arange(2023.0, 2027.0)) <= set(kept)
    assert 2050.0 not in kept


def test_thin_path_of_arrays_keeps_a_corner_of_any_element():
    coords = {"Region": ["a", "b"]}
    rows = [xr.DataArray([1.0, 1.0 if y < 2040 else 3.0], coords, ["Region"]) for y in YEARS]
    thin = thin_path(pd.Series(rows, index=YEARS, dtype=object))
    assert {2039.0, 2040.0} <= set(thin.index)
    assert len(thin) == 4
    assert all(isinstance(v, xr.DataArray) for v in thin)


def test_corner_points_of_a_straight_line_are_its_ends():
    x = np.arange(10.0)
    assert corner_points(x, (3 * x + 1).reshape(-1, 1)).tolist() == [0, 9]


@pytest.mark.filterwarnings("ignore")
def test_prepared_model_with_thinned_paths_matches_plain_pysd():
    from ikm_sim.data.load import load_data

    ds = load_data(MINI_DATA)
    inputs = model_inputs(ds, load_parameters(), load_scenario("baseline"))
    columns = ["Teachers", "Gap FTE", "Demand FTE", "Vacancies FTE"]
    kwargs = {
        "return_columns": columns,
        "flatten_output": False,
        "final_time": 2035,
        "initial_condition": (2023, {}),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = pysd.load(str(translated_file(ds.directory))).run(params=inputs, **kwargs)
        fast = fresh_model(ds.directory).run(params=thin_inputs(inputs, (2023.0, 2035.0)), **kwargs)
    for col in columns:
        for a, b in zip(plain[col], fast[col], strict=True):
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-12, atol=1e-9)


_REGIONS = {"Region": ["a", "b"]}
_FLOATS = pd.Series([1.0, 3.0, 2.0], index=[2024.0, 2023.0, 2030.0])
_ARRAYS = pd.Series(
    [
        xr.DataArray([1.0, 2.0], _REGIONS, ["Region"]),
        xr.DataArray([3.0, 4.0], _REGIONS, ["Region"]),
    ],
    index=[2023.0, 2024.0],
    dtype=object,
)
_PARTIAL = pd.Series(
    [xr.DataArray([5.0], {"Region": ["b"]}, ["Region"])] * 2, index=[2023.0, 2040.0], dtype=object
)


@pytest.mark.parametrize(
    ("final_coords", "values"),
    [({}, _FLOATS), (_REGIONS, _FLOATS), (_REGIONS, _ARRAYS), (_REGIONS, _PARTIAL)],
    ids=["scalar-floats", "arrayed-floats", "arrayed-arrays", "arrayed-partial-arrays"],
)
def test_lookup_table_equals_pysd_set_values(final_coords, values):
    from pysd.py_backend.lookups import HardcodedLookups

    from ikm_sim.engines.pysd.speedups import lookup_table

    plain = HardcodedLookups([0.0], [0.0], {}, "interpolate", final_coords, "plain")
    plain.set_values(values)
    fast = lookup_table(final_coords, values)
    assert fast is not None
    xr.testing.assert_identical(fast, plain.data)

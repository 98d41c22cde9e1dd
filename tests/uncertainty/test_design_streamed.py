"""Morris and Sobol designs reduced chunk by chunk: the same outputs and tables as all held."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ikm_sim.model.parameters import load_parameters
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import UncertaintySpec
from ikm_sim.uncertainty import sensitivity as sens
from ikm_sim.uncertainty import sobol as sob
from ikm_sim.uncertainty.design import gap_outputs, varying_parameters
from ikm_sim.uncertainty.ensemble import run_ensemble
from tests.conftest import MINI_DATA

REGION = "LV0021000"  # Alūksnes novads in the small dataset
YEARS = (2030, 2035)
SPEC = UncertaintySpec(seed=5)


@pytest.fixture(scope="module")
def design() -> pd.DataFrame:
    base = load_parameters()
    return sens.morris_design(SPEC, 2, "medium", base)[1]


def _held(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """The outputs of the whole ensemble, every sample held (the way before streaming)."""
    ens = run_ensemble(rows, load_scenario("baseline"), MINI_DATA, max(YEARS), workers=1)
    return gap_outputs(ens, YEARS, REGION)


@pytest.mark.parametrize("chunk", [7, 100])
def test_chunk_by_chunk_gives_the_outputs_of_the_whole_ensemble(design, chunk):
    held = _held(design)
    streamed = sens.design_gap_outputs(
        design, load_scenario("baseline"), MINI_DATA, YEARS, REGION, 2023, workers=1, chunk=chunk
    )
    assert list(streamed) == list(held)
    for name, values in held.items():
        assert len(streamed[name]) == len(design)
        np.testing.assert_array_equal(streamed[name], values)  # bit for bit


def test_a_sobol_table_is_the_one_of_the_held_outputs(monkeypatch):
    scenario, base = load_scenario("baseline"), load_parameters()
    problem, rows = sob.sobol_design(SPEC, 8, "medium", base)
    want = sob.sobol_indices(problem, _held(rows), varying_parameters(SPEC, base), SPEC.seed)
    got = sob.sobol(
        scenario, REGION, n=8, spec=SPEC, data=MINI_DATA, years=YEARS, workers=1, base_year=2023
    )
    pd.testing.assert_frame_equal(got.indices, want.indices)

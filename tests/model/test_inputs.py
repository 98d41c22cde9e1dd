"""Inputs derived from the data: the historical school-network consolidation."""

from __future__ import annotations

import numpy as np
import pytest

from ikm_sim.data.load import load_data
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.model.inputs import PATH_YEARS, SCHOOL_CLASS_ELASTICITY, consolidation_history


@pytest.fixture(scope="module")
def data():
    return load_data(None)


def test_a_run_from_the_base_year_sees_no_historical_consolidation(data):
    assert np.all(consolidation_history(data, BASE_YEAR) == 1.0)


def test_a_run_from_2015_sees_the_schools_the_network_lost(data):
    path = dict(zip(PATH_YEARS.tolist(), consolidation_history(data, 2015), strict=True))
    assert path[2015] == 1.0
    expected_2023 = (815 / 635) ** SCHOOL_CLASS_ELASTICITY
    assert path[2023] == pytest.approx(expected_2023)
    assert path[2040] == pytest.approx(expected_2023)  # flat after the base year
    assert path[2019] == pytest.approx((815 / 711) ** SCHOOL_CLASS_ELASTICITY)
    assert all(np.diff([path[y] for y in range(2015, 2024)]) >= 0)


def test_before_the_first_published_count_the_network_is_held_flat(data):
    path = dict(zip(PATH_YEARS.tolist(), consolidation_history(data, 2012), strict=True))
    assert path[2013] == path[2015] == 1.0
    assert path[2023] == pytest.approx((815 / 635) ** SCHOOL_CLASS_ELASTICITY)


def test_without_the_series_there_is_no_consolidation(data):
    from dataclasses import replace

    bare = replace(data, history=data.history[data.history["series"] != "schools_general"])
    assert np.all(consolidation_history(bare, 2012) == 1.0)

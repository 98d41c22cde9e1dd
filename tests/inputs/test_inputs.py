"""Inputs derived from the data: the historical school-network consolidation."""

from __future__ import annotations

import numpy as np
import pytest

from ikm_sim.data.load import load_data
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.inputs import PATH_YEARS, SCHOOL_CLASS_ELASTICITY, consolidation_history


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


# --- pupils arriving from abroad ---------------------------------------------------------


def _with_arrivals(mini_copy_dir, rows):
    path = mini_copy_dir / "published_totals.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "".join(r + ",test: invented\n" for r in rows), encoding="utf-8")
    return load_data(mini_copy_dir)


def test_arrivals_grade_profile_from_the_latest_published_year(tmp_path):
    import shutil

    from ikm_sim.inputs import arrival_grade_share
    from tests.conftest import MINI_DATA

    shutil.copytree(MINI_DATA, tmp_path / "d")
    even = arrival_grade_share(load_data(tmp_path / "d"))
    assert even == pytest.approx(np.full(12, 1 / 12))
    ds = _with_arrivals(
        tmp_path / "d",
        [
            "pupils_ukrainian,2023,LV0001000,,1,10,persons,published,B",
            "pupils_ukrainian,2024,LV0001000,,2,30,persons,published,B",
            "pupils_ukrainian,2024,LV0021000,,2,10,persons,published,B",
            "pupils_from_abroad,2024,,,5,40,persons,published,B",
        ],
    )
    share = arrival_grade_share(ds)
    assert share.sum() == pytest.approx(1.0)
    assert share[1] == pytest.approx(0.5) and share[4] == pytest.approx(0.5)
    assert share[0] == 0.0


def test_national_arrivals_are_spread_over_municipalities_by_pupils(tmp_path):
    from ikm_sim.inputs.resolve import YEARS, resolve_count_lever
    from ikm_sim.scenario import load_scenario

    (tmp_path / "s.yaml").write_text(
        "name: s\ntitle_lv: s\ntitle_en: s\nlevers:\n  pupil_arrivals:\n"
        "    national: 900\n    planning_regions: {Vidzeme: 60}\n"
        "    municipalities: {LV0023000: 5}\n",
        encoding="utf-8",
    )
    setting = load_scenario(tmp_path / "s.yaml").levers.setting("pupil_arrivals")
    regions = ["LV0001000", "LV0021000", "LV0023000"]
    region_of = {"LV0001000": "Rīga", "LV0021000": "Vidzeme", "LV0023000": "Rīga"}
    weights = np.array([2.0, 1.0, 0.0])
    out = resolve_count_lever(900.0, 2023, regions, region_of, weights)
    after = YEARS > 2023
    assert np.all(out[~after] == 0.0)
    assert out[after][0].tolist() == pytest.approx([600.0, 300.0, 0.0])
    out = resolve_count_lever(setting, 2023, regions, region_of, weights)
    assert out[after][0].tolist() == pytest.approx([600.0, 60.0, 5.0])

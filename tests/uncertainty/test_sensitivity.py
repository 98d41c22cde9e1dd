"""Morris sensitivity on the small dataset: shape of the ranking and a known strong lever."""

from __future__ import annotations

import numpy as np

from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty.sensitivity import sensitivity
from tests.conftest import MINI_DATA


def test_morris_ranks_every_parameter_for_each_output():
    table = sensitivity(
        load_scenario("baseline"),
        region="LV0001000",
        trajectories=2,
        data=MINI_DATA,
        years=(2030,),
        workers=1,
    )
    assert set(table["output"]) == {"national_gap_2030", "LV0001000_gap_2030"}
    names = set(BehaviouralParameters.model_fields)
    for _, group in table.groupby("output"):
        assert set(group["parameter"]) == names
        assert list(group["rank"]) == list(range(1, len(names) + 1))
        assert (group["mu_star"] >= 0).all()
        assert np.all(np.diff(group["mu_star"].to_numpy()) <= 0)
    national = table[table["output"] == "national_gap_2030"].set_index("parameter")["mu_star"]
    # returners are a large share of the entrant pool: they must matter more than the median
    assert national["returner_rate"] > national.median()


def test_sampler_reads_the_intervals_calibration_writes(tmp_path):
    from ikm_sim.paths import CALIBRATION_DIR
    from ikm_sim.uncertainty.sampling import calibrated_intervals

    intervals, level = calibrated_intervals(CALIBRATION_DIR / "calibrated.yaml")
    assert level == 0.95
    assert "returner_rate" in intervals
    lo, hi = intervals["returner_rate"]
    assert 0 <= lo < hi
    legacy = tmp_path / "c.yaml"
    legacy.write_text("intervals:\n  returner_rate: [0.01, 0.03]\n", encoding="utf-8")
    assert calibrated_intervals(legacy) == ({"returner_rate": (0.01, 0.03)}, 0.9)

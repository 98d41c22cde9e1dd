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

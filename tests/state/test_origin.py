"""The data as known at a forecast origin (`ikm_sim.state.origin`)."""

from __future__ import annotations

import dataclasses

import pytest

from ikm_sim.data.load import Dataset
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.runner import run
from ikm_sim.state.origin import EXOGENOUS_SERIES, OBSERVED_TABLES, data_until, origin_dataset


@pytest.fixture(scope="module")
def early(mini_data: Dataset) -> Dataset:
    """The fixture with its registry stocks (teachers, vacancies) moved to 2021."""
    return dataclasses.replace(
        mini_data,
        teachers=mini_data.teachers.assign(year=2021),
        vacancies=mini_data.vacancies.assign(year=2021),
    )


def test_origin_dataset_holds_nothing_after_the_origin(early: Dataset) -> None:
    ds = origin_dataset(early, 2022, BehaviouralParameters())
    for name in OBSERVED_TABLES:
        frame = ds.table(name)
        if "series" in frame.columns:
            frame = frame[~frame["series"].isin(EXOGENOUS_SERIES)]
        assert (frame["year"] <= 2022).all(), name
    assert ds.base_year == 2022
    assert set(ds.teachers["year"]) == {2021, 2022}
    # pupils of the origin are the data's own, not simulated
    mine = ds.pupils[ds.pupils["year"] == 2022]["pupils"].to_numpy()
    theirs = early.pupils[early.pupils["year"] == 2022]["pupils"].to_numpy()
    assert mine.tolist() == theirs.tolist()
    assert ds.fingerprint != early.fingerprint
    result = run(data=ds, parameters=BehaviouralParameters(), base_year=2022, final_year=2025)
    assert sorted(set(result.supply_demand["year"])) == [2022, 2023, 2024, 2025]


def test_origin_teachers_sum_to_the_published_total(early: Dataset) -> None:
    published = early.national_series("pedagogues_general")[2023]
    ds = origin_dataset(early, 2023, BehaviouralParameters())
    t = ds.teachers[(ds.teachers["year"] == 2023) & (ds.teachers["subject"] != "PRE")]
    assert t["headcount"].sum() == pytest.approx(published, abs=0.01)
    assert t["status"].eq("derived").all()
    # without a published total the teachers stay as simulated, so the totals differ
    unscaled = origin_dataset(
        dataclasses.replace(early, history=early.history[early.history["year"] < 2023]),
        2023,
        BehaviouralParameters(),
    )
    u = unscaled.teachers[
        (unscaled.teachers["year"] == 2023) & (unscaled.teachers["subject"] != "PRE")
    ]
    assert abs(u["headcount"].sum() - published) > 1.0


def test_data_until_keeps_the_exogenous_series(early: Dataset) -> None:
    cut = data_until(early, 2021)
    assert cut.pupils["year"].max() == 2021
    assert cut.births.equals(early.births)
    assert cut.retirement_age.equals(early.retirement_age)

"""The uncertainty sources beside the parameters: off is deterministic, signs, sizes, outputs."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from ikm_sim.data.load import Dataset, load_data
from ikm_sim.inputs import model_inputs
from ikm_sim.inputs.samples import ensemble_inputs, scalar_inputs
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import Ensemble, UncertaintySpec, draw_samples, run_ensemble
from ikm_sim.uncertainty.ensemble import OUTPUTS
from ikm_sim.uncertainty.sampling import _bounds, parameters_of
from ikm_sim.uncertainty.sources import (
    SOURCES,
    apply_sources,
    sd_column,
    source_sizes,
    z_column,
)
from ikm_sim.uncertainty.summary import (
    QUANTITIES,
    national_percentiles,
    region_percentiles,
    subject_percentiles,
)
from tests.conftest import MINI_DATA

FINAL = 2030
OFF = UncertaintySpec(band=0.0, births=False, migration_sd=0.0, entry_level=False, sources=())
#: Source -> (output, sign of its change in the last year when the source is +2 sd).
EFFECTS = {
    "progression_1_9": ("pupils", 1),
    "progression_9_10": ("pupils", 1),
    "progression_10_12": ("pupils", 1),
    "arrivals": ("pupils", 1),
    "loads": ("supply_fte", 1),
    "teachers_level": ("teachers", 1),
    "pupils_level": ("pupils", 1),
}


@pytest.fixture(scope="module")
def one_at_a_time() -> Ensemble:
    """Row 0: every source off; row i: source i at +2 sd, the others off."""
    rows = draw_samples(len(SOURCES) + 1, OFF)
    for i, source in enumerate(SOURCES, start=1):
        rows.loc[i, z_column(source)] = 2.0
        # the small fixture publishes too few series to size every source: set the sizes
        rows[sd_column(source)] = 200.0 if source == "arrivals" else 0.05
    return run_ensemble(rows, load_scenario("baseline"), MINI_DATA, FINAL, workers=1)


def test_sources_off_leave_inputs_and_the_run_unchanged(mini_data: Dataset) -> None:
    sc = load_scenario("baseline")
    rows = draw_samples(3, OFF)
    assert all((rows[z_column(s)] == 0).all() for s in SOURCES)
    inputs = model_inputs(mini_data, load_parameters(), sc, 2023)
    assert apply_sources(inputs, mini_data, rows, 2023) is inputs
    ens = run_ensemble(rows, sc, MINI_DATA, FINAL, workers=1)
    det = run(sc, data=mini_data, final_year=FINAL)
    teachers = det.supply_demand["teachers"].to_numpy().reshape(ens.values["teachers"][0].shape)
    np.testing.assert_allclose(ens.values["teachers"][1], teachers, rtol=1e-9)
    pupils = det.pupils.pivot_table(index=["year", "region"], columns="grade", values="pupils")
    shape = ens.values["pupils"][0].shape
    np.testing.assert_allclose(
        ens.values["pupils"][2], pupils.sum(axis=1).to_numpy().reshape(shape)
    )
    np.testing.assert_allclose(ens.values["first_graders"][0], pupils[1].to_numpy().reshape(shape))


@pytest.mark.parametrize("source", list(EFFECTS))
def test_each_source_moves_its_output(one_at_a_time: Ensemble, source: str) -> None:
    output, sign = EFFECTS[source]
    i = SOURCES.index(source) + 1
    v = one_at_a_time.values[output]
    last = v[i, -1].sum() - v[0, -1].sum()
    assert sign * last > 1e-6, (source, output, last)


def test_intake_and_language_exits_move_their_paths(mini_data: Dataset) -> None:
    sc = load_scenario("baseline")
    rows = draw_samples(2, OFF)
    rows.loc[1, z_column("macitspeks")] = 2.0
    rows.loc[1, z_column("language_exits")] = -2.0
    rows[sd_column("macitspeks")] = 0.1
    inputs = model_inputs(mini_data, load_parameters(), sc, 2023)
    out = apply_sources(inputs, mini_data, rows, 2023)
    intake = out["Macitspeks Intake"]
    after, before = intake.loc[2030.0], intake.loc[2020.0]
    assert float(after.sel(Sample="S2")) > float(after.sel(Sample="S1"))
    assert float(before.sel(Sample="S2")) == float(before.sel(Sample="S1"))  # history kept
    exits = out["Language Exit Rate"].loc[2024.0]
    assert float(exits.sel(Sample="S2").max()) < float(exits.sel(Sample="S1").max())


def test_the_sample_draws_every_source_within_its_truncation() -> None:
    rows = draw_samples(50, UncertaintySpec(seed=5))
    for source in SOURCES:
        z = rows[z_column(source)]
        assert z.abs().max() <= 2.5 and z.std() > 0.5, source
    only = draw_samples(10, UncertaintySpec(seed=5, sources=("arrivals",)))
    assert (only[z_column("loads")] == 0).all() and only[z_column("arrivals")].std() > 0


def test_sizes_come_from_the_published_series() -> None:
    data = load_data(DATA_DIR)
    sizes = source_sizes(data)
    assert set(sizes) == set(SOURCES) and all(v >= 0 for v in sizes.values())
    assert all(sizes[s] > 0 for s in SOURCES), sizes
    h = data.history
    intake = h[(h["series"] == "macitspeks_intake") & (h["status"] == "published")]["value"]
    assert sizes["macitspeks"] == pytest.approx(np.std(intake, ddof=1) / np.mean(intake))
    # spreading the published intake apart widens its sd
    wider = h.copy()
    rows = (wider["series"] == "macitspeks_intake") & (wider["status"] == "published")
    mean = wider.loc[rows, "value"].mean()
    wider.loc[rows, "value"] = mean + 3 * (wider.loc[rows, "value"] - mean)
    other = dataclasses.replace(data, history=wider)
    assert source_sizes(other)["macitspeks"] > 2 * sizes["macitspeks"]
    total = h[h["series"] == "pupils_1_12"].sort_values("year")
    changes = np.diff(total["value"]) / np.diff(total["year"])
    assert sizes["arrivals"] == pytest.approx(np.std(changes, ddof=1))


def _pick(value: object, label: str) -> np.ndarray:
    if isinstance(value, xr.DataArray) and "Sample" in value.dims:
        value = value.sel(Sample=label)
    return np.asarray(value, dtype=float)


def _nudged(base: BehaviouralParameters, name: str) -> float:
    lo, hi = _bounds(name)
    v = float(getattr(base, name))
    up = v * 1.05 if v != 0 else (lo + hi) / 2
    return up if lo <= up <= hi else v * 0.95


def test_every_parameter_reaches_the_ensemble(mini_data: Dataset) -> None:
    """Each parameter moved alone: the ensemble's inputs equal `model_inputs` of that sample.

    A parameter the ensemble held at its first sample's value (not a scalar input of its own
    name, nor one of the formulas of `ikm_sim.inputs`) would differ here.
    """
    sc = load_scenario("baseline")
    base = load_parameters()
    names = list(BehaviouralParameters.model_fields)
    rows = draw_samples(len(names) + 1, OFF)
    for i, name in enumerate(names, start=1):
        rows.loc[i, name] = _nudged(base, name)
    fast = ensemble_inputs(mini_data, sc, rows, 2023)
    for i, name in enumerate(names, start=1):
        ref = model_inputs(mini_data, parameters_of(rows.iloc[i]), sc, 2023)
        for key, value in ref.items():
            got = fast[key]
            if isinstance(value, pd.Series):
                a = np.array([_pick(x, f"S{i + 1}") for x in got.to_numpy()])
                b = np.array([np.broadcast_to(_pick(x, "-"), a.shape[1:]) for x in value])
            else:
                a, b = _pick(got, f"S{i + 1}"), _pick(value, "-")
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, err_msg=f"{name}: {key}")
    assert set(scalar_inputs(model_inputs(mini_data, base, sc, 2023)).values()) <= set(names)


def test_percentiles_of_the_new_quantities(one_at_a_time: Ensemble) -> None:
    nat = national_percentiles(one_at_a_time)
    assert list(dict.fromkeys(nat["variable"])) == list(QUANTITIES)
    for q in ("teachers", "school_pedagogues", "pupils", "first_graders", "school_vacancies_fte"):
        assert q in set(nat["variable"])
    median = nat.set_index(["variable", "year"])["p50"]
    base = one_at_a_time.values["teachers"][0, 0].sum()
    assert median[("teachers", 2023)] == pytest.approx(base, rel=0.02)
    assert (median.loc["school_pedagogues"] < median.loc["teachers"]).all()  # PRE left out
    regions = region_percentiles(one_at_a_time)
    assert {"pupils", "first_graders", "teachers"} <= set(regions["variable"])
    subjects = subject_percentiles(one_at_a_time)
    assert "teachers" in set(subjects["variable"]) and "pupils" not in set(subjects["variable"])
    assert set(OUTPUTS) <= set(QUANTITIES)


def test_applying_every_source_warns_of_nothing(mini_data: Dataset) -> None:
    rows = draw_samples(4, UncertaintySpec(seed=3))
    rows[sd_column("arrivals")] = 900.0  # an additive size in pupils: never exponentiated
    inputs = model_inputs(mini_data, load_parameters(), load_scenario("baseline"), 2023)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = apply_sources(inputs, mini_data, rows, 2023)
    assert out["Arrivals from Abroad"].loc[2030.0].sizes["Sample"] == 4

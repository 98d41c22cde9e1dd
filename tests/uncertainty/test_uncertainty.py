"""Uncertainty ensemble on the 3-municipality dataset: bands, collapse, probabilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.engines.ensemble_model import transform
from ikm_sim.inputs.samples import ensemble_inputs
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
from ikm_sim.uncertainty.ensemble import run_loop_one, sample_inputs
from ikm_sim.uncertainty.sources import apply_sources
from ikm_sim.uncertainty.summary import (
    PERCENTILES,
    cell_percentiles,
    national_percentiles,
    shortage_probability,
    write_summary,
)
from tests.conftest import MINI_DATA

FINAL = 2032
OFF = UncertaintySpec(band=0.0, births=False, migration_sd=0.0, entry_level=False, sources=())


@pytest.fixture(scope="module")
def ensemble() -> object:
    draws = draw_samples(6, UncertaintySpec(seed=7))
    return run_ensemble(draws, load_scenario("baseline"), MINI_DATA, FINAL, workers=1)


def test_draws_are_seeded_and_within_bounds() -> None:
    a, b = draw_samples(20, UncertaintySpec(seed=3)), draw_samples(20, UncertaintySpec(seed=3))
    pd.testing.assert_frame_equal(a, b)
    assert set(a["births_variant"]) <= {"low", "medium", "high"}
    assert (a["leave_20_24"] >= 0).all()
    off = draw_samples(5, OFF)
    assert off.drop(columns="sample").nunique().max() == 1


def test_transform_adds_sample_dimension() -> None:
    text = "Births[Region] = Base Births[Region] * Birth Index(Time)\n\t~\tperson\n\t~\tx\n\t|"
    base = "Base Births[Region] = 1\n\t~\tperson\n\t~\tx\n\t|\n"
    out = transform("Region: (R1-R2)\n\t~\n\t~\n\t|\n" + base + text, 3)
    assert "Sample: (S1-S3)" in out
    assert "Births[Sample,Region] = Base Births[Sample,Region] * Birth Index(Time)" in out


def test_fast_inputs_match_model_inputs(mini_data: Dataset) -> None:
    sc = load_scenario("baseline")
    draws = draw_samples(4, UncertaintySpec(seed=11))
    fast = apply_sources(ensemble_inputs(mini_data, sc, draws), mini_data, draws, 2023)
    for i in (0, 3):
        ref = sample_inputs(mini_data, sc, draws.iloc[i])
        for key, value in ref.items():
            got = fast[key]

            def pick(x: object, i: int = i) -> np.ndarray:
                if isinstance(x, xr.DataArray) and "Sample" in x.dims:
                    x = x.sel(Sample=f"S{i + 1}")
                return np.asarray(x, dtype=float)

            if isinstance(value, pd.Series):
                a = np.array([pick(x) for x in got.to_numpy()])
                b = np.array([np.broadcast_to(pick(x), a.shape[1:]) for x in value.to_numpy()])
            else:
                a, b = pick(got), pick(value)
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, err_msg=key)


def test_vector_equals_loop(ensemble: object) -> None:
    sc = load_scenario("baseline")
    row = ensemble.samples.iloc[2]  # type: ignore[attr-defined]
    _, ref = run_loop_one(str(MINI_DATA.resolve()), sc, row, FINAL)
    got = {**ensemble.values, **ensemble.money}  # type: ignore[attr-defined]
    assert set(ref) == set(got)
    for col, arr in ref.items():
        np.testing.assert_allclose(got[col][2], arr[0], rtol=1e-9, atol=1e-9)


def test_percentiles_monotone(ensemble: object) -> None:
    for table in (cell_percentiles(ensemble), national_percentiles(ensemble)):  # type: ignore[arg-type]
        q = table[[f"p{p}" for p in PERCENTILES]].to_numpy()
        assert (np.diff(q, axis=1) >= 0).all()
    nat = national_percentiles(ensemble)  # type: ignore[arg-type]
    gap = nat[nat.variable == "gap_fte"]
    assert (gap["p95"] - gap["p5"]).iloc[-1] > 0  # uncertainty shows


def test_probability_consistent_with_samples(ensemble: object) -> None:
    prob = shortage_probability(ensemble, fte=1.0, share=0.05)  # type: ignore[arg-type]
    gap = ensemble.values["gap_fte"]  # type: ignore[attr-defined]
    demand = ensemble.values["demand_fte"]  # type: ignore[attr-defined]
    n = gap.shape[0]
    counts = (gap > 1.0).sum(axis=0).reshape(-1)
    np.testing.assert_allclose(prob["p_gap_over_fte"].to_numpy() * n, counts)
    share = (gap > 0.05 * demand).mean(axis=0).reshape(-1)
    np.testing.assert_allclose(prob["p_gap_over_share"].to_numpy(), share)
    assert set(np.unique(prob["p_gap_over_fte"] * n)) <= set(range(n + 1))


def test_band_collapses_without_uncertainty(mini_data: Dataset, tmp_path: object) -> None:
    sc = load_scenario("baseline")
    draws = draw_samples(3, OFF)
    ens = run_ensemble(draws, sc, MINI_DATA, FINAL, workers=1)
    det = run(sc, data=mini_data, final_year=FINAL).supply_demand
    cells = cell_percentiles(ens)
    for col in ("demand_fte", "supply_fte", "gap_fte", "vacancies_fte"):
        c = cells[cells.variable == col]
        for p in PERCENTILES:
            np.testing.assert_allclose(c[f"p{p}"].to_numpy(), det[col].to_numpy(), atol=1e-8)
    files = write_summary(ens, tmp_path / "u")  # type: ignore[operator]
    assert all(f.exists() for f in files)


def test_two_workers_match_one(ensemble: object) -> None:
    draws = ensemble.samples  # type: ignore[attr-defined]
    par = run_ensemble(draws, load_scenario("baseline"), MINI_DATA, FINAL, workers=2, chunk=3)
    for col, arr in par.values.items():
        np.testing.assert_allclose(arr, ensemble.values[col], rtol=1e-9, atol=1e-9)  # type: ignore[attr-defined]

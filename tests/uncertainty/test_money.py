"""The ensemble's money: cost percentiles and a what-if's paired extra cost against its base."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.compare import compare
from ikm_sim.costs import COST_MEASURES, constant_price_factor, national_costs
from ikm_sim.data.load import Dataset
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
from ikm_sim.uncertainty.money import (
    PAIRED_MEASURES,
    PERCENTILE_COLUMNS,
    cost_percentiles,
    paired_costs,
    paired_ensembles,
    paired_summary,
)
from ikm_sim.uncertainty.pack import summarise
from ikm_sim.uncertainty.streamed import stream_ensemble
from ikm_sim.uncertainty.summary import write_summary
from tests.conftest import MINI_DATA

FINAL = 2032
OFF = UncertaintySpec(band=0.0, births=False, migration_sd=0.0, entry_level=False, sources=())


@pytest.fixture(scope="module")
def off_pair() -> tuple[object, object]:
    draws = draw_samples(3, OFF)
    return paired_ensembles(
        draws,
        load_scenario("baseline"),
        load_scenario("pay_growth"),
        data=MINI_DATA,
        final_year=FINAL,
        workers=1,
    )


def _rows(table: pd.DataFrame, variable: str, basis: str) -> pd.DataFrame:
    return table[(table["variable"] == variable) & (table["basis"] == basis)].set_index("year")


def test_cost_percentiles_collapse_to_the_run_without_uncertainty(
    off_pair: tuple[object, object], mini_data: Dataset
) -> None:
    base, _ = off_pair
    table = cost_percentiles(base)  # type: ignore[arg-type]
    det = national_costs(run(load_scenario("baseline"), data=mini_data, final_year=FINAL).funding)
    factor = constant_price_factor(mini_data.funding, list(det.index))
    assert set(table["variable"]) == set(COST_MEASURES)
    for measure in COST_MEASURES:
        nominal, constant = _rows(table, measure, "nominal"), _rows(table, measure, "constant")
        for col in (*PERCENTILE_COLUMNS, "mean"):
            np.testing.assert_allclose(nominal[col], det[measure], rtol=1e-9)
            np.testing.assert_allclose(constant[col], det[measure] * factor, rtol=1e-9)
    assert (table["defined_share"] == 1.0).all()


def test_paired_costs_equal_compare_without_uncertainty(
    off_pair: tuple[object, object], mini_data: Dataset
) -> None:
    base, what_if = off_pair
    paired = paired_costs(base, what_if)  # type: ignore[arg-type]
    assert list(pd.unique(paired["variable"])) == list(PAIRED_MEASURES)
    cmp = compare("baseline", "pay_growth", data=mini_data, final_year=FINAL, breakdown=False)
    total = cmp.cost_effectiveness_constant.set_index("year")
    extra = _rows(paired, "extra_cost_eur", "constant")
    assert (extra["p50"].loc[2027:] > 0).all()  # a pay rise costs money once it starts
    np.testing.assert_allclose(extra["p50"], total["extra_cost_eur"], rtol=1e-9)
    closed = _rows(paired, "cum_gap_closed_fte_years", "nominal")
    np.testing.assert_allclose(closed["p95"], total["cum_gap_closed_fte_years"], atol=1e-6)
    summary = paired_summary(paired)
    assert set(summary["to_year"]) == {2030}  # the summary years within the run
    assert summary["variable"].str.startswith("cum_").all()


def test_same_scenario_twice_costs_nothing_and_has_no_ratio(
    off_pair: tuple[object, object],
) -> None:
    base, _ = off_pair
    paired = paired_costs(base, base)  # type: ignore[arg-type]
    extra = paired[paired["variable"] == "extra_cost_eur"]
    assert (extra[list(PERCENTILE_COLUMNS)].to_numpy() == 0.0).all()
    ratio = paired[paired["variable"] == "eur_per_fte_closed"]
    assert (ratio["defined_share"] == 0.0).all()
    assert ratio["p50"].isna().all()


def test_same_seed_same_cost_percentiles_and_another_seed_differs() -> None:
    sc = load_scenario("pay_growth")

    def costs(seed: int) -> pd.DataFrame:
        draws = draw_samples(4, UncertaintySpec(seed=seed))
        base, what_if = paired_ensembles(
            draws, load_scenario("baseline"), sc, data=MINI_DATA, final_year=FINAL, workers=1
        )
        return pd.concat([cost_percentiles(what_if), paired_costs(base, what_if)])

    first = costs(11)
    pd.testing.assert_frame_equal(first, costs(11))
    assert not np.allclose(first["p50"].fillna(0), costs(12)["p50"].fillna(0))
    wage = first[(first["variable"] == "wage_bill_eur") & (first["basis"] == "nominal")]
    assert (wage["p95"] > wage["p5"]).all()  # the uncertainty reaches the money


def test_streamed_money_equals_held_and_is_written(tmp_path: object) -> None:
    draws = draw_samples(5, UncertaintySpec(seed=5))
    sc = load_scenario("baseline")
    held = run_ensemble(draws, sc, MINI_DATA, FINAL, workers=1)
    streamed = stream_ensemble(draws, sc, MINI_DATA, FINAL, workers=1, chunk=2)
    pd.testing.assert_frame_equal(cost_percentiles(held), cost_percentiles(streamed))
    # the shortage behind "gap closed": kept exactly by the streamed run
    from ikm_sim.uncertainty.summary import national_shortage

    np.testing.assert_allclose(national_shortage(streamed), national_shortage(held), rtol=1e-12)
    assert national_shortage(held).shape == (5, len(held.years))
    assert not summarise(streamed).costs.empty
    write_summary(streamed, tmp_path / "u")  # type: ignore[operator]
    written = pd.read_csv(tmp_path / "u" / "percentiles_costs.csv")  # type: ignore[operator]
    assert set(written["basis"]) == {"nominal", "constant"}


def test_cli_against_writes_the_paired_costs_and_the_pack_table(tmp_path: Path) -> None:
    out, zip_path = tmp_path / "fan", tmp_path / "fan.zip"
    args = ["uncertainty", "pay_growth", "-n", "4", "--seed", "3", "--data", str(MINI_DATA)]
    more = ["--final-year", "2030", "--workers", "1", "--no-charts", "--against", "baseline"]
    result = CliRunner().invoke(app, [*args, *more, "--out", str(out), "--pack", str(zip_path)])
    assert result.exit_code == 0, (result.output, result.exception)
    paired = pd.read_csv(out / "cost_compare.csv")
    assert set(paired["variable"]) == set(PAIRED_MEASURES)
    summary = pd.read_csv(out / "cost_compare_summary.csv")
    assert set(summary["to_year"]) == {2030}
    assert any("izmaksu_procentiles" in n for n in zipfile.ZipFile(zip_path).namelist())
    meta = json.loads((out / "uncertainty.json").read_text(encoding="utf-8"))
    assert meta["data_directory"] == str(MINI_DATA) and len(meta["model_sha256"]) == 64
    assert meta["run_at"] and meta["package_version"]
    bad = CliRunner().invoke(app, [*args, *more[:-1], "nosuch", "--out", str(out)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output

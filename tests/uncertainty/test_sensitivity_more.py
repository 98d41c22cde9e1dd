"""Morris sensitivity: reproducibility, the table contract, clear errors, readable tornado charts.

The model runs use the small dataset (tests/fixtures/mini_data) and r = 2 trajectories; a bad
request must fail before any model run, which the tests check by making the run impossible.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim.charts.sensitivity import (
    output_label,
    output_parts,
    parameter_label,
    parameter_unit,
    sensitivity_tornado,
    tornado_table,
)
from ikm_sim.errors import IkmSimError
from ikm_sim.locale.i18n_sensitivity import PARAMETER_LABELS, UNIT_KEYS
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.scenario import load_scenario
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.uncertainty import UncertaintySpec
from ikm_sim.uncertainty import sensitivity as sens
from ikm_sim.uncertainty.sampling import _bounds
from tests.conftest import MINI_DATA

ROOT = Path(__file__).resolve().parents[2]
REGION = "LV0021000"  # Alūksnes novads in the small dataset
SPEC = UncertaintySpec(seed=11)


def _run(**kwargs: Any) -> pd.DataFrame:
    args: dict[str, Any] = {
        "region": REGION,
        "trajectories": 2,
        "spec": SPEC,
        "data": MINI_DATA,
        "years": (2030, 2035),
        "workers": 1,
    }
    args.update(kwargs)
    return sens.sensitivity(load_scenario("baseline"), **args)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return _run()


@pytest.fixture
def no_model_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any model run fail, so a test shows its error comes before the run."""

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the model ran although the request was invalid")

    monkeypatch.setattr(sens, "ensemble_chunks", forbidden)


# --- the ranking table ----------------------------------------------------------------------


def test_same_seed_gives_the_same_table(table: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_run(), table)


def test_another_seed_gives_another_design() -> None:
    base = load_parameters()
    _, first = sens.morris_design(SPEC, 2, "medium", base)
    _, again = sens.morris_design(SPEC, 2, "medium", base)
    _, other = sens.morris_design(UncertaintySpec(seed=12), 2, "medium", base)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_table_columns_and_ranks(table: pd.DataFrame) -> None:
    assert list(table.columns) == list(sens.COLUMNS)
    assert set(table["output"]) == {
        "national_gap_2030",
        "national_gap_2035",
        f"{REGION}_gap_2030",
        f"{REGION}_gap_2035",
    }
    numeric = ["mu_star", "mu_star_conf", "sigma", "low", "high"]
    assert all(pd.api.types.is_float_dtype(table[c]) for c in numeric)
    assert pd.api.types.is_integer_dtype(table["rank"])
    assert np.isfinite(table[numeric].to_numpy()).all()
    assert (table[["mu_star", "mu_star_conf", "sigma"]] >= 0).all().all()
    names = list(sens.varying_parameters(SPEC))
    assert len(names) == len(BehaviouralParameters.model_fields)
    for _, group in table.groupby("output"):
        assert sorted(group["parameter"]) == sorted(names)
        assert list(group["rank"]) == list(range(1, len(names) + 1))
        assert np.all(np.diff(group["mu_star"].to_numpy()) <= 0)
    # each parameter varied over ±20 % of its calibrated value, within its bounds
    values = load_parameters().model_dump()
    for row in table.itertuples():
        value = values[str(row.parameter)]
        lo_bound, hi_bound = _bounds(str(row.parameter))
        assert row.low == pytest.approx(max(lo_bound, 0.8 * value))
        assert row.high == pytest.approx(min(hi_bound, 1.2 * value))
        assert row.low <= value <= row.high and row.low < row.high


def test_the_cost_is_r_times_parameters_plus_one() -> None:
    d = len(BehaviouralParameters.model_fields)
    assert sens.morris_cost(4) == 4 * (d + 1)
    few = UncertaintySpec(parameters=("returner_rate", "base_take_up"))
    assert sens.morris_cost(3, few) == 3 * 3
    _, rows = sens.morris_design(few, 3, "medium", load_parameters())
    assert len(rows) == sens.morris_cost(3, few)


# --- clear errors before any run ------------------------------------------------------------


@pytest.mark.usefixtures("no_model_run")
def test_unknown_municipality_is_named_before_any_run() -> None:
    with pytest.raises(IkmSimError, match="LV9999999") as info:
        _run(region="LV9999999")
    assert "\n" not in str(info.value)


@pytest.mark.usefixtures("no_model_run")
@pytest.mark.parametrize("years", [(2023,), (2030, FINAL_YEAR + 5), (1999,)])
def test_years_outside_the_run_are_refused(years: tuple[int, ...]) -> None:
    bad = next(y for y in years if not 2023 < y <= FINAL_YEAR)
    with pytest.raises(IkmSimError, match=f"target year {bad} is outside .* 2024-{FINAL_YEAR}"):
        _run(years=years)


@pytest.mark.usefixtures("no_model_run")
def test_no_years_and_one_trajectory_are_refused() -> None:
    with pytest.raises(IkmSimError, match="no target year"):
        _run(years=())
    with pytest.raises(IkmSimError, match="at least 2 trajectories, got 1"):
        _run(trajectories=1)


@pytest.mark.usefixtures("no_model_run")
def test_all_ranges_of_zero_width_are_refused() -> None:
    with pytest.raises(IkmSimError, match="no parameter varies"):
        _run(spec=UncertaintySpec(band=0.0))


def test_a_parameter_of_zero_width_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    base = load_parameters().model_copy(update={"leave_20_24": 0.0})
    spec = UncertaintySpec(parameters=("returner_rate", "leave_20_24", "base_take_up"), seed=5)
    problem, rows = sens.morris_design(spec, 2, "medium", base)
    assert problem["names"] == ["returner_rate", "base_take_up"]
    assert (rows["leave_20_24"] == 0.0).all()  # held at its value in every sample
    assert rows["returner_rate"].nunique() > 1

    monkeypatch.setattr(sens, "load_parameters", lambda: base)
    table = _run(spec=spec, years=(2030,))
    assert set(table["parameter"]) == {"returner_rate", "base_take_up"}
    for _, group in table.groupby("output"):
        assert list(group["rank"]) == [1, 2]


def test_cli_reports_an_unknown_municipality_in_one_line() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ikm_sim.cli",
            "sensitivity",
            "scenarios/baseline.yaml",
            "--region",
            "LV9999999",
            "--data",
            str(MINI_DATA),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: unknown municipality code 'LV9999999' (not in municipalities.csv)"]


# --- readable labels and tornado charts -----------------------------------------------------


def test_every_parameter_has_a_label_and_unit_in_both_languages() -> None:
    assert set(PARAMETER_LABELS) == set(BehaviouralParameters.model_fields)
    for name, field in BehaviouralParameters.model_fields.items():
        extra = field.json_schema_extra
        assert isinstance(extra, dict) and extra["unit"] in UNIT_KEYS, name
        for lang in ("lv", "en"):
            label = parameter_label(name, lang)
            assert "_" not in label and len(label) <= 45, label
            assert parameter_unit(name, lang)
    assert parameter_label("returner_rate", "lv") == "Atgriezušies un karjeras mainītāji"
    assert parameter_label("returner_rate", "en") == "Returners and career changers"
    assert parameter_unit("returner_rate", "lv") == "gadā"
    assert parameter_label("not_a_parameter", "en") == "not a parameter"


def test_output_labels() -> None:
    assert output_parts("national_gap_2030") == (None, 2030)
    assert output_parts("LV0001000_gap_2035") == ("LV0001000", 2035)
    with pytest.raises(ValueError):
        output_parts("gap")
    names = {"LV0001000": "Rīga"}
    assert output_label("national_gap_2030", "lv") == "Latvija, 2030./2031. mācību gadā"
    assert output_label("LV0001000_gap_2035", "en", {"LV0001000": "Riga"}) == (
        "Riga, school year 2035/36"
    )
    assert output_label("LV0001000_gap_2035", "lv", names).startswith("Rīga, 2035./2036.")
    assert output_label("LV0002000_gap_2035", "lv", names).startswith("LV0002000, ")


@pytest.mark.parametrize(
    ("lang", "where", "title_start"),
    [("lv", "Latvija", "Kas nosaka iztrūkumu"), ("en", "Latvia", "What drives the gap")],
)
def test_tornado_bars_are_sorted_and_labelled(
    table: pd.DataFrame, lang: str, where: str, title_start: str
) -> None:
    output = "national_gap_2035"
    chart = sensitivity_tornado(table, output, lang, top=8, scenario="baseline")
    spec = chart.to_dict()
    title = spec["title"]["text"]
    title = " ".join(title) if isinstance(title, list) else title
    assert title.startswith(title_start) and where in title
    bars = spec["layer"][0]
    order = bars["encoding"]["y"]["sort"]
    expected = table[table["output"] == output].nlargest(8, "mu_star")["parameter"]
    assert order == [parameter_label(p, lang) for p in expected]
    assert not any("_" in label for label in order)
    assert bars["encoding"]["y"]["title"] is None  # the labels say what they are
    assert spec["config"]["axisY"]["labelLimit"] >= 300  # long labels are not cut
    data = spec["datasets"][spec["data"]["name"]]
    assert [row["parameter"] for row in data] == order
    mu = [row["mu_star"] for row in data]
    assert mu == sorted(mu, reverse=True)

    csv = tornado_table(table, output, lang, top=8)
    assert list(csv["parameter"]) == list(expected)
    assert list(csv["label"]) == order
    assert list(csv["rank"]) == list(range(1, 9))


def test_tornado_of_the_municipality_names_it(table: pd.DataFrame) -> None:
    chart = sensitivity_tornado(table, f"{REGION}_gap_2030", "lv", {REGION: "Alūksnes novads"})
    title = chart.to_dict()["title"]["text"]
    assert "Alūksnes novads" in (" ".join(title) if isinstance(title, list) else title)
    with pytest.raises(ValueError, match="LV0023000_gap_2030"):
        sensitivity_tornado(table, "LV0023000_gap_2030", "lv")

"""Sobol bar charts: ST with its interval, S1 beside it, readable names, languages, exports."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ikm_sim import export
from ikm_sim.charts.sensitivity import (
    parameter_label,
    sensitivity_chart,
    sobol_chart,
    sobol_table,
)
from ikm_sim.uncertainty.sobol import COLUMNS

NAMES = ["returner_rate", "base_take_up", "completion_rate", "leave_20_24", "pay_elasticity"]
REGION = "LV0021000"


def _indices() -> pd.DataFrame:
    """A small table of indices as `ikm_sim.uncertainty.sobol.sobol` returns it."""
    frames = []
    for output, scale in (("national_gap_2030", 1.0), (f"{REGION}_gap_2030", 0.5)):
        st = np.array([0.4, 0.25, 0.2, 0.05, 0.0]) * scale
        frames.append(
            pd.DataFrame(
                {
                    "output": output,
                    "parameter": NAMES,
                    "S1": np.array([0.3, -0.02, 0.15, 0.06, 0.0]) * scale,
                    "S1_conf": [0.1, 0.08, 0.06, 0.03, 0.0],
                    "ST": st,
                    "ST_conf": [0.05, 0.04, 0.03, 0.01, 0.0],
                    "rank": np.arange(1, 6),
                    "low": 0.5,
                    "high": 1.5,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


def _title(spec: dict) -> str:
    title = spec["title"]["text"]
    return " ".join(title) if isinstance(title, list) else title


@pytest.mark.parametrize(
    ("lang", "title", "st_label"),
    [
        ("lv", "Kas nosaka iztrūkuma nenoteiktību: Latvija, 2030./2031.", "ST – kopā ar"),
        ("en", "What drives the uncertainty of the gap: Latvia, school year 2030/31", "ST – incl"),
    ],
)
def test_bars_of_st_and_s1_sorted_by_st(lang: str, title: str, st_label: str) -> None:
    spec = sobol_chart(_indices(), "national_gap_2030", lang, top=4, scenario="baseline").to_dict()
    assert _title(spec).startswith(title)
    bars, rules = spec["layer"]
    order = bars["encoding"]["y"]["sort"]
    assert order == [parameter_label(p, lang) for p in NAMES[:4]]  # the top 4 by ST
    assert not any("_" in label for label in order)
    assert bars["encoding"]["y"]["title"] is None
    assert bars["encoding"]["yOffset"]["field"] == "index_label"
    assert rules["mark"]["type"] == "rule" and rules["encoding"]["x2"]["field"] == "hi"
    assert spec["config"]["axisY"]["labelLimit"] >= 300
    data = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    assert len(data) == 2 * 4  # ST and S1 of each parameter shown
    assert data["index_label"].str.startswith(st_label).sum() == 4
    first = data[data["parameter_code"] == "returner_rate"].set_index("index")
    assert first.loc["ST", ["value", "lo", "hi"]].tolist() == pytest.approx([0.4, 0.35, 0.45])
    assert first.loc["S1", ["value", "lo", "hi"]].tolist() == pytest.approx([0.3, 0.2, 0.4])
    # a small negative S1 (sampling error) is drawn as it is, not hidden
    assert data.query("parameter_code == 'base_take_up' and index == 'S1'")["value"].item() < 0


def test_the_municipal_chart_names_the_municipality_and_unknown_outputs_fail() -> None:
    chart = sobol_chart(_indices(), f"{REGION}_gap_2030", "lv", {REGION: "Alūksnes novads"})
    assert "Alūksnes novads" in _title(chart.to_dict())
    with pytest.raises(ValueError, match="LV0023000_gap_2030"):
        sobol_chart(_indices(), "LV0023000_gap_2030", "lv")


def test_chart_table_for_the_csv_download() -> None:
    table = sobol_table(_indices(), "national_gap_2030", "en", top=3)
    assert list(table.columns) == [
        "rank", "parameter", "label", "ST", "ST_conf", "S1", "S1_conf", "low", "high"
    ]  # fmt: skip
    assert list(table["parameter"]) == NAMES[:3]
    assert table["label"].iloc[0] == "Returners and career changers"


def test_sensitivity_chart_picks_the_chart_of_the_method() -> None:
    sobol_spec = sensitivity_chart(_indices(), "national_gap_2030", "en").to_dict()
    assert _title(sobol_spec).startswith("What drives the uncertainty of the gap")
    morris = pd.DataFrame(
        {
            "output": "national_gap_2030",
            "parameter": NAMES,
            "mu_star": [5.0, 4.0, 3.0, 2.0, 0.0],
            "mu_star_conf": 0.5,
            "sigma": 1.0,
            "rank": range(1, 6),
        }
    )
    tornado = sensitivity_chart(morris, "national_gap_2030", "en").to_dict()
    assert _title(tornado).startswith("What drives the gap")


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_chart_exports_like_the_others(lang: str) -> None:
    chart = sobol_chart(_indices(), "national_gap_2030", lang, scenario="baseline")
    assert export.chart_png(chart, lang).startswith(b"\x89PNG")
    svg = export.chart_svg(chart, lang).decode("utf-8")
    assert parameter_label("returner_rate", lang) in svg
    assert ("0,2" if lang == "lv" else "0.2") in svg  # the axis in the language's numbers
    assert export.chart_pdf(chart, lang).startswith(b"%PDF")

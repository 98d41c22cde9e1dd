"""Fan and tornado charts build valid Vega-Lite in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from ikm_sim.charts._base import HALF_WIDTH
from ikm_sim.charts.uncertainty import fan_chart, fan_data, tornado_chart


def _percentiles() -> pd.DataFrame:
    rows = []
    for y in range(2023, 2031):
        for r in ("A", "B"):
            base = float(y - 2023)
            rows.append(
                {
                    "year": y,
                    "region": r,
                    "variable": "gap_fte",
                    "p5": base - 2,
                    "p25": base - 1,
                    "p50": base,
                    "p75": base + 1,
                    "p95": base + 2,
                    "mean": base,
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_fan_chart(lang: str) -> None:
    spec = fan_chart(_percentiles(), lang, region="A", where="A").to_dict()
    assert len(spec["layer"]) == 3
    assert fan_data(_percentiles(), region="B").shape[0] == 8


def test_a_half_width_fan_wraps_its_title_instead_of_cutting_it() -> None:
    where = "Latvija (pedagogi kopā ar pirmsskolas pedagogiem)"
    full = fan_chart(_percentiles(), "lv", region="A", where=where).to_dict()
    half = fan_chart(_percentiles(), "lv", region="A", where=where, width=HALF_WIDTH).to_dict()
    lines = half["title"]["text"]
    assert isinstance(lines, list) and len(lines) > len(full["title"]["text"])
    assert all(len(line) <= HALF_WIDTH // 10 for line in lines)


def test_fan_data_refuses_to_add_percentiles() -> None:
    # P5 of a sum is not the sum of the P5s: several rows per year is a missing filter.
    with pytest.raises(ValueError, match="region"):
        fan_data(_percentiles())


def _subject_percentiles() -> pd.DataFrame:
    rows = []
    for y in range(2023, 2031):
        for k, subject in enumerate(("MAT", "LAT", "ENG")):
            for variable in ("gap_fte", "demand_fte"):
                mid = 10.0 * k + (y - 2023) + (100.0 if variable == "demand_fte" else 0.0)
                rows.append(
                    {"year": y, "subject": subject, "variable": variable, "p5": mid - 2,
                     "p25": mid - 1, "p50": mid, "p75": mid + 1, "p95": mid + 2, "mean": mid}
                )  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_subject_fan_filters_to_one_subject(lang: str) -> None:
    table = _subject_percentiles()
    data = fan_data(table, "gap_fte", subject="LAT")
    assert list(data.columns) == ["year", "p5", "p25", "p50", "p75", "p95"]
    assert data["year"].tolist() == list(range(2023, 2031))
    assert data["p50"].tolist() == [10.0 + i for i in range(8)]  # LAT's gap, not a sum
    assert fan_data(table, "gap_fte", subject="XXX").empty
    chart = fan_chart(table, lang, "gap_fte", subject="ENG", where="Angļu valoda")
    spec = chart.to_dict()
    assert "Angļu valoda" in str(spec["title"])
    assert chart.data["p50"].tolist() == [20.0 + i for i in range(8)]


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_tornado_chart(lang: str) -> None:
    effects = pd.DataFrame(
        {
            "output": "national_gap_2030",
            "parameter": ["a", "b", "c"],
            "mu_star": [3.0, 1.0, 2.0],
            "mu_star_conf": [0.5, 0.1, 0.2],
            "sigma": [1.0, 0.2, 0.3],
        }
    )
    spec = tornado_chart(effects, "national_gap_2030", lang, top=2).to_dict()
    assert len(spec["layer"]) == 2

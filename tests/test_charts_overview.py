"""The overview's history-beside-forecast and subject-ranking charts, through their specs."""

from __future__ import annotations

import json

import pandas as pd
import vl_convert as vlc

from ikm_sim.charts.local import area_compare_chart
from ikm_sim.charts.overview import history_forecast_chart, subject_ranking_chart
from ikm_sim.indicators.near_term import subject_ranking
from tests.ui.fakes import REGIONS, SUBJECT_NAMES_LV, make_result

RESULT = make_result()


def _text(spec: dict[str, object]) -> str:
    return json.dumps(spec, ensure_ascii=False)


def test_history_and_forecast_are_told_apart() -> None:
    observed = pd.Series([28221.0, 27411.0, 25986.0], index=[2012, 2013, 2023])
    forecast = pd.Series([25986.0, 25500.0, 25100.0], index=[2023, 2024, 2025])
    chart = history_forecast_chart(observed, forecast, "lv", "Pedagogi skolās, personas", "Bāze")
    spec = chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["series"] for r in rows} == {"Novērots (publicēts)", "Prognoze"}
    assert {r["school_year"] for r in rows} >= {"2012./2013.", "2025./2026."}
    text = _text(spec)
    assert "Pedagogi skolās, personas: 2012./2013.–2025./2026." in text
    assert "prognoze no 2023./2024." in text
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "line", "point"]
    assert vlc.vegalite_to_png(spec).startswith(b"\x89PNG")
    english = _text(history_forecast_chart(observed, forecast, "en", "Pupils", None).to_dict())
    assert "Observed (published)" in english and "the forecast from 2023/24" in english


def test_subjects_are_ranked_by_gap_in_the_year() -> None:
    ranking = subject_ranking(RESULT.supply_demand, 2030)
    chart = subject_ranking_chart(ranking, "lv", 2030, "Latvija", SUBJECT_NAMES_LV, "Bāze")
    spec = chart.to_dict()
    assert spec["encoding"]["y"]["sort"][0] == SUBJECT_NAMES_LV[ranking.loc[0, "subject"]]
    assert "Iztrūkums pa mācību priekšmetiem: Latvija, 2030./2031." in _text(spec)
    assert vlc.vegalite_to_png(spec).startswith(b"\x89PNG")


def test_an_area_in_two_scenarios() -> None:
    other = make_result(2).supply_demand
    own = RESULT.supply_demand
    area = REGIONS[1]
    chart = area_compare_chart(
        other[other["region"] == area], own[own["region"] == area], "lv", "Daugavpils", "A", "B"
    )
    spec = chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["scenario"] for r in rows} == {"A", "B"}
    assert {r["series"] for r in rows} == {"Iztrūkums", "Vakances, likmes"}
    assert "Daugavpils" in _text(spec) and "pārtraukta: A" in _text(spec)
    assert vlc.vegalite_to_png(spec).startswith(b"\x89PNG")

"""Coverage arithmetic of the backtest bands on hand-made points."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ikm_sim.uncertainty.coverage import (
    ALL_SERIES,
    COVERAGE_COLUMNS,
    POINT_COLUMNS,
    _points,
    coverage_by_lead,
    coverage_report,
    widen,
    widening_scales,
)
from ikm_sim.uncertainty.summary import PERCENTILES
from ikm_sim.uncertainty.widening import scales_table, stored_scales, widen_percentiles


def _point(origin: int, lead: int, observed: float, level: float = 0.8) -> dict[str, object]:
    return {
        "origin": origin,
        "series": "pupils 1-12",
        "lead": lead,
        "year": origin + lead,
        "observed": observed,
        "median": 100.0,
        "sd": 1.0,
        "level": level,
        "lo": 98.0,
        "hi": 102.0,
    }


def test_share_inside_by_lead_and_flag() -> None:
    points = pd.DataFrame(
        [
            _point(2014, 1, 99.0),  # inside
            _point(2015, 1, 102.0),  # on the edge counts as inside
            _point(2016, 1, 103.0),  # outside
            _point(2017, 1, 97.0),  # outside
            _point(2014, 2, 100.0),
        ],
        columns=list(POINT_COLUMNS),
    )
    table = coverage_by_lead(points)
    assert list(table.columns) == list(COVERAGE_COLUMNS)
    one = table[table["lead"] == 1].iloc[0]
    assert (one["n"], one["inside"], one["share"], one["nominal"]) == (4, 2, 0.5, 0.8)
    assert bool(one["off"])  # 30 points below nominal
    two = table[table["lead"] == 2].iloc[0]
    assert (two["n"], two["inside"], two["share"]) == (1, 1, 1.0)
    assert bool(two["off"])  # 20 points above
    near = coverage_by_lead(points.iloc[[0, 1, 2, 4]].assign(lead=1))
    assert near["share"].iloc[0] == 0.75 and not bool(near["off"].iloc[0])


def test_widening_uses_the_other_origins_and_grows_with_lead() -> None:
    points = pd.DataFrame(
        [_point(2014, 1, 105.0), _point(2015, 1, 95.0), _point(2016, 4, 110.0)],
        columns=list(POINT_COLUMNS),
    )
    wide = widen(points)
    # c of origin 2014 from 2015 and 2016: (25 - 1) / 1e4 / 1 and (100 - 1) / 1e4 / 4
    expected = np.sqrt(np.mean([(0.05**2 - 0.01**2) / 1, (0.10**2 - 0.01**2) / 4]))
    assert wide.loc[0, "c"] == pytest.approx(expected)
    extra = 1.2815515655446004 * expected * 100.0
    assert wide.loc[0, "hi"] == pytest.approx(100 + np.hypot(2.0, extra))
    assert wide.loc[0, "lo"] == pytest.approx(100 - np.hypot(2.0, extra))
    assert (wide["hi"] >= points["hi"]).all() and (wide["lo"] <= points["lo"]).all()
    alone = widen(points.iloc[[0]])
    assert alone.loc[0, "c"] == 0.0 and alone.loc[0, "hi"] == pytest.approx(102.0)


def test_report_before_and_after() -> None:
    points = pd.DataFrame(
        [_point(o, 1, 100.0 + (5 if o % 2 else -5)) for o in range(2014, 2022)],
        columns=list(POINT_COLUMNS),
    )
    report = coverage_report(points)
    before = report[(report["band"] == "ensemble") & (report["series"] == ALL_SERIES)]
    after = report[(report["band"] == "widened") & (report["series"] == ALL_SERIES)]
    assert before["share"].iloc[0] == 0.0
    assert after["share"].iloc[0] > 0.5


def test_points_pick_the_band_of_each_lead() -> None:
    draws = np.arange(1, 101, dtype=float)[:, None] * np.array([[1.0, 2.0, 3.0]])
    values = {"pupils": draws, "school_pedagogues": draws, "first_graders": draws}
    values["school_vacancies_fte"] = draws
    obs = pd.DataFrame({"quantity": ["pupils_total"], "year": [2017], "value": [150.0]})
    rows = _points(2015, values, np.array([2015, 2016, 2017]), obs)
    assert {r["level"] for r in rows} == {0.8, 0.95} and all(r["lead"] == 2 for r in rows)
    eighty = next(r for r in rows if r["level"] == 0.8)
    assert eighty["lo"] == pytest.approx(np.percentile(draws[:, 2], 10))
    assert eighty["hi"] == pytest.approx(np.percentile(draws[:, 2], 90))


def test_widening_scales_and_percentiles() -> None:
    points = pd.DataFrame(
        [_point(2014, 1, 105.0), _point(2015, 4, 110.0), _point(2015, 4, 110.0, level=0.95)],
        columns=list(POINT_COLUMNS),
    )
    scales = widening_scales(points)
    expected = np.sqrt(np.mean([(0.05**2 - 0.01**2) / 1, (0.10**2 - 0.01**2) / 4]))
    assert scales == {"pupils": pytest.approx(expected)}
    table = pd.DataFrame(
        {
            "year": [2023, 2027, 2027],
            "variable": ["pupils", "pupils", "gap_fte"],
            **{f"p{p}": [100.0 + (p - 50) / 10] * 3 for p in PERCENTILES},
            "mean": [100.0] * 3,
        }
    )
    wide = widen_percentiles(table, {"pupils": 0.02}, 2023)
    pd.testing.assert_frame_equal(wide.iloc[[0, 2]], table.iloc[[0, 2]])  # lead 0, other
    z95 = 1.6448536269514722
    assert wide.loc[1, "p95"] == pytest.approx(100 + np.hypot(4.5, z95 * 0.02 * 2 * 100))
    assert wide.loc[1, "p5"] == pytest.approx(100 - np.hypot(4.5, z95 * 0.02 * 2 * 100))
    assert wide.loc[1, "p50"] == 100.0
    q = wide[[f"p{p}" for p in PERCENTILES]].to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()


def test_stored_scales_read_back_and_bad_rows_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "widening.csv"
    assert stored_scales(path) == {}
    table = scales_table({"pupils": 0.008, "first_graders": 0.012})
    path.write_text(table.to_csv(index=False) + "bad,x\nneg,-1\n", encoding="utf-8")
    assert stored_scales(path) == {"pupils": 0.008, "first_graders": 0.012}

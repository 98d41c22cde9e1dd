"""Fan and tornado charts build valid Vega-Lite in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

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
    assert fan_data(_percentiles()).shape[0] == 8


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

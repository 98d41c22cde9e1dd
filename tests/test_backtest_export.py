"""The calibration page's backtest-by-lead table downloads with Latvian headers (#18 journey 3)."""

from __future__ import annotations

import pytest

from ikm_sim.export_columns import column_label


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lv", ["Rādītājs", "Prognoze", "Prognozes attālums, gadi", "MAPE, %"]),
        ("en", ["Series", "Forecast", "Lead, years", "MAPE, %"]),
    ],
)
def test_backtest_columns_have_names_in_both_languages(lang: str, expected: list[str]) -> None:
    assert [column_label(c, lang) for c in ("series", "forecast", "lead", "mape")] == expected

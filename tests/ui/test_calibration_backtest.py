"""The calibration page's backtest section with a report of the rolling-origin backtest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ikm_sim.calibration.backtest import by_lead, shortfalls
from ikm_sim.ui.calibration_report import ENV_DIR
from tests.ui.test_pages import CALIBRATION_PAGE, _open, _write_report, fake_run  # noqa: F401

#: Errors of two origins (model and no change), lead 1 and 5.
TABLE = pd.DataFrame(
    {
        "origin": [2016, 2017, 2016, 2017],
        "series": ["pupils 1-12"] * 4,
        "quantity": ["pupils_total"] * 4,
        "unit": ["%"] * 4,
        "forecast": ["model", "model", "no change", "no change"],
        "lead_1": [0.5, 0.7, 1.0, 1.0],
        "lead_5": [3.0, np.nan, 1.0, np.nan],
    }
)


@pytest.mark.usefixtures("fake_run")
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_backtest_section_shows_model_naive_targets_and_shortfalls(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    _write_report(tmp_path)
    report = tmp_path / "report"
    TABLE.to_csv(report / "backtest.csv", index=False)
    summary = by_lead(TABLE)
    summary.to_csv(report / "backtest_by_lead.csv", index=False)
    shortfalls(summary).to_csv(report / "backtest_shortfalls.csv", index=False)
    (report / "charts" / "backtest_by_lead.png").write_bytes(
        (report / "charts" / "pupils_total.png").read_bytes()
    )
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    at = _open(CALIBRATION_PAGE)
    if lang == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    by_lead_shown = at.dataframe[1].value
    origins = at.dataframe[2].value
    text = " ".join(m.value for m in at.markdown)
    if lang == "lv":
        assert set(by_lead_shown["Datu rinda"]) == {"Skolēni 1.–12. klasē"}
        assert list(by_lead_shown["MASE"]) == ["0,60", "3,00"]
        assert set(origins["Prognoze"]) == {"modelis", "bez izmaiņām"}
        assert (
            "Skolēni 1.–12. klasē, +5 g.: MAPE 3,00 % > 2,5 % "
            "(n = 1; bez izmaiņām 1,00 %, kohortu attiecība –)"
        ) in text
    else:
        assert set(by_lead_shown["Data series"]) == {"Pupils, grades 1–12"}
        assert (
            "Pupils, grades 1–12, lead 5: MAPE 3.00 % > 2.5 % "
            "(n = 1; no change 1.00 %, cohort ratio –)"
        ) in text
    assert len(at.get("image")) == 1  # the backtest chart is drawn by the page, not the PNG
    assert len(at.get("vega_lite_chart")) == 1


def _coverage() -> pd.DataFrame:
    rows = []
    for band, share in (("ensemble", 0.5), ("widened", 0.875)):
        for level in (0.8, 0.95):
            for lead in (0, 1):
                rows.append(
                    {
                        "band": band,
                        "series": "all",
                        "lead": lead,
                        "level": level,
                        "n": 8,
                        "inside": 4,
                        "share": share,
                        "nominal": level,
                        "off": True,
                    }
                )
    return pd.DataFrame(rows)


@pytest.mark.usefixtures("fake_run")
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_coverage_section_shows_the_share_inside_by_band_and_lead(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    _write_report(tmp_path)
    _coverage().to_csv(tmp_path / "report" / "coverage.csv", index=False)
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    at = _open(CALIBRATION_PAGE)
    if lang == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    heading = {
        "lv": "Nenoteiktības joslu pārklājums atpakaļtestos",
        "en": "Coverage of the uncertainty bands in the backtests",
    }[lang]
    assert heading in [s.value for s in at.subheader]
    shown = next(d.value for d in at.dataframe if "+1" in d.value.columns)
    band = {"lv": "Josla", "en": "Band"}[lang]
    widened = {"lv": "paplašināts", "en": "widened"}[lang]
    row = shown[(shown[band] == widened)].iloc[0]
    assert row["+1"] == 88 and row["n"] == 8

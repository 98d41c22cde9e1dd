"""The calibration page's downloads name the calibration and when it was fitted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ikm_sim.export_tables import metadata_table
from ikm_sim.locale.i18n import t
from ikm_sim.ui.calibration_report import read_report
from ikm_sim.ui.pages.calibration import (
    backtest_names,
    display_table,
    download_context,
    headed_table,
)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_metadata_has_the_fit_time_and_the_calibration_file(tmp_path: Path, lang: str) -> None:
    (tmp_path / "calibrated.yaml").write_text(
        "parameters:\n  leave_20_24: 0.08\n"
        "fit:\n  fitted_at: '2026-12-07T04:30:56+00:00'\n  package_version: 0.1.0\n",
        encoding="utf-8",
    )
    report = read_report(tmp_path)
    assert report.fit_meta["fitted_at"] == "2026-12-07T04:30:56+00:00"
    rows = dict(
        metadata_table(
            pd.DataFrame({"year": [2023]}), download_context(report, lang), "x"
        ).itertuples(index=False, name=None)
    )
    assert rows[t("meta_run_at", lang)] == "2026-12-07T04:30:56+00:00"
    assert rows[t("meta_scenario", lang)].startswith(("Kalibrēšana", "Calibration"))
    assert rows[t("meta_version", lang)] == "0.1.0"


def test_a_file_without_fit_facts_says_so(tmp_path: Path) -> None:
    (tmp_path / "calibrated.yaml").write_text("parameters:\n  a: 1\nfit: [1, 2]\n", "utf-8")
    report = read_report(tmp_path)
    assert report.fit_meta == {} and report.parameters == {"a": 1.0}
    rows = dict(
        metadata_table(
            pd.DataFrame({"year": [2023]}), download_context(report, "lv"), "x"
        ).itertuples(index=False, name=None)
    )
    assert rows["Aprēķināts"] == "–"


def test_the_fit_table_heads_its_ids_as_ids_and_writes_year_ranges_with_a_dash() -> None:
    fit = pd.DataFrame(
        {"series": ["pupils_1_12"], "quantity": ["pupils_total"], "years": ["2016-2023"]}
    )
    shown = display_table(fit, "lv", ids=True)
    assert shown.columns[0] == "Rindas ID (targets.yaml)" and shown.columns[-1] == "Gadi"
    assert shown.iloc[0]["Gadi"] == "2016–2023"
    assert shown.iloc[0]["Rindas ID (targets.yaml)"] == "pupils_1_12"
    assert "Datu rinda" in display_table(fit, "lv").columns  # the backtest's named series


def test_the_backtest_by_lead_is_downloadable_with_every_measure_in_latvian() -> None:
    from ikm_sim.export_tables import report_table

    by_lead = pd.read_csv(read_report().directory / "report" / "backtest_by_lead.csv")
    headed = headed_table(backtest_names(by_lead, "lv"), "lv")
    table = report_table(headed, download_context(read_report(), "lv"))
    for header in ("MAPE", "Nobīde", "MASE"):
        assert any(str(c).startswith(header) for c in table.columns), (header, list(table.columns))
    assert not {"mape", "bias", "mase", "meets_target"} & set(table.columns)
    assert set(table["Mērķis sasniegts"].dropna()) <= {"jā", "nē", "–"}
    assert pd.api.types.is_numeric_dtype(table[next(c for c in table.columns if "MAPE" in c)])

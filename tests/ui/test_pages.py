"""AppTest of the scenario builder, the planning-region roll-up and the calibration view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import vl_convert as vlc
from streamlit.testing.v1 import AppTest

from ikm_sim.errors import IkmSimError
from ikm_sim.limits import MAX_SCENARIO_BYTES
from ikm_sim.scenario import Scenario
from ikm_sim.ui import state
from ikm_sim.ui.calibration_report import ENV_DIR
from tests.ui.fakes import make_result, use_runner
from tests.ui.test_app import APP, MUNICIPALITY_PAGE, needs_runner

BUILDER_PAGE = "ikm_sim/ui/pages/builder.py"
CALIBRATION_PAGE = "ikm_sim/ui/pages/calibration.py"


class ScenarioRunner:
    """A fake ikm_sim.run that records the scenarios it was given and can fail."""

    def __init__(self) -> None:
        self.scenarios: list[Any] = []
        self.error: str | None = None

    def __call__(self, scenario: Any = None, data: Any = None, progress: Any = None) -> Any:
        self.scenarios.append(scenario)
        if self.error:
            raise IkmSimError(self.error)
        seed = 2 if isinstance(scenario, Scenario) and scenario.name.endswith("_custom") else 1
        return make_result(seed)


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScenarioRunner]:
    runner = ScenarioRunner()
    state.clear_caches()
    use_runner(monkeypatch, runner)
    yield runner
    state.clear_caches()


def _open(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _run_button(at: AppTest) -> Any:
    return next(b for b in at.button if b.key == "builder_run")


# --- scenario builder ------------------------------------------------------------------------


def test_builder_widgets_and_fake_run(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    assert at.title[0].value == "Scenāriju veidotājs"
    assert at.selectbox(key="builder_base").value == "baseline"
    assert at.select_slider(key="bld_lesson_share").value == pytest.approx(0.65)
    # Bounds from the lever registry, written with a decimal comma.
    assert at.select_slider(key="bld_retirement_age").options[-1] == "75,00"
    assert any("Aprēķināt" in i.value for i in at.info)
    at.select_slider(key="bld_lesson_share").set_value(0.6)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    edited = fake_run.scenarios[-1]
    assert isinstance(edited, Scenario)
    assert edited.levers.lesson_share.model_dump() == {"steps": {2026: 0.6}}
    assert len(at.get("vega_lite_chart")) == 2
    assert any("Mācību stundu daļa" in c.value for c in at.caption)
    assert at.metric[0].label == "Iztrūkums, likmes"
    assert at.dataframe  # the difference table


def test_builder_in_english_keeps_lever_values(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    at.select_slider(key="bld_retention").set_value(0.25)
    _run_button(at).click().run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Scenario builder"
    assert at.select_slider(key="bld_retention").value == pytest.approx(0.25)
    assert at.metric[0].label == "Gap, FTE"
    assert any("Early-career retention" in c.value for c in at.caption)


def test_builder_starts_from_a_shipped_scenario(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    at.selectbox(key="builder_base").set_value("later_retirement").run()
    assert not at.exception
    assert at.select_slider(key="bld_retirement_age").value == 67.0
    assert at.number_input(key="bld_retirement_age_year").value == 2033


def test_builder_failed_run_keeps_previous_result(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    at.select_slider(key="bld_retention").set_value(0.2)
    _run_button(at).click().run()
    assert len(at.get("vega_lite_chart")) == 2
    fake_run.error = "the model broke"
    at.select_slider(key="bld_retention").set_value(0.3)
    _run_button(at).click().run()
    assert not at.exception
    assert any("the model broke" in e.value for e in at.error)
    assert len(at.get("vega_lite_chart")) == 2  # the previous result is still shown


def test_builder_bad_upload_shows_file_and_line(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    bad = b"name: broken\ntitle_lv: a\ntitle_en: b\nlevers:\n  lesson_share: 3\n"
    at.file_uploader(key="builder_upload").set_value(("broken.yaml", bad, "application/x-yaml"))
    at.run()
    assert not at.exception
    messages = " ".join(e.value for e in at.error)
    assert "broken.yaml:5: levers.lesson_share" in messages
    assert "0.3 to 1" in messages
    assert at.selectbox(key="builder_base").value == "baseline"


def test_builder_upload_becomes_the_base(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    good = (
        b"name: mine\ntitle_lv: Mans\ntitle_en: Mine\nextends: pay_growth\n"
        b"levers:\n  retention: 0.4\n"
    )
    at.file_uploader(key="builder_upload").set_value(("mine.yaml", good, "application/x-yaml"))
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="builder_base").value == "__upload__"
    assert at.select_slider(key="bld_retention").value == pytest.approx(0.4)
    assert at.select_slider(key="bld_pay_growth").value > 2.0  # inherited from pay_growth


def test_builder_rejects_oversized_upload(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    big = b"# " + b"x" * MAX_SCENARIO_BYTES + b"\nname: big\n"
    at.file_uploader(key="builder_upload").set_value(("big.yaml", big, "application/x-yaml"))
    at.run()
    # the check's details in the interface language: Latvian, then English
    limit = f"{MAX_SCENARIO_BYTES // 1024} kB"
    assert any(f"ne vairāk kā {limit}" in e.value for e in at.error), [e.value for e in at.error]
    assert not any("at most" in e.value for e in at.error)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert any(f"at most {limit}" in e.value for e in at.error)


@needs_runner
@pytest.mark.timeout(300)
def test_builder_real_run_differs_from_base() -> None:
    state.clear_caches()
    at = _open(BUILDER_PAGE)
    at.select_slider(key="bld_lesson_share").set_value(0.6)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    gap = at.metric[0]
    assert gap.label == "Iztrūkums, likmes"
    assert gap.delta not in ("0", "+0", "-0")  # a smaller lesson share needs more teachers
    assert not gap.delta.startswith("-")
    table = at.dataframe[0].value
    assert (table.iloc[:, -2] != "0").any()
    # the what-if's money beside its comparison (#19): more teachers needed cost more
    extra = next(m for m in at.metric if m.label.startswith("Papildu publiskās izmaksas"))
    assert extra.value not in ("0", "0,0") and not extra.value.startswith(("-", "−"))


# --- planning-region roll-up -----------------------------------------------------------------


def test_planning_region_rollup(fake_run: ScenarioRunner) -> None:
    at = _open(MUNICIPALITY_PAGE)
    muni_metrics = [m.value for m in at.metric]
    at.segmented_control(key="muni_level").set_value("region").run()
    assert not at.exception, at.exception
    select = at.selectbox(key="planning_region__lv")
    assert "Latgale" in select.options
    select.set_value("Latgale").run()
    assert not at.exception, at.exception
    assert any("Latgales plānošanas reģions" in c.value for c in at.caption)
    assert [m.value for m in at.metric] != muni_metrics
    comparison = at.dataframe[-1].value
    assert list(comparison.columns) == ["Rādītājs", "Šeit", "Latvijā", "Starpība, p.p."]
    assert "Vakances, % no pieprasījuma" in list(comparison["Rādītājs"])
    assert len(at.get("vega_lite_chart")) == 3


# --- calibration view ------------------------------------------------------------------------


def test_calibration_view_without_report(
    fake_run: ScenarioRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    at = _open(CALIBRATION_PAGE)
    assert at.title[0].value == "Kalibrēšana un ticamība"
    assert any("nav kalibrēts" in i.value for i in at.info)
    assert not at.dataframe


def _write_report(root: Path) -> None:
    report = root / "report"
    (report / "charts").mkdir(parents=True)
    (root / "calibrated.yaml").write_text(
        "parameters:\n  leave_25_29: 0.08\n  returner_rate: 0.1\n"
    )
    pd.DataFrame(
        {
            "name": ["leave_25_29", "returner_rate"],
            "unit": ["1/year", "1/year"],
            "prior": [0.07, 0.05],
            "estimate": [0.08, 0.2],
            "se": [0.01, 0.0],
            "ci_low": [0.06, 0.2],
            "ci_high": [0.1, 0.2],
            "lower": [0.0, 0.0],
            "upper": [0.3, 0.2],
            "at_bound": [False, True],
        }
    ).to_csv(report / "estimates.csv", index=False)
    pd.DataFrame(
        {"quantity": ["pupils_total"], "mape_pct": [1.23], "bias_pct": [-0.5], "um": [0.1]}
    ).to_csv(report / "fit.csv", index=False)
    pd.DataFrame(
        {"origin": [2018], "series": ["pupils"], "unit": ["%"], "lead_1": [0.5], "lead_3": [1.5]}
    ).to_csv(report / "backtest.csv", index=False)
    pd.DataFrame(
        {
            "series": ["pupils 1-12", "pupils 1-12"],
            "unit": ["%", "%"],
            "lead": [1, 5],
            "n": [3, 2],
            "mape": [0.8, 3.1],
            "target": [1.0, 2.5],
            "nces": [None, None],
            "meets_target": [True, False],
        }
    ).to_csv(report / "backtest_by_lead.csv", index=False)
    (root / "forecast").mkdir()
    pd.DataFrame(
        {
            "series": ["pupils_1_12"],
            "lead": [1],
            "n": [1],
            "mape_pct": [0.69],
            "bias_pct": [0.69],
            "origins": ["2023-2023"],
        }
    ).to_csv(root / "forecast" / "errors_by_lead.csv", index=False)
    spec = {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}}
    (report / "charts" / "pupils_total.png").write_bytes(vlc.vegalite_to_png(spec))
    (report / "charts" / "pupils_total.svg").write_text(vlc.vegalite_to_svg(spec))
    (report / "report.md").write_text("# Calibration report\n\n## Warnings\n\n- none\n")


def test_calibration_view_with_report(
    fake_run: ScenarioRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _write_report(tmp_path)
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    at = _open(CALIBRATION_PAGE)
    assert not at.exception, at.exception
    assert not any("nav kalibrēts" in i.value for i in at.info)
    assert len(at.dataframe) == 5  # fit, backtest by lead, by origin, forecast errors, params
    params = at.dataframe[4].value
    assert "Novērtējums" in params.columns
    assert params["95 % intervāls"].iloc[0] == "[0,0600; 0,1000]"
    assert any("returner_rate" in w.value and "robežas" in w.value for w in at.warning)
    assert len(at.get("image")) == 1
    by_lead = at.dataframe[1].value
    assert list(by_lead["Mērķis sasniegts"]) == ["jā", "nē"]
    assert list(by_lead["MAPE"]) == ["0,80", "3,10"]
    backtest = at.dataframe[2].value
    assert "+1 g." in backtest.columns and backtest["+1 g."].iloc[0] == "+0,5"
    errors = at.dataframe[3].value
    assert errors["Sākuma gadi"].iloc[0] == "2023-2023"

"""The Streamlit app, run headless with AppTest (no browser).

Most tests inject a fake runner (`tests.ui.fakes.use_runner`) that returns small contract
tables, so the pages are tested without the model. The tests marked `needs_runner` run the
real model and are skipped only while `ikm_sim.run` does not exist yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ikm_sim.errors import IkmSimError
from ikm_sim.indicators.near_term import near_term_years
from ikm_sim.ui import state
from tests.ui.fakes import REGIONS, YEARS, make_result, use_runner

APP = str(Path(__file__).resolve().parents[2] / "app.py")
MUNICIPALITY_PAGE = "ikm_sim/ui/pages/municipality.py"
DATA_PAGE = "ikm_sim/ui/pages/data.py"
OVERVIEW_PAGE = "ikm_sim/ui/pages/overview.py"

needs_runner = pytest.mark.skipif(
    state.model_runner() is None, reason="ikm_sim.run (the model runner) does not exist yet"
)


class Runner:
    """A stand-in for ikm_sim.run that can be told to fail."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: str | None = None

    def __call__(self, scenario: Any = None, data: Any = None, progress: Any = None) -> Any:
        self.calls += 1
        if progress is not None:
            progress(0.5, "half way")
        if self.error:
            raise IkmSimError(self.error)
        return make_result()


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[Runner]:
    runner = Runner()
    state.clear_caches()
    use_runner(monkeypatch, runner)
    yield runner
    state.clear_caches()


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.subheader]
    parts += [e.value for e in at.caption] + [e.value for e in at.markdown]
    return "\n".join(str(p) for p in parts)


def test_overview_renders_in_latvian(fake_run: Runner) -> None:
    at = _app()
    assert at.title[0].value == "Valsts kopskats"
    assert "sintezēta" in at.warning[0].value
    labels = [m.label for m in at.metric]
    assert "Pieprasījums, likmes" in labels and "Pedagogi vecumā 60+" in labels
    values = [m.value for m in at.metric]
    assert any("\u00a0" in v for v in values), values  # Latvian thousands separator
    assert "%" in values[-1] and "," in values[-1]
    assert fake_run.calls == 1
    # balance, history beside the forecast, age, new teachers, heat map, subjects by gap
    assert len(at.get("vega_lite_chart")) == 6
    # PNG, SVG, PDF and the table's XLSX, Excel CSV and tidy CSV under each chart.
    assert len(at.get("download_button")) == 36


def test_language_switch_changes_headings(fake_run: Runner) -> None:
    at = _app()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "National overview"
    assert "Demand, FTE" in [m.label for m in at.metric]
    at.sidebar.radio(key="lang").set_value("lv").run()
    assert at.title[0].value == "Valsts kopskats"


def test_overview_year_and_colour_controls(fake_run: Runner) -> None:
    at = _app()
    at.select_slider(key="overview_year").set_value(2040).run()
    assert not at.exception
    assert "2040./2041." in at.select_slider(key="overview_year").format_func(2040)


def test_municipality_view_and_select(fake_run: Runner) -> None:
    at = _app()
    at.switch_page(MUNICIPALITY_PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Pašvaldības skats"
    select = at.selectbox(key="municipality__lv")
    first_values = [m.value for m in at.metric]
    select.set_value(REGIONS[0]).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="municipality__lv").value == REGIONS[0]
    assert [m.value for m in at.metric] != first_values
    # the next five years, the vacancies table and the comparison with Latvia
    assert len(at.dataframe) == 3
    near = at.dataframe[0].value
    assert list(near.columns) == [f"{y}./{y + 1}." for y in near_term_years(YEARS)]
    assert near.index[-1] == "Kopā"
    # the total is added before rounding, and the note says it may differ from the rows' sum
    assert any("saskaitīta pirms noapaļošanas" in c.value for c in at.caption)
    table = at.dataframe[1].value
    assert table.columns[0] == "2023./2024."
    assert len(at.get("vega_lite_chart")) == 3
    # the choice survives a language switch; the widget is redrawn with English labels
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Municipality view"
    assert at.selectbox(key="municipality__en").value == REGIONS[0]


def test_data_view_renders(fake_run: Runner) -> None:
    at = _app()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Dati un to izcelsme"
    assert "publicēti" in _texts(at)


def test_failed_run_shows_error_and_no_results(fake_run: Runner) -> None:
    fake_run.error = "scenārijā nezināms parametrs 'foo'"
    at = _app()
    assert not at.exception
    assert any("nezināms parametrs" in e.value for e in at.error)
    assert not at.metric


def test_failed_run_keeps_previous_results(fake_run: Runner) -> None:
    at = _app()
    assert at.metric
    fake_run.error = "model broke"
    state.clear_caches()
    at.run()
    assert not at.exception
    assert any("model broke" in e.value for e in at.error)
    assert at.metric  # previous results still shown
    assert any("iepriekšējā" in i.value for i in at.info)


@needs_runner
def test_real_runner_all_views() -> None:
    state.clear_caches()
    at = _app()
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Valsts kopskats"
    # the five forecast cards, then the cost of that year: wage bill, grant, top-up
    assert len(at.metric) == 5 + 3
    assert [m.label for m in at.metric][5:] == [
        "Algu fonds, milj. EUR",
        "Valsts mērķdotācija, milj. EUR",
        "Pašvaldību piemaksa, milj. EUR",
    ]
    baseline = [m.value for m in at.metric]
    scenarios = at.sidebar.selectbox(key="scenario_file__lv")
    assert scenarios.value == "baseline"
    other = next(p.stem for p in state.scenario_files() if p.stem != "baseline")
    scenarios.set_value(other).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [m.value for m in at.metric] != baseline
    # a what-if: its extra cost, EUR per FTE closed and the shortage closed against the baseline
    assert [m.label for m in at.metric][8:] == [
        "Papildu izmaksas pret bāzi, milj. EUR",
        "EUR par slēgto likmi, kopā līdz šim gadam",
        "Slēgtais iztrūkums pret bāzi, likmes",
    ]
    at.switch_page(MUNICIPALITY_PAGE).run()
    assert not at.exception and not at.error
    options = at.selectbox(key="municipality__lv").options
    assert len(options) > 1
    at.selectbox(key="municipality__lv").set_value(at.selectbox(key="municipality__lv").options[1])
    at.run()
    assert not at.exception and not at.error
    chosen = at.selectbox(key="municipality__lv").value
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.selectbox(key="municipality__en").value == chosen  # kept across the switch
    at.switch_page(DATA_PAGE).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Data and provenance"


def test_data_page_offers_every_table_for_a_report(fake_run: Runner) -> None:
    at = _app()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception, at.exception
    labels = [getattr(b, "label", "") for b in at.get("download_button")]
    # The provenance chart's table, the results, the same for publication, teachers by age
    # group and pupils: each as Excel, as the Latvian-Excel CSV and as the tidy CSV.
    for label in ("Dati (Excel)", "CSV (Excel, “;”)", "Dati (CSV)"):
        assert labels.count(label) == 5, (label, labels)
    counts = at.dataframe[0].value.to_numpy().ravel()
    assert any("\u00a0" in str(v) for v in counts)  # "28 315", not "28315"

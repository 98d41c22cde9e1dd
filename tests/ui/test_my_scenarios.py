"""AppTest of the session's own scenarios: in the sidebar, on every page, never shared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ikm_sim.scenario import Scenario
from ikm_sim.ui import state
from ikm_sim.ui.scenarios import OWN_PREFIX
from ikm_sim.ui.url_state import SCENARIO_KEY
from tests.ui.fakes import REGIONS, make_result, use_runner
from tests.ui.test_app import APP, MUNICIPALITY_PAGE
from tests.ui.test_pages import BUILDER_PAGE

OVERVIEW_PAGE = "ikm_sim/ui/pages/overview.py"
SENSITIVITY_PAGE = "ikm_sim/ui/pages/sensitivity.py"
UNCERTAINTY_PAGE = "ikm_sim/ui/pages/uncertainty.py"
MINE = (
    "name: mine\ntitle_lv: Mans plāns\ntitle_en: My plan\nextends: pay_growth\n"
    "levers:\n  retention: 0.4\n"
).encode()


class NamedRunner:
    """A fake ikm_sim.run whose numbers depend on the scenario's name (mine differs)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, scenario: Any = None, data: Any = None, progress: Any = None) -> Any:
        name = scenario.name if isinstance(scenario, Scenario) else "baseline"
        self.names.append(name)
        return make_result(3 if name == "mine" else 1)


@pytest.fixture
def named_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[NamedRunner]:
    runner = NamedRunner()
    state.clear_caches()
    use_runner(monkeypatch, runner)
    yield runner
    state.clear_caches()


def _uploaded() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(BUILDER_PAGE).run()
    at.file_uploader(key="builder_upload").set_value(("mine.yaml", MINE, "application/x-yaml"))
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def _sidebar(at: AppTest, lang: str = "lv") -> Any:
    return at.sidebar.selectbox(key=f"{SCENARIO_KEY}__{lang}")


def test_an_upload_joins_the_sidebar_choice_and_every_page(named_run: NamedRunner) -> None:
    at = _uploaded()
    own = f"{OWN_PREFIX}mine"
    assert "Mans: Mans plāns" in _sidebar(at).options
    assert any("sānjoslā" in c.value for c in at.caption)
    show = next(b for b in at.button if b.key == "builder_upload_everywhere")
    show.click().run()
    assert not at.exception, at.exception
    assert _sidebar(at).value == own
    at.switch_page(OVERVIEW_PAGE).run()
    assert not at.exception, at.exception
    specs = [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")
    ]
    assert specs and all("Mans: Mans plāns" in spec for spec in specs)
    assert named_run.names[-1] == "mine"
    overview = [m.value for m in at.metric]
    for page in (MUNICIPALITY_PAGE, UNCERTAINTY_PAGE, SENSITIVITY_PAGE):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert _sidebar(at).value == own
    # back to the baseline: other numbers
    _sidebar(at).set_value("baseline").run()
    at.switch_page(OVERVIEW_PAGE).run()
    assert [m.value for m in at.metric] != overview
    # English: the own scenario is labelled in English
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "Mine: My plan" in _sidebar(at, "en").options


def test_own_scenarios_are_not_shared_between_sessions(named_run: NamedRunner) -> None:
    _uploaded()
    other = AppTest.from_file(APP, default_timeout=120)
    other.run()
    assert not other.exception, other.exception
    assert not any(o.startswith("Mans") for o in _sidebar(other).options)
    assert len(_sidebar(other).options) == len(state.scenario_files())


def test_municipality_compares_any_two_scenarios(named_run: NamedRunner) -> None:
    at = _uploaded()
    next(b for b in at.button if b.key == "builder_upload_everywhere").click().run()
    at.switch_page(MUNICIPALITY_PAGE).run()
    at.selectbox(key="municipality__lv").set_value(REGIONS[1]).run()
    charts = len(at.get("vega_lite_chart"))
    tables = len(at.dataframe)
    compare = at.selectbox(key="muni_compare__lv")
    assert compare.value == ""
    assert "Bāzes scenārijs (pašreizējā politika)" in compare.options
    compare.set_value("baseline").run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == charts + 1
    assert len(at.dataframe) == tables + 1
    diff = at.dataframe[-1].value
    assert list(diff.columns) == [
        "Vakances A, likmes",
        "Vakances B, likmes",
        "Vakanču izmaiņa, likmes",
        "Iztrūkuma izmaiņa, likmes",
    ]
    assert (diff.iloc[:, 2] != "0,0").any()  # mine and the baseline differ
    assert any("A: Bāzes scenārijs" in c.value for c in at.caption)


def test_an_uploaded_file_is_parsed_never_executed(named_run: NamedRunner, tmp_path: Any) -> None:
    marker = tmp_path / "ran"
    evil = (
        f"name: evil\ntitle_lv: a\ntitle_en: b\nlevers: !!python/object/apply:os.system "
        f"['touch {marker}']\n"
    ).encode()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(BUILDER_PAGE).run()
    at.file_uploader(key="builder_upload").set_value(("evil.yaml", evil, "application/x-yaml"))
    at.run()
    assert not at.exception, at.exception
    assert at.error
    assert not marker.exists()
    assert not any(o.startswith("Mans") for o in _sidebar(at).options)

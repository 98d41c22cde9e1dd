"""The view kept in the URL: query parameters set language, scenario, municipality and year."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.indicators.near_term import near_term_start
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui import state
from ikm_sim.ui.cost_cards import YEAR_WIDGET_KEY
from ikm_sim.ui.url_state import LANG_KEY, MUNICIPALITY_KEY, SCENARIO_KEY, YEAR_KEY, url_choices
from tests.ui.fakes import REGIONS, make_result, use_runner

APP = str(Path(__file__).resolve().parents[2] / "app.py")
MUNICIPALITY_PAGE = "ikm_sim/ui/pages/municipality.py"
SENSITIVITY_PAGE = "ikm_sim/ui/pages/sensitivity.py"

#: The cards' default school year: today's (`near_term_start`).
START = near_term_start(range(BASE_YEAR, FINAL_YEAR + 1))


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    state.clear_caches()
    use_runner(monkeypatch, lambda scenario=None, data=None, progress=None: make_result())
    yield
    state.clear_caches()


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    at.switch_page(MUNICIPALITY_PAGE).run()
    assert not at.exception, at.exception
    return at


def _url(at: AppTest) -> dict[str, str]:
    """The app's query parameters after its run (one value each)."""
    return {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}


def test_url_choices_keep_only_valid_values() -> None:
    scenarios, munis = ["baseline", "low_births"], ["LV0001000"]
    good = {"lang": "en", "scenario": "low_births", "municipality": "LV0001000", "year": "2030"}
    assert url_choices(good, scenarios, munis) == {
        LANG_KEY: "en",
        SCENARIO_KEY: "low_births",
        MUNICIPALITY_KEY: "LV0001000",
        YEAR_KEY: 2030,
    }
    bad = {"lang": "de", "scenario": "../x", "municipality": "LV9", "year": "2099"}
    assert url_choices(bad, scenarios, munis) == {}
    assert url_choices({"year": "20x0"}, scenarios, munis) == {}
    assert url_choices({}, scenarios, munis) == {}


def test_query_params_set_the_view(fake_run: None) -> None:
    params = {"lang": "en", "scenario": "low_births", "municipality": REGIONS[2], "year": "2030"}
    at = _open(params)
    assert at.title[0].value == "Municipality view"
    assert at.sidebar.radio(key="lang").value == "en"
    assert at.sidebar.selectbox(key=f"{SCENARIO_KEY}__en").value == "low_births"
    assert at.selectbox(key=f"{MUNICIPALITY_KEY}__en").value == REGIONS[2]
    assert at.select_slider(key=YEAR_WIDGET_KEY).value == 2030
    # The view is written back: the address bar shows what is on screen.
    assert {k: v for k, v in _url(at).items() if k != "chart_year"} == params


def test_choices_are_written_to_the_url(fake_run: None) -> None:
    at = _open({})
    assert at.title[0].value == "Pašvaldības skats"
    at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").set_value(REGIONS[3]).run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert _url(at)["municipality"] == REGIONS[3]
    assert _url(at)["lang"] == "en"
    assert _url(at)["scenario"] == "baseline"


def test_bad_query_params_fall_back_to_defaults(fake_run: None) -> None:
    at = _open({"lang": "xx", "scenario": "nope", "municipality": "LV9999999", "year": "1900"})
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Pašvaldības skats"
    assert at.sidebar.radio(key="lang").value == "lv"
    assert at.sidebar.selectbox(key=f"{SCENARIO_KEY}__lv").value == "baseline"
    assert at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").value != "LV9999999"
    # the default school year of the cards: today's (or the first forecast year, if later)
    assert at.select_slider(key=YEAR_WIDGET_KEY).value == START
    assert _url(at)["lang"] == "lv"
    assert _url(at)["scenario"] == "baseline"


def test_municipality_carries_to_the_sensitivity_page(fake_run: None) -> None:
    at = _open({})
    at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").set_value(REGIONS[4]).run()
    at.switch_page(SENSITIVITY_PAGE).run()
    assert not at.exception, at.exception
    assert at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").value == REGIONS[4]
    assert _url(at)["municipality"] == REGIONS[4]


def test_cards_year_outlives_a_page_without_it(fake_run: None) -> None:
    # The builder does not draw the cards' year; coming back, the year is still the chosen one.
    at = _open({})
    at.select_slider(key=YEAR_WIDGET_KEY).set_value(2030).run()
    at.switch_page("ikm_sim/ui/pages/builder.py").run()
    assert not at.exception, at.exception
    assert _url(at)["year"] == "2030"
    at.switch_page(MUNICIPALITY_PAGE).run()
    assert at.select_slider(key=YEAR_WIDGET_KEY).value == 2030
    at.switch_page("ikm_sim/ui/pages/overview.py").run()
    assert at.select_slider(key=YEAR_WIDGET_KEY).value == 2030


def test_municipality_carries_to_the_uncertainty_page(
    fake_run: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ikm_sim.uncertainty
    from ikm_sim.ui.pages import uncertainty
    from tests.ui.test_uncertainty_page import UNCERTAINTY_PAGE, _fake_ensemble

    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _fake_ensemble)
    uncertainty._ensemble_cached.clear()
    try:
        at = _open({})
        at.selectbox(key=f"{MUNICIPALITY_KEY}__lv").set_value(REGIONS[3]).run()
        at.switch_page(UNCERTAINTY_PAGE).run()
        next(b for b in at.button if b.key == uncertainty.RUN_KEY).click().run()
        assert not at.exception, at.exception
        assert at.selectbox(key=f"{uncertainty.MUNI_KEY}__lv").value == REGIONS[3]
        assert _url(at)["municipality"] == REGIONS[3]
    finally:
        uncertainty._ensemble_cached.clear()


def test_an_ensemble_tag_is_taken_only_when_well_formed() -> None:
    from ikm_sim.ui.ensembles import ENSEMBLE_KEY, ensemble_tag

    good = ensemble_tag("baseline:abc", 1000, 42)
    assert url_choices({"ensemble": good}, [], []) == {ENSEMBLE_KEY: good}
    for bad in ("1000-42", "999-42-" + good[-8:], "1000-x-" + good[-8:], good + "0", "../.."):
        assert url_choices({"ensemble": bad}, [], []) == {}, bad


def test_a_merged_municipality_is_found_under_its_new_one(fake_run: None) -> None:
    from ikm_sim.ui.pages.municipality import _with_merged

    label = _with_merged("LV0038000", {"LV0038000": "Madonas novads"}, "lv")
    assert label == "Madonas novads (kopš 2025. gada arī Varakļānu novads)"
    assert _with_merged("LV0001000", {"LV0001000": "Rīga"}, "lv") == "Rīga"


def test_the_overview_charts_year_is_in_the_url_and_outlives_a_page_switch(fake_run: None) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["chart_year"] = "2040"
    at.run()
    assert not at.exception, at.exception
    assert at.select_slider(key="overview_year").value == 2040
    at.select_slider(key="overview_year").set_value(2035).run()
    assert _url(at)["chart_year"] == "2035"
    at.switch_page(MUNICIPALITY_PAGE).run()
    at.switch_page("ikm_sim/ui/pages/overview.py").run()
    assert at.select_slider(key="overview_year").value == 2035

"""AppTest of the builder's planner levers (#18): STEM study places, class size, from/until."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ikm_sim.scenario import Scenario
from ikm_sim.ui import state
from tests.ui.fakes import use_runner
from tests.ui.test_pages import BUILDER_PAGE, ScenarioRunner, _open, _run_button


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScenarioRunner]:
    runner = ScenarioRunner()
    state.clear_caches()
    use_runner(monkeypatch, runner)
    yield runner
    state.clear_caches()


def test_stem_places_and_class_size_under_their_names(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    labels = [s.label for s in at.select_slider]
    assert "Studiju vietas: STEM, attiecība" in labels
    assert "Studiju vietas: valodas, attiecība" in labels
    assert "Klases lielums, attiecība" in labels
    at.select_slider(key="bld_places_stem").set_value(1.5)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    edited = fake_run.scenarios[-1]
    assert isinstance(edited, Scenario)
    places = edited.levers.setting("training_places")
    assert {code: p.steps for code, p in places.subjects.items()} == {
        code: {2026: 1.5} for code in ("MAT", "PHY", "CHE", "BIO", "CS")
    }
    assert places.national is None


def test_pay_from_after_until_is_refused_in_latvian_and_english(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    at.number_input(key="bld_pay_start").set_value(2035)
    at.number_input(key="bld_pay_end").set_value(2030)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Algas reālais pieaugums: gads “no” (2035) nav pirms gada “līdz” (2030)" in errors
    # the edited scenario was not run (the app's pages may have run the baseline)
    assert not [s for s in fake_run.scenarios if getattr(s, "name", "").endswith("_custom")]
    assert not at.get("vega_lite_chart")
    at.sidebar.radio(key="lang").set_value("en").run()
    errors = " ".join(e.value for e in at.error)
    assert "Real pay growth: the “from” year (2035) is not before the “until” year (2030)" in errors


def test_extra_study_places_by_subject_group(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    labels = [s.label for s in at.select_slider]
    assert "Papildu studiju vietas: STEM, personas gadā" in labels
    assert "Papildu studiju vietas: valodas, personas gadā" in labels
    assert "Papildu studiju vietas: citi priekšmeti, personas gadā" in labels
    at.select_slider(key="bld_extra_places_stem").set_value(40.0)
    at.number_input(key="bld_extra_places_stem_year").set_value(2027)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    edited = fake_run.scenarios[-1]
    assert isinstance(edited, Scenario)
    extra = edited.levers.setting("additional_training_places")
    assert {code: p.steps for code, p in extra.subjects.items()} == {
        code: {2027: 40.0} for code in ("MAT", "PHY", "CHE", "BIO", "CS")
    }
    assert extra.national is None
    assert edited.levers.setting("training_places") is None  # the places index untouched
    # named as the slider that was moved (the "STEM" group), not as its lever's other controls
    assert edited.description_lv.endswith("Mainītās sviras: Papildu studiju vietas: STEM.")
    assert edited.description_en.endswith("Levers changed: Extra study places: STEM.")
    shown = " ".join(c.value for c in at.caption)
    assert "Mainītās sviras: Papildu studiju vietas: STEM" in shown


def test_extra_place_groups_start_at_the_base_and_keep_unmoved_subjects() -> None:
    from ikm_sim.scenario import load_scenario
    from ikm_sim.ui import builder

    base = load_scenario("stem_training_places")
    initial = builder.initial_values(base)
    assert (initial["extra_places_stem"], initial["extra_places_stem_year"]) == (60.0, 2026)
    assert initial["additional_training_places"] == initial["extra_places_languages"] == 0.0
    assert builder.lever_changes(base, initial, initial) == {}
    values = {**initial, "extra_places_languages": 20.0}
    extra = builder.lever_changes(base, values, initial)["additional_training_places"]
    assert extra["subjects"]["PHY"] == {"steps": {2026: 40.0}}  # the base's own path
    assert extra["subjects"]["LAT"] == {"steps": {2026: 20.0}}
    assert "national" not in extra


def test_programma_skola_is_an_on_off_toggle(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    assert "Modelis “Programma skolā” (1 = ieslēgts), 0 = izslēgts, 1 = ieslēgts" not in [
        s.label for s in at.select_slider
    ]
    toggle = at.toggle(key="bld_programma_skola__on")
    assert toggle.label == "Finansēšanas modelis “Programma skolā”"
    assert toggle.value is False
    toggle.set_value(True)
    at.number_input(key="bld_programma_skola_year").set_value(2027)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    edited = fake_run.scenarios[-1]
    assert isinstance(edited, Scenario)
    assert edited.levers.setting("programma_skola").steps == {2027: 1.0}
    # the toggle keeps its state through a language switch and the number follows it
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.toggle(key="bld_programma_skola__on").value is True
    assert at.toggle(key="bld_programma_skola__on").label == "The “Programme at school” grant model"


def test_a_typed_name_is_the_what_ifs_title(fake_run: ScenarioRunner) -> None:
    at = _open(BUILDER_PAGE)
    at.select_slider(key="bld_places_stem").set_value(1.5)
    at.text_input(key="builder_name").set_value("Noturēšana Kuldīgā")
    _run_button(at).click().run()
    assert not at.exception, at.exception
    edited = fake_run.scenarios[-1]
    assert isinstance(edited, Scenario)
    assert edited.name == "noturesana_kuldiga"
    assert edited.title_lv == edited.title_en == "Noturēšana Kuldīgā"
    # the default name keeps the base's title, marked as edited
    at.text_input(key="builder_name").set_value("baseline_custom")
    at.select_slider(key="bld_places_stem").set_value(1.4)
    _run_button(at).click().run()
    edited = fake_run.scenarios[-1]
    assert isinstance(edited, Scenario)
    assert edited.title_lv.endswith(", mainīts")


def test_the_result_cards_are_of_the_planning_year_and_follow_a_choice(
    fake_run: ScenarioRunner,
) -> None:
    from ikm_sim.settings import PLANNING_YEAR

    at = _open(BUILDER_PAGE)
    at.select_slider(key="bld_places_stem").set_value(1.5)
    _run_button(at).click().run()
    assert not at.exception, at.exception
    assert at.select_slider(key="builder_result_year").value == PLANNING_YEAR  # not 2050/51
    assert any(f"{PLANNING_YEAR}./{PLANNING_YEAR + 1}." in c.value for c in at.caption)
    at.select_slider(key="builder_result_year").set_value(2040).run()
    assert any("2040./2041." in c.value for c in at.caption)


def test_the_changed_levers_are_named_as_the_sliders_that_moved() -> None:
    """The pay path sets relative_pay and the STEM places training_places: the user moved
    "Algas reālais pieaugums" and "Studiju vietas: STEM", and reads those names back."""
    from ikm_sim.locale.i18n import t
    from ikm_sim.scenario import load_scenario
    from ikm_sim.ui import builder

    initial = builder.initial_values(load_scenario("baseline"))
    assert builder.moved_controls(initial, initial) == []
    values = {**initial, "pay_growth": 3.0, "places_stem": initial["places_stem"] + 0.2}
    moved = builder.moved_controls(values, initial)
    assert moved == ["places_stem", "pay_growth"]
    assert [t(f"lever_{m}", "lv") for m in moved] == [
        "Studiju vietas: STEM",
        "Algas reālais pieaugums",
    ]
    assert set(builder.lever_changes(load_scenario("baseline"), values, initial)) == {
        "training_places",
        "relative_pay",
    }

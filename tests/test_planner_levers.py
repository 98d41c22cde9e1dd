"""Levers as planners name them (#18): study places by subject group, class size, from/until."""

from __future__ import annotations

import pandas as pd
import pytest

from ikm_sim.errors import ScenarioError
from ikm_sim.locale.i18n import t
from ikm_sim.locale.i18n_own import check_message
from ikm_sim.paths import DATA_DIR
from ikm_sim.scenario import LEVERS, load_scenario, load_scenario_text
from ikm_sim.ui import builder

HEAD = "name: bad\ntitle_lv: Slikts\ntitle_en: Bad\n"
RAMP = HEAD + "levers:\n  retention:\n    ramp: {from: 2031, to: 2027, end: 0.2}\n"


def test_place_groups_are_subject_codes_of_the_data() -> None:
    codes = set(pd.read_csv(DATA_DIR / "subjects.csv")["code"])
    grouped = [c for group in builder.PLACE_GROUPS.values() for c in group]
    assert set(grouped) <= codes
    assert len(grouped) == len(set(grouped))  # no subject in two groups
    assert set(builder.PLACE_GROUPS["places_stem"]) == {"MAT", "PHY", "CHE", "BIO", "CS"}


def test_class_size_is_the_planners_name() -> None:
    assert t("lever_consolidation", "lv") == "Klases lielums"
    assert t("lever_consolidation", "en") == "Class size"
    assert LEVERS["consolidation"].description.startswith("class size")


def test_stem_group_sets_its_subjects_and_keeps_the_rest() -> None:
    base = load_scenario("baseline")
    initial = builder.initial_values(base)
    assert initial["places_stem"] == initial["training_places"] == 1.0
    values = {**initial, "places_stem": 1.5, "places_stem_year": 2027}
    changes = builder.lever_changes(base, values, initial)
    places = changes["training_places"]
    assert "national" not in places
    assert places["subjects"] == {
        code: {"steps": {2027: 1.5}} for code in builder.PLACE_GROUPS["places_stem"]
    }
    edited = builder.edited_scenario(base, changes, "stem_more")
    assert edited.levers.setting("training_places").subjects["CS"].steps == {2027: 1.5}
    reloaded = load_scenario_text(builder.scenario_yaml(edited, changes, "baseline", "x"), "x.yaml")
    assert reloaded.levers.setting("training_places").subjects["BIO"].steps == {2027: 1.5}


def test_group_controls_start_at_the_base_scenarios_subject_paths() -> None:
    base = load_scenario("stem_training_places")
    initial = builder.initial_values(base)
    assert (initial["places_stem"], initial["places_stem_year"]) == (2.0, 2026)
    assert initial["places_languages"] == initial["training_places"] == 1.0
    assert builder.lever_changes(base, initial, initial) == {}


def test_other_subjects_control_leaves_the_groups_as_they_were() -> None:
    base = load_scenario("stem_training_places")
    initial = builder.initial_values(base)
    values = {**initial, "training_places": 0.8}
    places = builder.lever_changes(base, values, initial)["training_places"]
    assert places["national"] == {"steps": {2026: 0.8}}
    assert places["subjects"]["PHY"] == {"steps": {2026: 2.0}}  # the base's own path
    assert places["subjects"]["BIO"] == 1.0  # pinned to today, not to the new 0.8
    assert places["subjects"]["LAT"] == 1.0


def test_yaml_ramp_from_after_until_is_refused_in_both_languages() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(RAMP, "s.yaml")
    message = str(info.value)
    assert "levers.retention" in message
    assert "lever retention: the ramp ends (2027) before or when it starts (2031)" in message
    latvian = check_message(message, "lv")
    assert "svira retention: gads “no” (2031) nav pirms gada “līdz” (2027)" in latvian
    assert "ramp ends" not in latvian


def test_builder_pay_from_after_until_is_refused() -> None:
    base = load_scenario("baseline")
    initial = builder.initial_values(base)
    values = {**initial, "pay_growth": 3.0, "pay_start": 2032, "pay_end": 2028}
    assert builder.year_order_problem(values) == ("pay_growth", 2032, 2028)
    assert builder.year_order_problem(initial) is None
    with pytest.raises(ScenarioError, match=r"relative_pay.*\(2032\).*\(2028\)"):
        builder.lever_changes(base, values, initial)
    text = t("builder_years_order", "lv", lever=t("lever_pay_growth", "lv"), start=2032, end=2028)
    assert text.startswith("Algas reālais pieaugums: gads “no” (2032) nav pirms gada “līdz” (2028)")

"""Scenario schema: time paths, overrides, extends, units, JSON Schema, and the lever inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ikm_sim.data.load import Dataset
from ikm_sim.inputs import PATH_YEARS, lever_inputs
from ikm_sim.inputs.resolve import YEARS, resolve_lever
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import (
    LEVERS,
    Codes,
    Scenario,
    load_scenario,
    scenario_json_schema,
)
from ikm_sim.scenario.document import SCHEMA_FILE

BASE = 2023


def scenario(levers: dict, codes: Codes | None = None) -> Scenario:
    return Scenario.model_validate(
        {"name": "t", "title_lv": "t", "title_en": "t", "levers": levers},
        context={"codes": codes},
    )


def values(levers: dict, name: str, default: float = 1.0, **dims: object) -> np.ndarray:
    setting = scenario(levers).levers.setting(name)
    return resolve_lever(setting, np.full(len(YEARS), default), BASE, **dims)  # type: ignore[arg-type]


def at(series: np.ndarray, year: int) -> float | np.ndarray:
    return series[year - 2000]


def test_every_lever_has_unit_bounds_default_and_a_model_variable() -> None:
    assert len(LEVERS) >= 14
    for spec in LEVERS.values():
        assert spec.unit and spec.default and spec.model_variable
        assert spec.lo < spec.hi


def test_constant_applies_after_the_base_year_only() -> None:
    v = values({"relative_pay": 1.2}, "relative_pay")
    assert at(v, 2023) == 1.0 and at(v, 2024) == 1.2 and at(v, 2100) == 1.2
    assert at(v, 2010) == 1.0


def test_table_interpolates_and_holds() -> None:
    v = values({"relative_pay": {2026: 1.1, 2030: 1.3}}, "relative_pay")
    assert at(v, 2025) == 1.0
    assert at(v, 2026) == pytest.approx(1.1)
    assert at(v, 2028) == pytest.approx(1.2)
    assert at(v, 2040) == pytest.approx(1.3)


def test_steps_hold_until_the_next_step() -> None:
    v = values({"pensioner_rule": {"steps": {2027: 2.0, 2030: 1.5}}}, "pensioner_rule")
    assert [at(v, y) for y in (2026, 2027, 2029, 2030, 2045)] == [1.0, 2.0, 2.0, 1.5, 1.5]


def test_ramp_starts_from_today_unless_start_is_given() -> None:
    v = values({"relative_pay": {"ramp": {"from": 2025, "to": 2031, "end": 1.3}}}, "relative_pay")
    assert at(v, 2025) == pytest.approx(1.0)
    assert at(v, 2028) == pytest.approx(1.15)
    assert at(v, 2031) == pytest.approx(1.3) and at(v, 2040) == pytest.approx(1.3)
    w = values(
        {"retirement_age": {"ramp": {"from": 2025, "to": 2033, "start": 65, "end": 67}}},
        "retirement_age",
        default=65.0,
    )
    assert at(w, 2029) == pytest.approx(66.0)


def test_values_with_units() -> None:
    s = scenario(
        {"lesson_share": "60 %", "likme_hours": "40 hours/week", "net_migration": "-0.5 %"}
    )
    assert s.levers.setting("lesson_share") == pytest.approx(0.6)
    assert s.levers.setting("likme_hours") == 40
    assert s.levers.setting("net_migration") == pytest.approx(-0.005)


def test_region_overrides_municipality_beats_planning_region_beats_national() -> None:
    codes = Codes(
        {"R1": "Rīga", "R2": "Rīga", "L1": "Latgale"}, ["MAT"], {"R1": "a", "R2": "b", "L1": "c"}
    )
    s = scenario(
        {
            "consolidation": {
                "national": 1.1,
                "planning_regions": {"Rīga": 1.2},
                "municipalities": {"R2": 1.3},
            }
        },
        codes,
    )
    v = resolve_lever(
        s.levers.setting("consolidation"),
        np.ones(len(YEARS)),
        BASE,
        regions=["R1", "R2", "L1"],
        region_of=codes.municipalities,
    )
    assert at(v, 2030).tolist() == [1.2, 1.3, 1.1]
    assert at(v, 2023).tolist() == [1.0, 1.0, 1.0]


def test_curriculum_by_subject_and_grade_band() -> None:
    s = scenario(
        {
            "curriculum": {
                "grade_bands": {"10-12": 0.9},
                "subjects": {"MAT": {"grade_bands": {"7-9": 1.2}}, "PHY": 1.5},
            }
        }
    )
    v = resolve_lever(
        s.levers.setting("curriculum"),
        np.ones(len(YEARS)),
        BASE,
        subjects=["MAT", "PHY", "ART"],
        grades=list(range(1, 13)),
    )
    y = at(v, 2030)
    assert y.shape == (3, 12)
    assert y[0, 6] == 1.2 and y[0, 0] == 1.0 and y[0, 11] == 0.9  # MAT: 7-9 raised, 10-12 band
    assert (y[1] == 1.5).all()  # a subject's own path beats the band
    assert y[2, 3] == 1.0 and y[2, 10] == 0.9


def test_extends_chain_merges_levers(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "name: a\ntitle_lv: a\ntitle_en: a\nlevers:\n  relative_pay: 1.1\n  retention: 0.2\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "name: b\ntitle_lv: b\ntitle_en: b\nextends: a\nlevers:\n  retention: 0.3\n",
        encoding="utf-8",
    )
    b = load_scenario(tmp_path / "b.yaml")
    assert b.levers.setting("relative_pay") == 1.1  # from a
    assert b.levers.setting("retention") == 0.3  # b's own
    assert b.levers.births_variant == "medium"  # from baseline, extended by a


def test_shipped_name_resolves() -> None:
    assert load_scenario("baseline").name == "baseline"
    assert load_scenario("combined_strategy").levers.setting("training_places") is not None


def test_json_schema_file_is_in_sync_with_the_code() -> None:
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == scenario_json_schema(), (
        "scenarios/scenario.schema.json is stale: run "
        "`python -c 'from ikm_sim.scenario import write_json_schema; write_json_schema()'`"
    )
    levers = on_disk["$defs"]["Levers"]["properties"]
    assert set(LEVERS) <= set(levers)
    assert levers["likme_hours"]["unit"] == "hours/week"


def test_lever_inputs_map_overrides_to_arrayed_lookups(mini_data: Dataset) -> None:
    region = str(mini_data.municipalities["atvk"].iloc[1])
    s = scenario(
        {
            "consolidation": {"municipalities": {region: {"steps": {2026: 1.5}}}},
            "training_places": {"subjects": {"PHY": 2.0}},
            "lesson_share": {"steps": {2026: 0.6}},
        },
        Codes.from_dataset(mini_data),
    )
    inputs = lever_inputs(mini_data, mini_data.subject_codes, BehaviouralParameters(), s)
    cons = inputs["Consolidation Factor"]
    assert len(cons) == len(PATH_YEARS)
    assert cons.loc[2030.0].sel(Region=region).item() == 1.5
    assert float(cons.loc[2030.0].sum()) == pytest.approx(1.5 + len(mini_data.regions) - 1)
    assert float(cons.loc[2023.0].sum()) == len(mini_data.regions)
    assert inputs["Training Places Index"].loc[2030.0].sel(Subject="PHY").item() == 2.0
    share = inputs["Lesson Share"]
    assert share.loc[2025.0] == pytest.approx(0.65) and share.loc[2026.0] == 0.6
    # a lever set nowhere is a plain float path
    assert isinstance(inputs["Net Migration Rate"].iloc[0], float)


def test_importing_ikm_sim_is_cheap() -> None:
    code = "import sys, ikm_sim; ikm_sim.load_scenario; print('pysd' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""Malformed scenarios give a clear one-screen error naming the file and line, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.errors import ScenarioError
from ikm_sim.scenario import load_scenario

HEAD = "name: bad\ntitle_lv: Slikts\ntitle_en: Bad\n"

#: kind -> (files {name: text}, the file validated, expected line, words the message must contain)
CASES: dict[str, tuple[dict[str, str], str, int | None, list[str]]] = {
    "bad_yaml": (
        {"s.yaml": HEAD + "levers:\n  relative_pay: 1.1: 2\n"},
        "s.yaml",
        5,
        ["not valid YAML", "mapping values are not allowed"],
    ),
    "unknown_lever": (
        {"s.yaml": HEAD + "levers:\n  relativ_pay: 1.1\n"},
        "s.yaml",
        5,
        ["unknown key 'relativ_pay'", "did you mean 'relative_pay'"],
    ),
    "unknown_top_level_key": (
        {"s.yaml": HEAD + "lever:\n  relative_pay: 1.1\n"},
        "s.yaml",
        4,
        ["unknown key 'lever'", "did you mean 'levers'"],
    ),
    "wrong_unit": (
        {"s.yaml": HEAD + "levers:\n  lesson_share: 60 hours\n"},
        "s.yaml",
        5,
        ["wrong unit 'hours'", "allowed units: share, %"],
    ),
    "wrong_type": (
        {"s.yaml": HEAD + "levers:\n  retention: [0.1, 0.2]\n"},
        "s.yaml",
        5,
        ["retention", "expected a number in share", "ramp"],
    ),
    "out_of_bounds": (
        {"s.yaml": HEAD + "levers:\n  likme_hours: 50\n"},
        "s.yaml",
        5,
        ["50", "outside the allowed range", "20 to 45 hours/week"],
    ),
    "unknown_municipality": (
        {"s.yaml": HEAD + "levers:\n  consolidation:\n    municipalities:\n      LV0099000: 1.2\n"},
        "s.yaml",
        6,
        ["unknown municipality 'LV0099000'", "did you mean"],
    ),
    "unknown_planning_region": (
        {"s.yaml": HEAD + "levers:\n  consolidation:\n    planning_regions:\n      Riga: 1.1\n"},
        "s.yaml",
        6,
        ["unknown planning region 'Riga'", "did you mean 'Rīga'"],
    ),
    "unknown_subject": (
        {"s.yaml": HEAD + "levers:\n  training_places:\n    subjects:\n      PHYS: 2\n"},
        "s.yaml",
        6,
        ["unknown subject 'PHYS'", "did you mean 'PHY'"],
    ),
    "override_on_national_lever": (
        {"s.yaml": HEAD + "levers:\n  relative_pay:\n    subjects: {MAT: 1.2}\n"},
        "s.yaml",
        5,
        ["relative_pay", "expected a number in ratio"],
    ),
    "ramp_end_before_start": (
        {"s.yaml": HEAD + "levers:\n  relative_pay:\n    ramp: {from: 2030, to: 2026, end: 1.2}\n"},
        "s.yaml",
        6,
        ["ramp ends (2026) before", "starts (2030)"],
    ),
    "year_outside_range": (
        {"s.yaml": HEAD + "levers:\n  retirement_age:\n    steps: {2150: 67}\n"},
        "s.yaml",
        6,
        ["year 2150 is outside 2000-2100"],
    ),
    "misspelt_path_form": (
        {"s.yaml": HEAD + "levers:\n  pensioner_rule:\n    stpes: {2027: 2}\n"},
        "s.yaml",
        5,
        ["unknown key 'stpes'", "did you mean 'steps'"],
    ),
    "unknown_grade_band": (
        {"s.yaml": HEAD + "levers:\n  curriculum:\n    grade_bands: {'7-8': 1.1}\n"},
        "s.yaml",
        6,
        ["unknown grade band '7-8'", "did you mean '7-9'"],
    ),
    "bad_births_variant": (
        {"s.yaml": HEAD + "levers:\n  births_variant: lowest\n"},
        "s.yaml",
        5,
        ["'lowest' is not allowed", "did you mean 'low'"],
    ),
    "missing_title": (
        {"s.yaml": "name: bad\ntitle_lv: x\n"},
        "s.yaml",
        1,
        ["missing required key 'title_en'"],
    ),
    "bad_name": (
        {"s.yaml": "name: Bad Name\ntitle_lv: x\ntitle_en: x\n"},
        "s.yaml",
        1,
        ["not a valid name"],
    ),
    "extends_cycle": (
        {
            "a.yaml": "name: a\ntitle_lv: a\ntitle_en: a\nextends: b\n",
            "b.yaml": "name: b\ntitle_lv: b\ntitle_en: b\nextends: a\n",
        },
        "a.yaml",
        None,
        ["'extends' makes a cycle", "a.yaml -> b.yaml -> a.yaml"],
    ),
    "missing_parent": (
        {"s.yaml": HEAD + "extends: pay_grwth\n"},
        "s.yaml",
        4,
        ["extends: no scenario 'pay_grwth'", "did you mean 'pay_growth'"],
    ),
    "missing_file": ({}, "nothere.yaml", None, ["scenario file not found"]),
    "duplicate_key": (
        {"s.yaml": HEAD + "levers:\n  relative_pay: 1.1\n  relative_pay: 1.2\n"},
        "s.yaml",
        6,
        ["duplicate key 'relative_pay'", "first on line 5"],
    ),
    "wrong_top_level_type": (
        {"s.yaml": "- name: bad\n- title_en: x\n"},
        "s.yaml",
        1,
        ["expected a mapping", "list"],
    ),
    "empty_file": ({"s.yaml": ""}, "s.yaml", None, ["the file is empty"]),
    "error_in_parent": (
        {
            "s.yaml": HEAD + "extends: p\n",
            "p.yaml": "name: p\ntitle_lv: p\ntitle_en: p\nlevers:\n  likme_hours: 99\n",
        },
        "s.yaml",
        5,
        ["p.yaml", "likme_hours"],
    ),
}


def _write(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")


def test_at_least_twelve_kinds() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("kind", sorted(CASES))
def test_malformed_scenario_gives_a_clear_error(kind: str, tmp_path: Path) -> None:
    files, target, line, words = CASES[kind]
    _write(tmp_path, files)
    path = tmp_path / target
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert str(Path(target).name) in message or target in message
    if line is not None:
        assert f":{line}:" in message, message
    assert len(message.splitlines()) <= 20


@pytest.mark.parametrize("kind", sorted(CASES))
def test_validate_command_reports_without_traceback(kind: str, tmp_path: Path) -> None:
    files, target, _, words = CASES[kind]
    _write(tmp_path, files)
    result = CliRunner().invoke(app, ["validate", str(tmp_path / target)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert " ".join(words[0].split()) in " ".join(result.output.split())


def test_several_problems_are_all_listed(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        HEAD + "levers:\n  likme_hours: 50\n  lesson_share: 2\n  relativ_pay: 1\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "s.yaml")
    lines = str(info.value).splitlines()
    assert len(lines) == 3
    assert [ln.split(":")[1] for ln in lines] == ["5", "6", "7"]  # sorted by line


def test_run_command_with_a_bad_scenario_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(HEAD + "levers:\n  likme_hours: 50\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ikm_sim.cli",
            "run",
            str(tmp_path / "s.yaml"),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "s.yaml:5" in proc.stderr and "likme_hours" in proc.stderr

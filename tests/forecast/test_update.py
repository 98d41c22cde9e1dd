"""``ikm-sim update`` end to end on a made-up new school year (figures invented here)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from ikm_sim.atomic import swap_all
from ikm_sim.calibration.targets import TargetSet
from ikm_sim.cli import app
from ikm_sim.data.check import check_data
from ikm_sim.data.load import load_data
from ikm_sim.errors import DataError, IkmSimError
from ikm_sim.forecast import update as update_module
from ikm_sim.forecast.store import ERROR_COLUMNS, read_errors
from ikm_sim.forecast.update import UpdatePaths, update
from tests.conftest import MINI_DATA

HEADER = "series,year,atvk,subject,grade,value,unit,status,source_grade,source\n"
SRC = "test: invented figure"
#: Invented figures of 2024/25 for the 3-municipality fixture (2023: 74,363 pupils, 1,525
#: school pedagogues, 28.5 school vacancies).
NEW_YEAR = [
    f"pupils_1_12,2024,,,,73500,persons,published,B,{SRC}",
    f"pupils_1_12,2024,LV0021000,,,5000,persons,published,B,{SRC}",
    f"pupils_grade_1,2024,,,,5200,persons,published,B,{SRC}",
    f"pedagogues_general,2024,,,,1510,persons,published,B,{SRC}",
    f"vacancies_general_fte,2024,,,,30,FTE,published,B,{SRC}",
    f"vacancies_general_fte,2024,LV0001000,MAT,,4,FTE,published,B,{SRC}",
    f"pupils_ukrainian,2024,LV0001000,,3,40,persons,published,B,{SRC}",
    f"births,2024,,,,4600,persons,published,A,{SRC}",
]
TARGETS = TargetSet(
    start_year=2023,
    end_year=2024,
    max_nfev=1,
    parameters=["returner_rate"],
    targets=[
        {"series": "pedagogues_general", "quantity": "school_pedagogues", "weight": 100},
        {"series": "pupils_1_12", "quantity": "pupils_total", "weight": 100},
    ],
)


def _edit(row: str, prefix: str, old: str, new: str) -> str:
    return row.replace(old, new, 1) if row.startswith(prefix) else row


def write_figures(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root` (relative path -> digest), hidden files included."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> UpdatePaths:
    """A project layout in tmp: a copy of the mini data, a calibrated file and a report."""
    shutil.copytree(MINI_DATA, tmp_path / "data")
    cal = tmp_path / "calibration"
    cal.mkdir()
    (cal / "calibrated.yaml").write_text("parameters:\n  returner_rate: 0.02\n", encoding="utf-8")
    (cal / "report").mkdir()
    (cal / "report" / "report.md").write_text("# earlier report\n", encoding="utf-8")
    return UpdatePaths(
        data=tmp_path / "data",
        calibrated=cal / "calibrated.yaml",
        forecast=cal / "forecast",
        report=cal / "report",
    )


def run_update(project: UpdatePaths, figures: Path) -> update_module.UpdateResult:
    return update(figures, project, TARGETS, workers=1, max_nfev=1)


def test_update_end_to_end(project: UpdatePaths, tmp_path: Path) -> None:
    before = load_data(project.data)
    assert before.base_year == 2023
    old_pupils = (project.data / "pupils.csv").read_bytes()
    result = run_update(project, write_figures(tmp_path / "new_2024.csv", NEW_YEAR))

    # data checked and the base year moved to the new year
    assert check_data(project.data) == []
    after = load_data(project.data)
    assert after.base_year == result.year == 2024
    assert (project.data / "pupils.csv").read_bytes().startswith(old_pupils)
    pupils = after.pupils[after.pupils["year"] == 2024]
    assert pupils["pupils"].sum() == pytest.approx(73500, abs=1)
    assert pupils.loc[pupils["grade"] == 1, "pupils"].sum() == pytest.approx(5200, abs=1)
    assert pupils.loc[pupils["atvk"] == "LV0021000", "pupils"].sum() == pytest.approx(5000, abs=1)
    levels = after.subjects.set_index("code")["level"]
    t = after.teachers[after.teachers["year"] == 2024]
    school = t["subject"].map(levels).isin(["school", "other"])
    assert t.loc[school, "headcount"].sum() == pytest.approx(1510, abs=0.01)
    v = after.vacancies[after.vacancies["year"] == 2024]
    school_v = v[v["subject"].map(levels) != "preschool"]
    assert school_v["vacancies_fte"].sum() == pytest.approx(30, abs=0.01)
    mat = v[(v["atvk"] == "LV0001000") & (v["subject"] == "MAT")]["vacancies_fte"]
    assert float(mat.iloc[0]) == pytest.approx(4.0)
    assert 2024 in set(after.births["year"])
    assert len(after.published_totals) == len(NEW_YEAR)

    # previous forecast scored by lead time, kept in the history
    errors = read_errors(project.forecast)
    assert list(errors.columns) == list(ERROR_COLUMNS)
    assert set(errors["series"]) == {
        "pupils_1_12",
        "pupils_grade_1",
        "pedagogues_general",
        "vacancies_general_fte",
    }
    assert (errors["origin"] == 2023).all() and (errors["lead"] == 1).all()
    ped = errors[errors["series"] == "pedagogues_general"].iloc[0]
    assert ped["error_pct"] == pytest.approx(100 * (ped["forecast"] - 1510) / 1510, abs=1e-3)
    assert not result.scored_stored

    # forecast re-run from the new year, calibration refitted and report written
    fc = pd.read_csv(project.forecast / "forecast.csv")
    assert (fc["origin"] == 2024).all() and fc["year"].min() == 2024
    first = fc[(fc["year"] == 2024) & (fc["quantity"] == "pupils_total")]["value"]
    assert float(first.iloc[0]) == pytest.approx(73500, rel=1e-4)
    cal = yaml.safe_load(project.calibrated.read_text(encoding="utf-8"))
    assert "returner_rate" in cal["fit"]["fitted"]
    assert project.report is not None
    assert (
        (project.report / "report.md")
        .read_text(encoding="utf-8")
        .startswith("# Calibration report")
    )
    assert "By lead time" in (project.forecast / "report.md").read_text(encoding="utf-8")
    leftovers = [p.name for p in project.data.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_second_update_scores_the_stored_forecast(project: UpdatePaths, tmp_path: Path) -> None:
    run_update(project, write_figures(tmp_path / "new_2024.csv", NEW_YEAR))
    stored = pd.read_csv(project.forecast / "forecast.csv")
    nxt = [r.replace("2024", "2025", 1) for r in NEW_YEAR if "LV0001000,MAT" not in r]
    nxt = [r.replace(",73500,", ",72800,").replace(",1510,", ",1490,") for r in nxt]
    result = run_update(project, write_figures(tmp_path / "new_2025.csv", nxt))
    assert result.scored_stored and result.year == 2025
    errors = read_errors(project.forecast)
    assert sorted(set(errors["origin"])) == [2023, 2024]
    ped = errors[(errors["origin"] == 2024) & (errors["series"] == "pedagogues_general")]
    expected = stored[(stored["quantity"] == "school_pedagogues") & (stored["year"] == 2025)]
    assert float(ped["forecast"].iloc[0]) == pytest.approx(float(expected["value"].iloc[0]))
    by_lead = pd.read_csv(project.forecast / "errors_by_lead.csv")
    assert by_lead[by_lead["series"] == "pedagogues_general"]["n"].tolist() == [2]
    assert load_data(project.data).base_year == 2025


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [r for r in NEW_YEAR if not r.startswith("births")],
            "no births for 2024",
        ),
        (
            [r.replace(",1510,", ",2500,") for r in NEW_YEAR],
            'new.csv line 5, column "value": pedagogues_general 2,500 is +64% against 1,525',
        ),
        (
            [
                r.replace("2024", "2023", 1) if r.startswith("pupils_grade_1") else r
                for r in NEW_YEAR
            ],
            "expected the figures of one new school year, found the years 2023, 2024",
        ),
        (
            [
                r.replace("persons", "FTE") if r.startswith("pupils_1_12,2024,,") else r
                for r in NEW_YEAR
            ],
            'new.csv line 2, column "unit": "FTE" does not fit series "pupils_1_12"',
        ),
        (
            [r for r in NEW_YEAR if not r.startswith("pedagogues")],
            "lack the national pedagogues_general",
        ),
    ],
)
def test_bad_figures_change_nothing(
    project: UpdatePaths, tmp_path: Path, rows: list[str], message: str
) -> None:
    figures = write_figures(tmp_path / "new.csv", rows)
    before = snapshot(tmp_path)
    with pytest.raises((DataError, IkmSimError)) as info:
        run_update(project, figures)
    text = "\n".join(info.value.problems) if isinstance(info.value, DataError) else str(info.value)
    assert message in text
    assert snapshot(tmp_path) == before


def test_failed_refit_leaves_every_file_intact(
    project: UpdatePaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = write_figures(tmp_path / "new.csv", NEW_YEAR)
    before = snapshot(tmp_path)

    def broken(*args: object, **kwargs: object) -> None:
        raise IkmSimError("the fit failed")

    monkeypatch.setattr(update_module, "calibrate", broken)
    with pytest.raises(IkmSimError, match="the fit failed"):
        run_update(project, figures)
    assert snapshot(tmp_path) == before


def test_failure_while_swapping_restores_what_was_swapped(
    project: UpdatePaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_update(project, write_figures(tmp_path / "new_2024.csv", NEW_YEAR))
    nxt = [r.replace("2024", "2025", 1) for r in NEW_YEAR if "LV0001000,MAT" not in r]
    figures = write_figures(tmp_path / "new_2025.csv", nxt)
    before = snapshot(tmp_path)
    real = os.replace
    calls = {"n": 0}

    def flaky(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:  # after data and calibrated.yaml were swapped in
            raise OSError("disk full")
        real(src, dst)  # type: ignore[arg-type]

    real_swap = update_module.swap_all

    def swap_with_a_full_disk(pairs: Any) -> None:  # counts the renames of the swap only
        with monkeypatch.context() as patch:
            patch.setattr("ikm_sim.atomic.os.replace", flaky)
            real_swap(pairs)

    monkeypatch.setattr(update_module, "swap_all", swap_with_a_full_disk)
    with pytest.raises(OSError, match="disk full"):
        run_update(project, figures)
    assert snapshot(tmp_path) == before


def test_swap_all_on_new_targets(tmp_path: Path) -> None:
    staged = tmp_path / "staged.txt"
    staged.write_text("new", encoding="utf-8")
    swap_all([(staged, tmp_path / "target.txt")])
    assert (tmp_path / "target.txt").read_text(encoding="utf-8") == "new"
    assert not staged.exists()


def test_cli_update_and_its_error_line(project: UpdatePaths, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = write_figures(tmp_path / "bad.csv", [r.replace(",1510,", ",15x0,") for r in NEW_YEAR])
    args = [
        "--data",
        str(project.data),
        "--calibrated",
        str(project.calibrated),
        "--forecast-dir",
        str(project.forecast),
        "--report",
        str(project.report),
        "--max-nfev",
        "1",
        "--workers",
        "1",
    ]
    targets = tmp_path / "targets.yaml"
    targets.write_text(yaml.safe_dump(TARGETS.model_dump()), encoding="utf-8")
    args += ["--targets", str(targets)]
    out = runner.invoke(app, ["update", str(bad), *args])
    assert out.exit_code != 0
    assert isinstance(out.exception, DataError)
    assert 'bad.csv line 5, column "value": found "15x0", expected a number' in "\n".join(
        out.exception.problems
    )
    good = write_figures(tmp_path / "new.csv", NEW_YEAR)
    out = runner.invoke(app, ["update", str(good), *args])
    assert out.exit_code == 0, out.output
    assert "the forecast now starts from 2024/25" in out.output


def test_cli_refuses_another_year_before_any_model_run(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    rows = [r.replace(",2024,", ",2031,", 1) for r in NEW_YEAR if not r.startswith("births")]
    figures = write_figures(tmp_path / "new_2031.csv", rows)
    code = "from ikm_sim.cli import main; main()"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "update", str(figures), "--data", str(MINI_DATA)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 1
    text = " ".join(done.stderr.split())
    assert "new_2031.csv line 2: the figures are for school year 2031; expected 2024" in text
    assert "births" not in text and "Traceback" not in text
    assert seconds < 2.0


def test_the_quick_base_year_is_the_datasets() -> None:
    from ikm_sim.data.base_year import read_base_year

    assert read_base_year(MINI_DATA) == load_data(MINI_DATA).base_year == 2023
    assert read_base_year(MINI_DATA / "missing") is None

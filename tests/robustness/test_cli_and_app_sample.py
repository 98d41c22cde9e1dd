"""A sample of the generated bad inputs through the real command line and the app's upload.

The command line runs as a user runs it (the ``ikm-sim`` console script in a subprocess): a
bad file gives exit code 1 and one line per problem naming the file, never a traceback. The
app's upload is driven with Streamlit's AppTest on the scenario builder: a bad file shows an
error naming the file and leaves the app working; a good one becomes the base scenario.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikm_sim.paths import SCENARIOS_DIR
from tests.conftest import MINI_DATA
from tests.robustness.table_cases import TableCase, any_table
from tests.robustness.tally import TALLY
from tests.robustness.test_upload_inputs import SAFE_LABEL, filenames
from tests.robustness.yaml_cases import MARKER, Case, any_scenario
from tests.ui.test_pages import BUILDER_PAGE, ScenarioRunner, _open, fake_run  # noqa: F401

IKM_SIM = str(Path(sys.executable).parent / "ikm-sim")
SHIPPED = tuple(str(p) for p in SCENARIOS_DIR.glob("*.yaml"))


def cli(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [IKM_SIM, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )
    return done, time.perf_counter() - started


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.slow
@settings(max_examples=20)
@given(case=any_scenario)
def test_cli_validate_sample(case: Case, tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("cli")
    for name, content in case.others.items():
        (directory / name).write_bytes(content)
    path = directory / "scenario.yaml"
    path.write_bytes(case.content.replace(MARKER.encode(), str(directory / "ran").encode()))
    done, seconds = cli("validate", path)
    assert "Traceback" not in done.stderr + done.stdout
    assert not (directory / "ran").exists()
    if done.returncode == 0:
        assert not case.must_fail
        assert done.stdout.strip() == f"OK {path}"
    else:
        assert done.returncode == 1, done
        lines = _lines(done.stderr)
        assert lines
        names = (str(path), str(path.resolve()), str(directory.resolve()), *SHIPPED, "… and")
        assert all(line.startswith(names) for line in lines), lines
    TALLY.record("cli: ikm-sim validate", done.returncode == 1, seconds)


@pytest.mark.slow
@settings(max_examples=8)
@given(case=any_table)
def test_cli_data_check_sample(case: TableCase, tmp_path_factory: pytest.TempPathFactory) -> None:
    directory = tmp_path_factory.mktemp("data")
    shutil.rmtree(directory)
    shutil.copytree(MINI_DATA, directory)
    (directory / case.filename).write_bytes(case.content)
    done, seconds = cli("data", "check", directory)
    assert "Traceback" not in done.stderr + done.stdout
    if done.returncode == 0:
        assert not case.must_fail
    else:
        assert done.returncode == 1, done
        title, *problems = _lines(done.stderr)
        assert title == f"{len(problems)} problem(s) in {directory}:"
        assert all(re.match(r"  \S+\.csv[:, ]", p) for p in problems), problems
    TALLY.record("cli: ikm-sim data check", done.returncode == 1, seconds)


RUN_CASES = {
    "unknown key": "levers:\n  relativ_pay: 1.1\n",
    "rich markup in a key": "levers:\n  '[/x]': 1\n",
    "newline in a key": 'levers:\n  "a\\nb": 1\n',
    "nested too deeply": "levers: " + "[" * 40 + "]" * 40 + "\n",
}


@pytest.mark.parametrize("kind", sorted(RUN_CASES))
def test_cli_run_refuses_a_bad_scenario_in_one_line(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntitle_lv: a\ntitle_en: b\n" + RUN_CASES[kind])
    done, seconds = cli("run", path, "--out", tmp_path / "out", "--data", MINI_DATA)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = _lines(done.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}:"), lines
    assert not (tmp_path / "out").exists()
    TALLY.record("cli: ikm-sim run", True, seconds)


APP_UPLOADS = 24


@pytest.mark.slow
def test_app_upload_sample(fake_run: ScenarioRunner) -> None:  # noqa: F811
    at = _open(BUILDER_PAGE)
    n = itertools.count()

    # the uploader only takes .yaml and .yml names (the browser refuses others)
    @settings(max_examples=APP_UPLOADS)
    @given(case=any_scenario, filename=filenames, suffix=st.sampled_from([".yaml", ".yml"]))
    def check(case: Case, filename: str, suffix: str) -> None:
        next(n)
        started = time.perf_counter()
        at.file_uploader(key="builder_upload").set_value(
            (filename + suffix, case.content, "application/x-yaml")
        )
        at.run()
        seconds = time.perf_counter() - started
        assert not at.exception, at.exception
        errors = [e.value for e in at.error]
        if errors:
            label = next(w for w in errors[-1].split() if w.endswith(".yaml:") or ".yaml:" in w)
            assert SAFE_LABEL.match(label.split(":", 1)[0].strip("`*“”\"'")), errors
        else:
            assert not case.must_fail
            assert at.selectbox(key="builder_base").value == "__upload__"
            assert at.success
        TALLY.record("app: scenario upload", bool(errors), seconds)

    check()
    assert next(n) >= APP_UPLOADS


BAD_ARGUMENTS = {
    "uncertainty -n 0": (["uncertainty", "baseline", "-n", "0"], "at least 1"),
    "uncertainty --band -1": (["uncertainty", "baseline", "--band", "-1"], "band=-1.0"),
    "uncertainty --band nan": (["uncertainty", "baseline", "--band", "nan"], "band=nan"),
    "uncertainty --migration-sd -1": (
        ["uncertainty", "baseline", "--migration-sd", "-1"],
        "migration_sd=-1.0",
    ),
    "uncertainty --final-year 2020": (["uncertainty", "baseline", "--final-year", "2020"], "2020"),
    "uncertainty --workers 0": (["uncertainty", "baseline", "--workers", "0"], "--workers"),
    "sensitivity --band -2": (["sensitivity", "baseline", "--band", "-2"], "band=-2.0"),
    "sensitivity --chart x.gif": (["sensitivity", "baseline", "--chart", "x.gif"], "--chart"),
    "backtest --origin 1800": (["backtest", "--origin", "1800"], "--origin 1800"),
    "calibrate --max-nfev -1": (["calibrate", "--max-nfev", "-1"], "--max-nfev"),
    "run --final-year 3000": (["run", "baseline", "--final-year", "3000"], "3000"),
    "run --out a file": (["run", "baseline", "--out", "{file}"], "is not a directory"),
    "validate --data nowhere": (["validate", "baseline", "--data", "{tmp}/x"], "file not found"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ARGUMENTS))
def test_cli_refuses_bad_arguments_in_one_line(kind: str, tmp_path: Path) -> None:
    args, words = BAD_ARGUMENTS[kind]
    (tmp_path / "file").write_text("mine")
    args = [a.format(file=tmp_path / "file", tmp=tmp_path) for a in args]
    if args[0] in ("uncertainty", "run") and "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    done, _ = cli(*args)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = _lines(done.stderr)
    assert len(lines) == 1 and words in lines[0], lines
    assert (tmp_path / "file").read_text() == "mine"
    assert not (tmp_path / "out").exists()

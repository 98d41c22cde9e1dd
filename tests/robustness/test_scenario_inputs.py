"""Generated bad scenario files through the public loader: a clear refusal or a valid scenario.

For every kind of `yaml_cases.SCENARIO_KINDS`, hypothesis generates the number of files the
kind's budget says and loads each with `ikm_sim.scenario.load_scenario`. The outcome must be
a `ScenarioError` whose every line names a file and a line (or a whole-file problem), raised
within `MAX_REFUSAL_SECONDS`, or a scenario whose every lever value is finite and within its
bounds. A file known to be bad must be refused; a tag that would run code must not run it.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings

from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import load_scenario
from tests.robustness.tally import (
    MAX_REFUSAL_SECONDS,
    TALLY,
    check_scenario,
    check_scenario_message,
    timed,
)
from tests.robustness.yaml_cases import MARKER, SCENARIO_KINDS, Case

#: Every generated case is checked: minutes in all (`-m "not slow"` leaves them out).
pytestmark = pytest.mark.slow
SHIPPED_FILES = [str(p) for p in SCENARIOS_DIR.glob("*.yaml")]


def try_scenario_file(case: Case, directory: Path) -> None:
    """Write `case` (and its other files) to `directory`, load it and judge the outcome."""
    directory.mkdir()
    marker = directory / "marker"
    path = directory / "scenario.yaml"
    for name, content in case.others.items():
        (directory / name).write_bytes(content)
    path.write_bytes(case.content.replace(MARKER.encode(), str(marker).encode()))
    try:
        scenario, error, seconds = timed(lambda: load_scenario(path))
        assert not marker.exists(), "a tag in the file ran code"
        if error is not None:
            files = [path, path.resolve(), *directory.resolve().glob("*.yaml"), *SHIPPED_FILES]
            check_scenario_message(error, files)
            assert seconds < MAX_REFUSAL_SECONDS, f"refused after {seconds:.2f} s"
        else:
            assert not case.must_fail, f"a bad file was accepted: {case.content[:300]!r}"
            assert scenario is not None
            check_scenario(scenario)
        TALLY.record(case.kind, error is not None, seconds)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("kind", sorted(SCENARIO_KINDS))
def test_generated_scenario_files(kind: str, tmp_path: Path) -> None:
    strategy, budget = SCENARIO_KINDS[kind]
    n = itertools.count()

    @settings(max_examples=budget)
    @given(case=strategy)
    def check(case: Case) -> None:
        try_scenario_file(case, tmp_path / f"case{next(n)}")

    check()
    assert next(n) >= budget, f"hypothesis generated only {next(n) - 1} of {budget} cases"

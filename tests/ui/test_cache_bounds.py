"""The app's run caches are bounded, and builder edits do not push out the scenario files' runs.

A counting stand-in runner (not kept on disk) shows which runs are still held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.ui import caches, state
from tests.ui.fakes import make_result, use_runner


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, scenario: Any = None, data: Any = None, progress: Any = None) -> Any:
        self.calls += 1
        return make_result(1)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counting]:
    counting = Counting()
    use_runner(monkeypatch, counting)
    state.clear_caches()
    yield counting
    state.clear_caches()


def _edited(base: Scenario, i: int) -> Scenario:
    return base.model_copy(update={"name": f"edit_{i}"})


def _run_edited(scenario: Scenario) -> None:
    caches._run_cached(state.scenario_object_key(scenario), None, None, scenario)


def test_edits_are_bounded_and_leave_file_runs_alone(runner: Counting) -> None:
    files = state.scenario_files()
    assert 0 < len(files) <= caches.FILE_RUNS  # every shipped scenario fits
    for path in files:
        caches._run_cached(state._scenario_key(path), str(path), None, None)
    assert runner.calls == len(files)
    base = load_scenario("baseline")
    for i in range(caches.EDITED_RUNS + 2):
        _run_edited(_edited(base, i))
    assert runner.calls == len(files) + caches.EDITED_RUNS + 2
    for path in files:  # still in memory: no new run
        caches._run_cached(state._scenario_key(path), str(path), None, None)
    assert runner.calls == len(files) + caches.EDITED_RUNS + 2
    _run_edited(_edited(base, caches.EDITED_RUNS + 1))  # the newest edit is held
    assert runner.calls == len(files) + caches.EDITED_RUNS + 2
    _run_edited(_edited(base, 0))  # the oldest was let go: it runs again
    assert runner.calls == len(files) + caches.EDITED_RUNS + 3

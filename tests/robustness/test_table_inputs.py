"""Generated bad data tables through the public checker: every problem is one clear line.

For every kind of `table_cases.TABLE_KINDS`, one table of a copy of the fixture data is
replaced by a generated one and the directory is checked with `ikm_sim.data.check.check_data`
(what ``ikm-sim data check`` and `load_data` run). It must never raise; every problem must be
one line starting with the table's file name; a table bad for sure must be refused; and a
directory with no problems must load with finite numbers only.
"""

from __future__ import annotations

import itertools
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings

from ikm_sim.data.check import check_data
from ikm_sim.data.load import load_data
from ikm_sim.data.schema import TABLES
from tests.conftest import MINI_DATA
from tests.robustness.table_cases import TABLE_KINDS, TableCase
from tests.robustness.tally import MAX_REFUSAL_SECONDS, TALLY, check_table_problems, timed

#: Every generated case is checked: minutes in all (`-m "not slow"` leaves them out).
pytestmark = pytest.mark.slow
FILENAMES = [t.filename for t in TABLES.values()]


def try_table(case: TableCase, directory: Path) -> None:
    """Put `case` into `directory` (a copy of the fixture data), check it, judge, restore."""
    target = directory / case.filename
    original = target.read_bytes()
    target.write_bytes(case.content)
    try:
        problems, error, seconds = timed(lambda: check_data(directory))
        assert error is None, f"check_data raised {error!r}"
        assert problems is not None
        check_table_problems(problems, directory, FILENAMES)
        if problems:
            assert seconds < MAX_REFUSAL_SECONDS, f"refused after {seconds:.2f} s"
        else:
            assert not case.must_fail, f"a bad table was accepted: {case!r}"
            data = load_data(directory)
            for name in TABLES:
                numbers = data.table(name).select_dtypes("number").to_numpy(dtype=float)
                assert all(math.isfinite(x) for x in numbers[~(numbers != numbers)].ravel())
        TALLY.record(case.kind, bool(problems), seconds)
    finally:
        target.write_bytes(original)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    shutil.copytree(MINI_DATA, directory)
    return directory


@pytest.mark.parametrize("kind", sorted(TABLE_KINDS))
def test_generated_tables(kind: str, data_copy: Path) -> None:
    strategy, budget = TABLE_KINDS[kind]
    n = itertools.count()

    @settings(max_examples=budget)
    @given(case=strategy)
    def check(case: TableCase) -> None:
        next(n)
        try_table(case, data_copy)

    check()
    assert next(n) >= budget, f"hypothesis generated only {next(n) - 1} of {budget} cases"
    assert check_data(data_copy) == []  # every case was undone

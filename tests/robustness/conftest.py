"""Settings of the generated bad-input suite and its summary line.

The ``ci`` profile (the default) is derandomised: every run tries the same cases, so the
count printed at the end is the same from run to run. ``HYPOTHESIS_PROFILE=explore`` draws
new cases each run (seeded by time) for local bug hunting.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.robustness.tally import MIN_CASES, TALLY

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "explore", deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print cases tried, kinds, refused cleanly and the slowest refusal."""
    if TALLY.count() == 0:
        return
    terminalreporter.section("generated bad inputs")
    for line in TALLY.summary():
        terminalreporter.write_line(line)
    if TALLY.count() < MIN_CASES:
        terminalreporter.write_line(
            f"(fewer than {MIN_CASES:,}: only part of tests/robustness ran)"
        )

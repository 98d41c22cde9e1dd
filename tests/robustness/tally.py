"""Counts of the generated bad inputs and the oracles every outcome is judged by.

Every generated case goes through `judge_*`, which checks the outcome (a valid result, or a
clear error: no traceback, each line naming a file and a line or field) and records it in
`TALLY`; the session summary prints the totals (`conftest.pytest_terminal_summary`).
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ikm_sim.errors import IkmSimError
from ikm_sim.scenario import LEVERS, Scenario
from ikm_sim.scenario.document import MAX_ERRORS

#: Longest time any bad input may take to be refused (the issue's bound).
MAX_REFUSAL_SECONDS = 2.0
#: Generated cases a full run of the suite must reach.
MIN_CASES = 10_000

T = TypeVar("T")


@dataclass
class Tally:
    """Outcomes of the generated cases, by kind."""

    refused: Counter[str] = field(default_factory=Counter)
    valid: Counter[str] = field(default_factory=Counter)
    #: slowest refusal in process (the loaders) and of a whole ``ikm-sim`` command
    slowest: tuple[float, str] = (0.0, "")
    slowest_cli: tuple[float, str] = (0.0, "")

    def record(self, kind: str, refused: bool, seconds: float) -> None:
        (self.refused if refused else self.valid)[kind] += 1
        which = "slowest_cli" if kind.startswith("cli:") else "slowest"
        if refused and seconds > getattr(self, which)[0]:
            setattr(self, which, (seconds, kind))

    def count(self, prefix: str = "") -> int:
        return sum(n for k, n in (self.refused + self.valid).items() if k.startswith(prefix))

    @property
    def kinds(self) -> list[str]:
        return sorted(set(self.refused) | set(self.valid))

    def summary(self) -> list[str]:
        total = self.count()
        refused = sum(self.refused.values())
        lines = [
            f"robustness: {total:,} generated cases of {len(self.kinds)} kinds: "
            f"{refused:,} refused cleanly, {total - refused:,} valid, none escaped; "
            f"slowest refusal {self.slowest[0] * 1000:.0f} ms ({self.slowest[1]})"
        ]
        if self.slowest_cli[1]:
            lines.append(
                f"  slowest refused command, Python start included: "
                f"{self.slowest_cli[0]:.2f} s ({self.slowest_cli[1]})"
            )
        for kind in self.kinds:
            lines.append(
                f"  {kind:<34} {self.refused[kind] + self.valid[kind]:>6,} cases, "
                f"{self.refused[kind]:>6,} refused"
            )
        return lines


TALLY = Tally()


def timed(call: Callable[[], T]) -> tuple[T | None, IkmSimError | None, float]:
    """Run `call`; return (result, the IkmSimError it raised, seconds). Anything else escapes."""
    started = time.perf_counter()
    try:
        result, error = call(), None
    except IkmSimError as exc:
        result, error = None, exc
    return result, error, time.perf_counter() - started


def _values(setting: Any) -> Iterable[float]:
    """The lever values in a dumped setting (years, as keys or ramp ends, left out)."""
    if isinstance(setting, bool) or setting is None:
        return
    if isinstance(setting, int | float):
        yield float(setting)
    elif isinstance(setting, dict):
        for key, value in setting.items():
            if key not in ("from_", "from", "to"):
                yield from _values(value)


def check_scenario(scenario: Scenario) -> None:
    """A scenario that loaded must be usable: every lever value finite and within its bounds."""
    assert isinstance(scenario, Scenario)
    for name, setting in scenario.levers.set_levers().items():
        if name not in LEVERS:
            assert name == "births_variant" and setting in ("low", "medium", "high")
            continue
        spec = LEVERS[name]
        dumped = setting.model_dump() if hasattr(setting, "model_dump") else setting
        for value in _values(dumped):
            assert math.isfinite(value), (name, dumped)
            assert spec.lo - 1e-9 <= value <= spec.hi + 1e-9, (name, value)


#: Whole-file problems that have no line number.
_NO_LINE = re.compile(
    r": (scenario file not found|the file is|is a directory|is not a regular file|cannot be "
    r"read|not valid YAML|not valid text|\(extends baseline\)|'extends' makes a cycle|file not "
    r"found|extends: the chain)"
)


def check_scenario_message(error: IkmSimError, files: Iterable[str | Path]) -> None:
    """A refusal must be a clear message: each line names one of `files` and a line or field.

    Parameters
    ----------
    error : IkmSimError
        What was raised.
    files : iterable of str or Path
        The names a line may start with (the file tried, its parents, shipped scenarios).
    """
    text = str(error)
    assert text.strip(), "empty error message"
    assert "Traceback" not in text
    lines = text.split("\n")
    assert len(lines) == len(text.splitlines()), "a line separator other than \\n in the message"
    # one screen: MAX_ERRORS lines per file, a summary line, and the "parent has problems" lines
    assert len(lines) <= 4 * (MAX_ERRORS + 2), f"{len(lines)} lines"
    names = sorted({str(f) for f in files}, key=len, reverse=True)
    for line in lines:
        if line.startswith("… and "):
            continue
        name = next((n for n in names if line.startswith(n)), None)
        assert name is not None, f"line does not name the file: {line[:200]!r} (files {names[:4]})"
        rest = line[len(name) :]
        assert re.match(r":\d+: ", rest) or _NO_LINE.match(rest), f"no line or field: {line!r}"


def check_table_problems(problems: list[str], directory: Path, filenames: Iterable[str]) -> None:
    """Each data problem must start with a table's file name (or the directory) and say where."""
    assert isinstance(problems, list)
    names = sorted({*filenames, str(directory)}, key=len, reverse=True)
    for line in problems:
        assert isinstance(line, str) and line.strip()
        assert "Traceback" not in line
        assert len(line.splitlines()) == 1, f"not one line: {line!r}"
        name = next((n for n in names if line.startswith(n)), None)
        assert name is not None, f"problem does not name the file: {line[:200]!r}"
        assert line[len(name) :].startswith((": ", " line ", ", column ")), line

"""``--cluster`` and ``--cluster-fallback``: a bad or unreachable scheduler is one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ikm_sim import executor
from ikm_sim.cli import app
from ikm_sim.uncertainty import ensemble, sensitivity, sobol
from tests.conftest import MINI_DATA

NOWHERE = "tcp://127.0.0.1:9"


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*a: object, **k: object) -> None:
        raise AssertionError("the model ran although the cluster could not be used")

    monkeypatch.setattr(ensemble, "run_ensemble", forbidden)
    monkeypatch.setattr(sensitivity, "ensemble_chunks", forbidden)
    monkeypatch.setattr(sobol, "design_gap_outputs", forbidden)
    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.delenv(executor.SCHEDULER_ENV, raising=False)


def _one_error_line(result: Any) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    return str(lines[0])


@pytest.mark.parametrize(
    "command",
    [
        ["uncertainty", "baseline", "--out", "OUT"],
        ["sensitivity", "baseline"],
        ["calibrate", "--out", "OUT/c.yaml", "--report", "OUT/r"],
    ],
)
def test_malformed_address_is_one_line(command: list[str], tmp_path: Path, no_model: None) -> None:
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    result = CliRunner().invoke(app, [*args, "--cluster", "tcp://scheduler"])
    line = _one_error_line(result)
    assert line.startswith("Error: --cluster: dask scheduler address 'tcp://scheduler'")
    assert "tcp://10.0.0.5:8786" in line


@pytest.mark.parametrize("how", ["option", "environment"])
def test_unreachable_scheduler_is_one_line(
    how: str, tmp_path: Path, no_model: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["sensitivity", "baseline", "--data", str(MINI_DATA)]
    if how == "option":
        args += ["--cluster", NOWHERE]
    else:
        monkeypatch.setenv(executor.SCHEDULER_ENV, NOWHERE)
    line = _one_error_line(CliRunner().invoke(app, args))
    assert line.startswith(f"Error: cannot reach the dask scheduler at {NOWHERE}")


def test_fallback_runs_here_after_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", 1.0)
    out = tmp_path / "u"
    args = [
        "uncertainty", "baseline", "--out", str(out), "-n", "2", "--final-year", "2025",
        "--data", str(MINI_DATA), "--workers", "1", "--no-charts",
        "--cluster", NOWHERE, "--cluster-fallback",
    ]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (result.output, result.exception)
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and "running on this machine" in warnings[0]
    assert (out / "percentiles_national.csv").is_file()

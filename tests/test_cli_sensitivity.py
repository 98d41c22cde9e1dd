"""``ikm-sim sensitivity --method sobol``: tables and chart written, bad options in one line.

Real runs use the small dataset (tests/fixtures/mini_data) with N = 8 and one worker.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.uncertainty import sensitivity as morris
from ikm_sim.uncertainty import sobol as sob
from tests.conftest import MINI_DATA

ROOT = Path(__file__).resolve().parents[1]
REGION = "LV0021000"
D = len(BehaviouralParameters.model_fields)


def _cli(*args: str) -> Any:
    base = ["sensitivity", "baseline", "--data", str(MINI_DATA), "--workers", "1"]
    return CliRunner().invoke(app, [*base, *args])


def test_sobol_writes_indices_pairs_and_chart(tmp_path: Path) -> None:
    out, chart = tmp_path / "sobol.csv", tmp_path / "sobol.svg"
    result = _cli(
        "--method", "sobol", "--samples", "8", "--second-order", "--region", REGION,
        "--seed", "5", "--out", str(out), "--chart", str(chart),
    )  # fmt: skip
    assert result.exit_code == 0, (result.output, result.exception)
    table = pd.read_csv(out)
    assert list(table.columns) == list(sob.COLUMNS)
    outputs = {f"{where}_gap_{y}" for where in ("national", REGION) for y in (2030, 2035)}
    assert set(table["output"]) == outputs
    assert len(table) == len(outputs) * D
    pairs = pd.read_csv(tmp_path / "sobol_s2.csv")
    assert list(pairs.columns) == list(sob.PAIR_COLUMNS)
    assert len(pairs) == len(outputs) * D * (D - 1) // 2
    svg = chart.read_text(encoding="utf-8")
    assert "Kas nosaka iztrūkuma nenoteiktību" in svg and "Latvija" in svg
    assert "returner_rate" in result.output and "ST_conf" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--method", "fast"), "--method must be morris or sobol, not 'fast'"),
        (("--samples", "16"), "--samples and --second-order are Sobol options"),
        (("--method", "morris", "--second-order"), "Morris takes --trajectories"),
        (("--method", "sobol", "--trajectories", "4"), "--trajectories is a Morris option"),
        (("--method", "sobol", "--chart", "x.txt"), "give a .html, .png, .svg or .pdf"),
    ],
)
def test_bad_options_are_one_line_before_any_run(
    args: tuple[str, ...], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*a: object, **k: object) -> None:
        raise AssertionError("the model ran although the options were invalid")

    monkeypatch.setattr(sob, "design_gap_outputs", forbidden)
    monkeypatch.setattr(morris, "ensemble_chunks", forbidden)
    result = _cli(*args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert message in lines[0]


@pytest.mark.parametrize("samples", ["20", "4"])
def test_n_not_a_power_of_two_is_one_line_and_exit_1(samples: str) -> None:
    proc = subprocess.run(
        [
            sys.executable, "-m", "ikm_sim.cli", "sensitivity", "scenarios/baseline.yaml",
            "--method", "sobol", "--samples", samples, "--data", str(MINI_DATA),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines == [
        f"Error: Sobol needs N to be a power of two ≥ 8 (8, 16, 32, ...), got {samples}"
    ]

"""Engine selection: the engines are siblings behind one interface, named by an argument.

``IKM_SIM_ENGINE`` is only the default of a run that names no engine; the CLI's ``--engine``
is passed to the run and never written to the environment.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.engines import ENGINE_ENV, ENGINES, check_engine, get_engine
from ikm_sim.errors import IkmSimError
from tests.conftest import MINI_DATA

PACKAGE = Path(__file__).resolve().parents[2] / "ikm_sim" / "engines"


def test_no_engine_means_the_environment_variable_else_fast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert check_engine(None) == "fast"
    monkeypatch.setenv(ENGINE_ENV, "pysd")
    assert check_engine(None) == "pysd"
    assert check_engine("fast") == "fast"


def test_an_unknown_engine_is_refused_by_name() -> None:
    with pytest.raises(IkmSimError, match="engine 'bogus': choose one of fast, pysd"):
        check_engine("bogus")


def test_every_engine_is_registered_under_its_name() -> None:
    for name in ENGINES:
        engine = get_engine(name)
        assert engine.name == name
        assert callable(engine.prepare) and callable(engine.simulate)
        assert callable(engine.simulate_samples)


@pytest.mark.parametrize(("engine", "sibling"), [("fast", "pysd"), ("pysd", "fast")])
def test_an_engine_imports_nothing_from_its_sibling(engine: str, sibling: str) -> None:
    banned = f"ikm_sim.engines.{sibling}"
    for path in (PACKAGE / engine).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(n == banned or n.startswith(f"{banned}.") for n in names), path


def _run(out: Path, *engine: str) -> object:
    args = ["run", "baseline", "--data", str(MINI_DATA), "--final-year", "2024"]
    result = CliRunner().invoke(app, [*args, "--out", str(out), *engine])
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads((out / "run.json").read_text(encoding="utf-8"))["engine"]


def test_the_cli_passes_engine_to_the_run_and_leaves_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_ENV, "pysd")
    assert _run(tmp_path / "a", "--engine", "fast") == "fast"
    assert check_engine(None) == "pysd"  # the option did not become the process's default
    assert _run(tmp_path / "b") == "pysd"  # without the option: the environment's default


def test_the_cli_refuses_an_unknown_engine_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "baseline", "--out", str(tmp_path), "--engine", "x"])
    assert result.exit_code == 1
    assert "--engine must be one of fast, pysd, not 'x'" in result.output

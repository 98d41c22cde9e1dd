"""``ikm-sim run`` with the fast engine imports neither PySD nor the app's libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ikm_sim.paths import PROJECT_ROOT

#: Packages the fast run path must not import (PySD is the reference engine only; Streamlit
#: and Altair are the app's and the charts').
FORBIDDEN = ("pysd", "streamlit", "altair")

#: Runs the command in this process, then lists the forbidden packages it imported.
_SCRIPT = """
import json, sys
forbidden = set(json.loads(sys.argv.pop()))
from ikm_sim.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
found = sorted({m.split(".")[0] for m in sys.modules} & forbidden)
print(json.dumps({"code": code, "imported": found}))
"""


def _imports_of(args: list[str], forbidden: tuple[str, ...], cwd: Path) -> dict[str, object]:
    env = {**os.environ, "IKM_SIM_ENGINE": "fast", "PYTHONWARNINGS": "ignore"}
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *args, json.dumps(forbidden)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    found: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_fast_run_imports_no_pysd_streamlit_or_altair(tmp_path: Path, fmt: str) -> None:
    args = ["run", "baseline", "--out", str(tmp_path / "out"), "--format", fmt]
    found = _imports_of(args, FORBIDDEN, tmp_path)
    assert found == {"code": 0, "imported": []}
    assert (tmp_path / "out" / f"teachers_by_age.{fmt}").is_file()


def test_the_check_sees_an_imported_package(tmp_path: Path) -> None:
    # the same check on a package the run does import: it must be reported
    found = _imports_of(["run", "baseline", "--out", str(tmp_path / "out")], ("numpy",), tmp_path)
    assert found == {"code": 0, "imported": ["numpy"]}

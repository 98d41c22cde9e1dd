"""The image the ``Containerfile`` builds, checked without a container engine.

The machine CI runs on has no container engine, so the image cannot be built here. What can be
checked is what the image holds and does: the project's files as the ``COPY`` steps leave them
(``.containerignore`` applied), the dependency list its first ``RUN`` extracts, its ``ENV``,
the build's warm-up (``RUN python -m ikm_sim.ui.warm``), then its ``CMD`` served and its
``HEALTHCHECK`` asked, all on that copy (``IKM_SIM_HOME`` pointing at it, its own package first
on the path). The image's user may write only ``/app/.cache``: nothing else in the copy may
change. The base image, ``useradd`` and the ``pip install`` of the dependencies are what this
does not check.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from ikm_sim.ui import health
from tests.e2e.app_server import free_port

ROOT = Path(__file__).resolve().parents[1]
CONTAINERFILE = ROOT / "Containerfile"
#: Where the image keeps the project (its ``WORKDIR``).
APP = "/app"


def instructions() -> list[tuple[str, str]]:
    """The Containerfile's instructions: (keyword, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", "", CONTAINERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether ``.containerignore`` leaves `path` (relative, with /) out of the build context.

    A pattern names a path or a folder from the context's root (``models/*.py``, ``tests``);
    ``**/name`` names `name` anywhere.
    """
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        if pattern.startswith("**/"):
            if any(fnmatch.fnmatch(part, pattern[3:]) for part in parts):
                return True
        elif any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            return True
    return False


def build_context(target: Path) -> Path:
    """Copy the project's tracked files, less what ``.containerignore`` names, to `target`."""
    patterns = [
        line.strip()
        for line in (ROOT / ".containerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        if _ignored(name, patterns) or not (ROOT / name).is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes((ROOT / name).read_bytes())
    return target


def image_env(app: Path, home: Path) -> dict[str, str]:
    """The environment of the image's steps: its ``ENV`` (``/app`` being `app`), this Python."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IKM_SIM_", "STREAMLIT_"))}
    for keyword, args in instructions():
        if keyword == "ENV":
            for item in shlex.split(args):
                key, _, value = item.partition("=")
                env[key] = value.replace(APP, str(app))
    env["HOME"] = str(home)
    env["PYTHONPATH"] = str(app)  # the copy's package, not the checkout's editable install
    return env


def _python(command: list[str]) -> list[str]:
    return [sys.executable if part == "python" else part for part in command]


def _snapshot(app: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(app)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in app.rglob("*")
        if p.is_file() and ".cache" not in p.relative_to(app).parts
    }


def test_the_dependency_step_lists_the_projects_dependencies(tmp_path: Path) -> None:
    (step,) = [args for keyword, args in instructions() if keyword == "RUN" and "tomllib" in args]
    extract = step.split(" > ")[0]  # `python -c "..."`, before the output is redirected
    assert extract.startswith("python -c ")
    build_context(tmp_path)
    out = subprocess.run(
        _python(shlex.split(extract)), cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [line for line in out if line] == project["dependencies"]


@pytest.mark.slow  # the warm-up runs every shipped scenario
@pytest.mark.timeout(300)
def test_the_image_warms_up_serves_and_writes_only_its_cache(tmp_path: Path) -> None:
    app, home = build_context(tmp_path / "app"), tmp_path / "home"
    home.mkdir()
    assert not (app / "tests").exists() and (app / "data").is_dir()
    env = image_env(app, home)
    assert env["IKM_SIM_HOME"] == str(app)
    before = _snapshot(app)

    warm = [args for keyword, args in instructions() if keyword == "RUN" and "warm" in args]
    assert warm == ["python -m ikm_sim.ui.warm"]
    done = subprocess.run(
        _python(shlex.split(warm[0])), cwd=app, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert any((app / ".cache" / "runs").glob("*.zip")), "no shipped run prepared at build"

    (cmd,) = [json.loads(args) for keyword, args in instructions() if keyword == "CMD"]
    (check,) = [args for keyword, args in instructions() if keyword == "HEALTHCHECK"]
    probe = json.loads(check.split("CMD", 1)[1])
    port = free_port()
    served = [*_python(cmd), "--server.port", str(port)]
    served[served.index("0.0.0.0")] = "127.0.0.1"  # this test's server: local only
    env["STREAMLIT_SERVER_PORT"] = str(port)
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(served, cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while subprocess.run(_python(probe), env=env, capture_output=True).returncode != 0:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "the HEALTHCHECK never passed"
            time.sleep(0.5)
        assert health.healthy(f"http://127.0.0.1:{port}")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as reply:
            assert reply.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
    assert _snapshot(app) == before, "the image's user may write only /app/.cache"

"""Serve the app with ``streamlit run`` and find Debian's Chromium: shared by the browser tests
(`tests/e2e/conftest.py`) and the browser-timed benchmark (`benchmarks/app_timing.py`)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Seconds a starting server may take to answer its health check.
START_TIMEOUT_S = 90


def chromium_path() -> str:
    """Debian's Chromium, or ``$IKM_SIM_CHROMIUM`` (Playwright never downloads a browser)."""
    return os.environ.get("IKM_SIM_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether the Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def serve_app(
    run_cache: Path,
    log: IO[bytes] | None = None,
    env: dict[str, str] | None = None,
    prepared: bool = True,
) -> Iterator[str]:
    """Serve ``app.py`` on a free port with its own run cache; yield its URL, then stop it.

    Parameters
    ----------
    run_cache : pathlib.Path
        ``IKM_SIM_RUN_CACHE`` of the server (an empty directory makes a first-ever start).
    log : binary file, optional
        Where the server's output goes (default: discarded).
    env : dict, optional
        Further environment variables (e.g. ``IKM_SIM_ENGINE``, ``IKM_SIM_CACHE``).
    prepared : bool, optional
        Start as ``make app`` does (`ikm_sim.ui.serve`: caches prepared before the server
        listens); False starts a bare ``streamlit run app.py``.

    Yields
    ------
    str
        The server's URL.

    Raises
    ------
    RuntimeError
        If the server exits or does not become healthy within `START_TIMEOUT_S`.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # as `make app` starts it: prepared in the server's process, then `streamlit run app.py`
    command = [sys.executable, "-m", "ikm_sim.ui.serve" if prepared else "streamlit"]
    command += [] if prepared else ["run", "app.py"]
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {}), "IKM_SIM_RUN_CACHE": str(run_cache)},
        stdout=log if log is not None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
    )
    see = f"; see {log.name}" if log is not None and hasattr(log, "name") else ""
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}{see}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy at {url}{see}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

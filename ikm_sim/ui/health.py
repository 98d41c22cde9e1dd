"""Is the served app ready? ``python -m ikm_sim.ui.health [URL]`` (exit status 0: yes, 1: no).

It asks Streamlit's health endpoint, ``/_stcore/health``, which answers ``ok`` once the server
listens; `ikm_sim.ui.serve` prepares the engine, data and shipped runs before the server
listens, so an answer means the app is prepared. A container's ``HEALTHCHECK`` runs this
(slim images have no ``curl``). The default URL is this machine's port ``$STREAMLIT_SERVER_PORT``
(8501) under ``$STREAMLIT_SERVER_BASE_URL_PATH``.
"""

from __future__ import annotations

import os
import sys
import urllib.request

#: Streamlit's health endpoint, under the server's base path.
HEALTH_PATH = "_stcore/health"


def default_url() -> str:
    """Return the local server's URL from Streamlit's environment variables (port 8501)."""
    port = os.environ.get("STREAMLIT_SERVER_PORT", "8501")
    base = os.environ.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
    return f"http://127.0.0.1:{port}" + (f"/{base}" if base else "")


def healthy(url: str, timeout: float = 3.0) -> bool:
    """Return whether the app served at `url` answers its health check with ``ok``.

    Parameters
    ----------
    url : str
        The app's URL (``http://host:port`` and its base path, if any).
    timeout : float, optional
        Seconds to wait for the answer.

    Returns
    -------
    bool
    """
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/{HEALTH_PATH}", timeout=timeout) as reply:
            return bool(reply.status == 200 and reply.read().strip() == b"ok")
    except (OSError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    """Check the app at the URL given (default: `default_url`); print a line when it is not ready.

    Returns
    -------
    int
        0 if ready, else 1.
    """
    args = sys.argv[1:] if argv is None else argv
    url = args[0] if args else default_url()
    if healthy(url):
        return 0
    print(f"ikm-sim: the app at {url} is not ready (no 'ok' from /{HEALTH_PATH})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

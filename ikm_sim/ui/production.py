"""The served app's production settings: ``python -m ikm_sim.ui.serve --production``.

One home for what a public deployment changes in Streamlit's configuration: no developer menu
(rerun, clear cache, deploy) and no error details for visitors, XSRF protection and CORS on,
uploads no larger than the app's own limit (`ikm_sim.limits.MAX_SCENARIO_BYTES`, in the whole
megabytes Streamlit counts in), no file watching or rerun on save, no usage statistics, and
Streamlit's own cache of `st.cache_data` entries capped, and no full garbage collection after
every script run (`PRODUCTION_OPTIONS`). They are passed to ``streamlit run``
as command-line options ahead of any given, so a given option (a port, an address) still wins.
``python -m ikm_sim.ui.production`` prints them as a ``config.toml``.
"""

from __future__ import annotations

import math

from ikm_sim.limits import MAX_SCENARIO_BYTES, MIB

#: The flag of `ikm_sim.ui.serve` that applies `PRODUCTION_OPTIONS`.
PRODUCTION_FLAG = "--production"

#: Streamlit's upload limit (whole megabytes): the app's largest upload, rounded up.
MAX_UPLOAD_MB = math.ceil(MAX_SCENARIO_BYTES / MIB)

#: Streamlit options of a public deployment, by their ``section.name``.
PRODUCTION_OPTIONS: dict[str, bool | int | str] = {
    "server.headless": True,
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.maxUploadSize": MAX_UPLOAD_MB,
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "server.allowRunOnSave": False,
    "server.enableStaticServing": False,
    "server.showEmailPrompt": False,
    # the sensitivity and uncertainty pages' results; each function also keeps few entries
    "server.maxCacheDataSize": "1gb",
    "browser.gatherUsageStats": False,
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",
    "global.developmentMode": False,
    # Streamlit collects every generation of the heap after each script run, which with the
    # app's objects was a third of a page view's server CPU (all in the one interpreter);
    # Python's own collector still runs as objects are allocated, and `ikm_sim.ui.serve`
    # freezes the warm-up's long-lived objects so that its full passes stay short.
    "runner.postScriptGC": False,
}


def _value(value: bool | int | str) -> str:
    """An option's value as Streamlit's command line reads it."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def production_args() -> list[str]:
    """Return `PRODUCTION_OPTIONS` as ``streamlit run`` options (``--server.headless true``...).

    Returns
    -------
    list of str
        Option and value pairs, flattened.
    """
    return [arg for key, value in PRODUCTION_OPTIONS.items() for arg in (f"--{key}", _value(value))]


def streamlit_args(argv: list[str]) -> list[str]:
    """Return the ``streamlit run`` options for `argv` given to `ikm_sim.ui.serve`.

    With `PRODUCTION_FLAG` among them, the production options come first (without the flag),
    so an option given after them overrides one of theirs.

    Parameters
    ----------
    argv : list of str
        The options given to ``python -m ikm_sim.ui.serve``.

    Returns
    -------
    list of str
    """
    if PRODUCTION_FLAG not in argv:
        return list(argv)
    return [*production_args(), *(arg for arg in argv if arg != PRODUCTION_FLAG)]


def config_toml() -> str:
    """Return `PRODUCTION_OPTIONS` as the text of a Streamlit ``config.toml``."""
    sections: dict[str, list[str]] = {}
    for key, value in PRODUCTION_OPTIONS.items():
        section, name = key.split(".", 1)
        text = f'"{value}"' if isinstance(value, str) else _value(value)
        sections.setdefault(section, []).append(f"{name} = {text}")
    return "\n".join(f"[{s}]\n" + "\n".join(lines) + "\n" for s, lines in sections.items())


if __name__ == "__main__":
    print(config_toml(), end="")

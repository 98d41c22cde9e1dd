"""Running a scenario with the app's status box and progress bar, and errors as messages."""

from __future__ import annotations

import contextvars
from typing import Any

import streamlit as st

from ikm_sim.errors import IkmSimError
from ikm_sim.locale.i18n import t
from ikm_sim.ui.caches import Results, _run_cached

#: Session-state key of the cache keys this session has run (no progress box for them again).
_RAN_KEY = "_ikm_ran_keys"


def run_with_status(
    key: str,
    scenario_path: str | None,
    scenario: Any,
    title: str,
    lang: str,
    previous_key: str | None,
) -> Results | None:
    """Run one scenario through the cache, with a progress bar on the first run of a key.

    Parameters
    ----------
    key : str
        Cache key (`scenario_object_key` for an in-memory scenario).
    scenario_path : str, optional
        Scenario file to run (when `scenario` is None).
    scenario : Scenario, optional
        In-memory scenario to run instead of a file.
    title : str
        Name shown when the run is done.
    lang : {"lv", "en"}
        Language of the messages.
    previous_key : str, optional
        Session-state key holding the last successful results; on failure these are returned
        (with a note). None: a failure returns None.

    Returns
    -------
    Results or None
    """
    ran: set[str] = st.session_state.setdefault(_RAN_KEY, set())
    try:
        if key in ran or _quick_runs():
            # a run of the fast engine is short: a progress box would only flash
            results = _run_cached(key, scenario_path, None, scenario)
            ran.add(key)
        else:
            with st.status(t("run_running", lang), expanded=False) as status:
                bar = st.progress(0.0, text=t("run_running", lang))
                # The runner reports progress from inside the cached function. Updating the bar
                # from the caller's context keeps these updates out of the cache's replay log.
                outer = contextvars.copy_context()

                shown = [-1.0]

                def progress(fraction: float, message: str) -> None:
                    value = min(max(float(fraction), 0.0), 1.0)
                    # each update is a message to the browser: a quarter at a time is enough
                    if value - shown[0] < 0.25 and value < 1.0:
                        return
                    shown[0] = value
                    outer.run(bar.progress, value, text=message or t("run_running", lang))

                try:
                    results = _run_cached(key, scenario_path, progress, scenario)
                except Exception:
                    status.update(state="error")
                    raise
                bar.progress(1.0)
                status.update(label=t("run_done", lang, name=title), state="complete")
            ran.add(key)
    except IkmSimError as exc:
        st.error(t("run_failed", lang, message=str(exc)))
        previous: Results | None = st.session_state.get(previous_key) if previous_key else None
        if previous is None:
            st.info(t("run_none", lang))
            return None
        st.info(t("run_previous", lang, name=previous.scenario_name))
        return previous
    if previous_key:
        st.session_state[previous_key] = results
    return results


def _quick_runs() -> bool:
    """True when runs use the fast engine (no progress box is drawn for them)."""
    from ikm_sim.ui.runner import app_engine

    try:
        return app_engine() == "fast"
    except IkmSimError:
        return False

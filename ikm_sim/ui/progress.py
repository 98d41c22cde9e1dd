"""Running a scenario with the app's status box and progress bar, and errors as messages.

Also `LongRun`: the progress bar and Cancel button of a long run (an ensemble, a sensitivity
analysis), with the measurement of its speed.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from contextlib import ExitStack
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


def _cancel_flag(key: str) -> str:
    return f"_ikm_cancelled_{key}"


def _press_cancel(key: str) -> None:
    """The Cancel button's callback (it runs first in the rerun the click starts)."""
    st.session_state[_cancel_flag(key)] = True


def was_cancelled(key: str, lang: str) -> bool:
    """Whether the long run `key` was just cancelled; if so, say that earlier results are kept.

    Parameters
    ----------
    key : str
        The run's key (as given to `LongRun`).
    lang : {"lv", "en"}
        Language of the message.

    Returns
    -------
    bool
    """
    if not st.session_state.pop(_cancel_flag(key), False):
        return False
    st.info(t("run_cancelled", lang), icon=":material/cancel:")
    return True


def _streamlit_stop_check() -> None:
    """Let Streamlit stop this script run here if the user asked (a click reruns the page).

    A click on Cancel (or any widget) while the script runs asks Streamlit to rerun it; the
    request is served at the script's next Streamlit call. The check between two pieces of
    work is one, so a run stops after the piece in hand.
    """
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_run_yield_check
    except ImportError:  # another Streamlit version: the progress bar's updates still serve
        return
    check = get_run_yield_check()
    if check is not None:
        check()


class LongRun:
    """A long run's progress bar, its Cancel button and the measurement of its speed.

    Used as a context manager around the run: the bar and the button are drawn on entry and
    removed on exit; inside, the executor asks between pieces of work whether to stop
    (`ikm_sim.executor.cancellable`; its `Cancelled` ends the block, and the code after it
    runs). Pressing Cancel stops the run after the piece in hand
    (Streamlit reruns the page; `was_cancelled` then says so) and leaves the session's
    earlier results as they were. Each finished piece's time is kept (`ikm_sim.ui.speed`)
    for the next estimate.

    Parameters
    ----------
    key : str
        Widget key of the Cancel button (and of its flag, `was_cancelled`).
    text : callable
        ``text(done, total)``: the bar's label.
    total : int
        Samples of the run.
    final_year : int
        Last simulated year of the run's samples (for the speed measurement).
    lang : {"lv", "en"}
        Language of the button.
    """

    def __init__(
        self, key: str, text: Callable[[int, int], str], total: int, final_year: int, lang: str
    ) -> None:
        self.key, self.text, self.total = key, text, total
        self.final_year, self.lang = final_year, lang
        self._last = (0, time.perf_counter())
        self._stack = ExitStack()

    def _stop(self) -> bool:
        _streamlit_stop_check()
        return bool(st.session_state.get(_cancel_flag(self.key)))

    def __enter__(self) -> LongRun:
        from ikm_sim.executor import cancellable

        self._box = st.empty()
        with self._box.container():
            self._bar = st.progress(0.0, text=self.text(0, self.total))
            st.button(
                t("run_cancel", self.lang),
                key=self.key,
                on_click=_press_cancel,
                args=(self.key,),
                icon=":material/stop_circle:",
            )
        # Progress comes from inside cached functions: the bar is updated in this context so
        # the updates stay out of the cache's replay log.
        self._outer = contextvars.copy_context()
        self._stack.enter_context(cancellable(self._stop))
        self._last = (0, time.perf_counter())
        return self

    def progress(self, done: int, total: int) -> None:
        """Show `done` of `total` samples and keep the time of the piece just finished."""
        from ikm_sim.ui import speed

        now = time.perf_counter()
        speed.record(done - self._last[0], self.final_year, now - self._last[1])
        self._last = (done, now)
        value = min(max(done / total, 0.0), 1.0) if total else 1.0
        self._outer.run(self._bar.progress, value, text=self.text(done, total))

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> bool:
        """Remove the bar and the button; a `Cancelled` run ends here, said on the page."""
        from ikm_sim.executor import Cancelled

        self._stack.close()
        self._box.empty()
        if kind is None or not issubclass(kind, Cancelled):
            return False
        st.session_state[_cancel_flag(self.key)] = True
        return was_cancelled(self.key, self.lang)

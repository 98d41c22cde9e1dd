"""Long runs: cancelled between pieces of work (earlier results kept), quoted at measured speed."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
import pytest
import streamlit as st

import ikm_sim.uncertainty
from ikm_sim.executor import Cancelled, LocalExecutor, cancellable, executor
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import load_scenario
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui import speed
from ikm_sim.ui.ensembles import CANCEL_KEY
from ikm_sim.ui.ensembles import estimated_seconds as ensemble_seconds
from ikm_sim.ui.pages import uncertainty
from ikm_sim.ui.progress import _cancel_flag
from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
from tests.ui.test_uncertainty_page import _button, _fake_ensemble, _open

PIECE_SECONDS = 0.2


def _slow(i: int) -> int:
    time.sleep(PIECE_SECONDS)
    return i


def test_a_cancelled_run_stops_between_pieces_in_this_process() -> None:
    done: list[int] = []
    started = time.perf_counter()
    with pytest.raises(Cancelled), cancellable(lambda: len(done) >= 3):
        for result in LocalExecutor(1).ordered(_slow, [(i,) for i in range(50)]):
            done.append(result)
    assert done == [0, 1, 2]
    assert time.perf_counter() - started < 50 * PIECE_SECONDS / 2


def test_a_cancelled_run_stops_between_pieces_in_worker_processes() -> None:
    done: list[int] = []
    started = time.perf_counter()
    with pytest.raises(Cancelled), executor(None, 2) as ex, cancellable(lambda: len(done) >= 2):
        for result in ex.ordered(_slow, [(i,) for i in range(40)]):
            done.append(result)
    # at most the pieces in flight (the window) finish after the stop
    assert done == [0, 1]
    assert time.perf_counter() - started < 40 * PIECE_SECONDS / 2 / 2


def test_a_real_ensemble_stops_after_its_first_chunk() -> None:
    draws = draw_samples(300, UncertaintySpec(seed=3), "medium")
    scenario = load_scenario(SCENARIOS_DIR / "baseline.yaml")
    progress: list[int] = []
    with pytest.raises(Cancelled), cancellable(lambda: bool(progress)):
        run_ensemble(
            draws,
            scenario,
            final_year=2026,
            workers=1,
            chunk=100,
            progress=lambda d, t: progress.append(d),
        )
    assert progress == [100]  # one chunk of three ran


def _pieces_then_cancel(samples: pd.DataFrame, *args: Any, **kwargs: Any) -> Any:
    """A run in 50 slow pieces through the executor; the user cancels during the third."""
    progress = kwargs["progress"]
    ran: list[int] = []

    def piece(i: int) -> int:
        if i == 2:  # what a click on Cancel does in the app
            st.session_state[_cancel_flag(CANCEL_KEY)] = True
        return _slow(i)

    for i in LocalExecutor(1).ordered(piece, [(i,) for i in range(50)]):
        ran.append(i)
        progress(len(ran) * len(samples) // 50, len(samples))
    raise AssertionError(f"the run was not cancelled ({len(ran)} pieces ran)")


def test_a_cancelled_ensemble_keeps_the_earlier_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _fake_ensemble)
    uncertainty._ensemble_cached.clear()
    try:
        at = _open()
        _button(at).click().run()
        assert not at.exception, at.exception
        charts = len(at.get("vega_lite_chart"))
        assert charts > 0
        before = at.session_state[uncertainty.SESSION_KEY]
        monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _pieces_then_cancel)
        at.selectbox(key=uncertainty.N_KEY).set_value(1000).run()
        started = time.perf_counter()
        _button(at).click().run()
        seconds = time.perf_counter() - started
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        assert any("Aprēķins pārtraukts" in i.value for i in at.info)
        # stopped after the piece in hand (3 of 50), the earlier ensemble still shown
        assert seconds < 25 * PIECE_SECONDS, seconds
        assert at.session_state[uncertainty.SESSION_KEY] is before
        assert before.n == 100
        assert len(at.get("vega_lite_chart")) == charts
        assert not [b for b in at.button if b.key == CANCEL_KEY]  # the button is gone
    finally:
        uncertainty._ensemble_cached.clear()


def test_the_estimate_follows_the_measured_speed() -> None:
    prior = speed.estimated_seconds(1000)
    work = speed._benchmark_seconds(100, FINAL_YEAR)
    speed.record(100, FINAL_YEAR, 3 * work)  # this machine: three times the benchmark's time
    assert speed.speed_factor() == pytest.approx(3.0)
    slow = speed.estimated_seconds(1000)
    overhead = speed._overhead(FINAL_YEAR)
    assert slow - overhead == pytest.approx(3 * (prior - overhead))
    # a run to an earlier year is priced at the same speed, for fewer simulated years
    assert speed.estimated_seconds(1000, 2030) < slow
    for _ in range(speed.MAX_MEASUREMENTS):  # later, faster runs replace the slow one
        speed.record(100, 2030, speed._benchmark_seconds(100, 2030) / 2)
    assert speed.speed_factor() == pytest.approx(0.5)
    assert speed.estimated_seconds(1000) - overhead == pytest.approx((prior - overhead) / 2)
    assert len(speed._MEASURED) == speed.MAX_MEASUREMENTS  # bounded


def test_the_page_quotes_the_measured_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _fake_ensemble)
    at = _open()
    prior = [c.value for c in at.caption if "aptuveni" in c.value]
    assert prior and "izmērītā" not in prior[0]  # nothing measured yet: the benchmark's speed

    def quote(factor: float) -> str:
        speed.clear()
        speed.record(100, FINAL_YEAR, factor * speed._benchmark_seconds(100, FINAL_YEAR))
        at.run()
        assert not at.exception, at.exception
        quoted = [c.value for c in at.caption if "aptuveni" in c.value]
        assert quoted and "izmērītā ātruma" in quoted[0], quoted
        return str(quoted[0])

    slow, fast = quote(10.0), quote(0.5)
    assert f"aptuveni {ensemble_seconds(100)} s" in fast
    assert slow != fast
    seconds = [int(text.split("aptuveni ")[1].split(" s")[0]) for text in (slow, fast)]
    assert seconds[0] > 5 * seconds[1] / 2, seconds


def test_a_cancelled_sensitivity_run_keeps_the_earlier_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import ikm_sim.uncertainty.sensitivity as sens
    from ikm_sim.ui import sensitivity_run
    from ikm_sim.ui.pages import sensitivity as page
    from tests.ui.test_sensitivity_page import FakeMorris
    from tests.ui.test_sensitivity_page import _open as open_page

    morris = FakeMorris()
    st.cache_data.clear()
    monkeypatch.setattr(sens, "sensitivity", morris)
    at = open_page()
    next(b for b in at.button if b.key == page.RUN_KEY).click().run()
    assert not at.exception and len(at.get("vega_lite_chart")) == 2
    before = at.session_state[page._RESULTS_KEY]

    def cancelled_morris(*args: Any, **kwargs: Any) -> Any:
        progress = kwargs["progress"]

        def piece(i: int) -> int:
            if i == 1:
                st.session_state[_cancel_flag(sensitivity_run.CANCEL_KEY)] = True
            return _slow(i)

        for i in LocalExecutor(1).ordered(piece, [(i,) for i in range(40)]):
            progress(i + 1, 40)
        raise AssertionError("the analysis was not cancelled")

    monkeypatch.setattr(sens, "sensitivity", cancelled_morris)
    at.selectbox(key=page.R_KEY).set_value(8).run()  # a new cache key: runs again
    started = time.perf_counter()
    next(b for b in at.button if b.key == page.RUN_KEY).click().run()
    assert time.perf_counter() - started < 20 * PIECE_SECONDS
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Aprēķins pārtraukts" in i.value for i in at.info)
    assert len(at.get("vega_lite_chart")) == 2  # the earlier analysis is still shown
    assert at.session_state[page._RESULTS_KEY] is before
    st.cache_data.clear()

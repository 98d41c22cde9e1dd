"""How fast this machine runs ensemble samples: measured, for the time quoted before a long run.

The app quotes "about N s" before an ensemble or a sensitivity analysis. The quote follows the
speed measured in this server process: every piece of work of the app's runs (`record`, from
their progress) and one short ensemble at warm-up (`measure`) add a measurement; the last
`MAX_MEASUREMENTS` are kept (nothing else, so memory stays bounded). Their speed is taken
relative to the shape of `ikm_sim.uncertainty.ensemble.estimated_seconds` (how a sample's time
grows with the simulated years), so a measurement of runs to one year also prices runs to
another. Before anything is measured, that benchmark's speed is the quote.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from ikm_sim.settings import FINAL_YEAR

#: Measurements kept (each a piece of work of up to one chunk of samples).
MAX_MEASUREMENTS = 24
#: Samples of the warm-up measurement (one chunk of the ensemble) and its last year: short, so
#: the server starts soon; the years' shape carries it to longer runs.
WARM_SAMPLES, WARM_YEARS = 100, 6

_LOCK = threading.Lock()
#: (seconds measured, seconds the benchmark's speed gives for the same work).
_MEASURED: deque[tuple[float, float]] = deque(maxlen=MAX_MEASUREMENTS)


def _benchmark_seconds(samples: int, final_year: int) -> float:
    """Seconds the benchmark's speed gives for `samples` samples to `final_year` (no overhead)."""
    from ikm_sim.ui.runner import app_engine
    from ikm_sim.uncertainty.ensemble import estimated_seconds

    engine = app_engine()
    full = estimated_seconds(samples, 1, engine, final_year=final_year)
    return full - estimated_seconds(0, 1, engine, final_year=final_year)


def _overhead(final_year: int) -> float:
    from ikm_sim.ui.runner import app_engine
    from ikm_sim.uncertainty.ensemble import estimated_seconds

    return estimated_seconds(0, 1, app_engine(), final_year=final_year)


def record(samples: int, final_year: int, seconds: float) -> None:
    """Keep one measurement: `samples` samples simulated to `final_year` took `seconds`."""
    if samples <= 0 or not seconds > 0:
        return
    expected = _benchmark_seconds(samples, final_year)
    with _LOCK:
        _MEASURED.append((float(seconds), expected))


def clear() -> None:
    """Forget every measurement (the quote falls back to the benchmark's speed)."""
    with _LOCK:
        _MEASURED.clear()


def speed_factor() -> float | None:
    """Measured time over the benchmark's time for the same work (None: nothing measured)."""
    with _LOCK:
        taken = sum(m[0] for m in _MEASURED)
        expected = sum(m[1] for m in _MEASURED)
    return taken / expected if expected > 0 else None


def estimated_seconds(samples: int, final_year: int = FINAL_YEAR) -> float:
    """Seconds `samples` samples to `final_year` take in one process at the measured speed.

    Parameters
    ----------
    samples : int
        Model samples of the run.
    final_year : int
        Its last simulated year.

    Returns
    -------
    float
    """
    factor = speed_factor()
    work = _benchmark_seconds(samples, final_year)
    return _overhead(final_year) + (work if factor is None else factor * work)


def measure() -> float:
    """Time one short ensemble of the baseline here (warm-up) and keep it; return its seconds."""
    from ikm_sim.data.schema import BASE_YEAR
    from ikm_sim.paths import SCENARIOS_DIR
    from ikm_sim.scenario import load_scenario
    from ikm_sim.ui.runner import app_engine
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble

    final_year = BASE_YEAR + WARM_YEARS
    draws = draw_samples(WARM_SAMPLES, UncertaintySpec(), "medium")
    scenario = load_scenario(SCENARIOS_DIR / "baseline.yaml")
    # a first, shorter run prepares what every later run finds ready (the vectorised model)
    run_ensemble(draws, scenario, final_year=BASE_YEAR + 1, workers=1, engine=app_engine())
    start = time.perf_counter()
    run_ensemble(draws, scenario, final_year=final_year, workers=1, engine=app_engine())
    seconds = time.perf_counter() - start
    record(WARM_SAMPLES, final_year, seconds)
    return seconds


def note(lang: str) -> str:
    """What the quote rests on, for after it: the measured speed ("" before any measurement)."""
    if speed_factor() is None:
        return ""
    from ikm_sim.locale.formatting import format_number
    from ikm_sim.locale.i18n import t

    per_100 = estimated_seconds(100) - _overhead(FINAL_YEAR)
    return " " + t("estimate_measured", lang, rate=format_number(per_100, lang, 1))

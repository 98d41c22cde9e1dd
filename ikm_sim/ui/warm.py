"""Prepare the app before its first page (`ikm_sim.ui.serve` calls it in the server process).

A first-ever start would otherwise spend its first page load generating the fast engine from
the model file, checking every cell of the embedded data and running the model. This does all
three ahead of the first visitor, into the disk caches (`ikm_sim.run_cache`: the engine's
generated module, the checked dataset, a run of every shipped scenario) and, in the server's
process, into the app's in-memory caches. What is already prepared and unchanged is only looked
up, so later starts take a fraction of a second. ``python -m ikm_sim.ui.warm`` fills the disk
caches alone (exit status 1 if it could not: a container build stops there).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ikm_sim.errors import IkmSimError


def warm(stream: TextIO = sys.stderr) -> float:
    """Prepare the engine, the checked dataset and the shipped scenarios' runs; measure speed.

    Parameters
    ----------
    stream : file-like, optional
        Where to write one line per step.

    Returns
    -------
    float
        Seconds taken.
    """
    from ikm_sim.engines import prepare_engine
    from ikm_sim.ui import caches, speed, state
    from ikm_sim.ui.runner import app_engine

    start = time.perf_counter()

    def say(message: str) -> None:
        print(f"ikm-sim: {message} ({time.perf_counter() - start:.1f} s)", file=stream)

    data = caches.load_dataset()
    say("data checked")
    prepare_engine(app_engine(), data.directory)
    say("model engine ready")
    for path in state.scenario_files():
        # the same call (and cache key) as the pages' `state.get_results`
        caches._run_cached(state._scenario_key(path), str(path), None, None)
    say(f"{len(state.scenario_files())} shipped scenarios run")
    # the time quoted before a long run follows this machine's speed from the start
    try:
        speed.measure()
        say("speed of ensemble samples measured")
    except Exception as exc:  # only the quote rests on it (it falls back to the benchmark's)
        say(f"speed of ensemble samples not measured: {exc}")
    return time.perf_counter() - start


def main() -> bool:
    """Entry point: prepare, and report a problem in one line instead of a traceback.

    Returns
    -------
    bool
        True if everything was prepared.
    """
    import logging
    import warnings

    import streamlit.runtime.caching.cache_data_api  # noqa: F401 (its logger exists now)

    # Outside the server, Streamlit's caches warn that there is no runtime: not a problem here.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    try:
        warm()
    except IkmSimError as exc:
        # The app still starts and shows the problem on its pages (not in production: `serve`).
        print(f"ikm-sim: could not prepare the app: {exc}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

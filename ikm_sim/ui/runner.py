"""The model runner of the app, injectable: the real one by default, a stand-in in tests.

The app never asks which runner it has. An `AppRunner` says itself whether its results may be
kept in the disk cache (`keep_on_disk`): those of `ikm_sim.runner.run` on the embedded data may,
a stand-in's (``tests/ui/fakes.py`` injects them with `inject_runner`) may not unless the test
says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AppRunner:
    """A scenario runner and whether its results may be kept on disk.

    Attributes
    ----------
    run : callable
        Called like `ikm_sim.runner.run`: ``run(scenario=..., data=..., progress=...)``, and
        with ``final_year`` when `keep_on_disk`.
    keep_on_disk : bool
        Its results depend only on what the disk-cache key holds (scenario, model file, data,
        calibration, final year, code), so they may be stored and read back. Such a runner is
        called with the app's checked dataset and the key's final year.
    """

    run: Callable[..., Any]
    keep_on_disk: bool = False


def app_engine() -> str:
    """The engine the app passes to its runs: the default (`ikm_sim.engines.check_engine`)."""
    from ikm_sim.engines import check_engine

    return check_engine(None)


def _model_run(**kwargs: Any) -> Any:
    """`ikm_sim.runner.run` with the app's engine, imported on the first run (not on a disk hit)."""
    from ikm_sim.runner import run

    return run(**{"engine": app_engine(), **kwargs})


#: The runner of the app: `ikm_sim.runner.run`, kept on disk.
MODEL_RUNNER = AppRunner(_model_run, keep_on_disk=True)

#: The injected runner (None: `MODEL_RUNNER`); set by `inject_runner`.
injected: AppRunner | None = None


def app_runner() -> AppRunner:
    """Return the runner the app uses now: the injected one, else `MODEL_RUNNER`."""
    return injected or MODEL_RUNNER


def inject_runner(runner: AppRunner | None) -> None:
    """Make `runner` the app's runner in this process (None: back to `MODEL_RUNNER`).

    Parameters
    ----------
    runner : AppRunner or None
        The runner to use from now on.
    """
    global injected
    injected = runner

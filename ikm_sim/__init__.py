"""ikm-sim: a system-dynamics simulator of teacher supply and demand in Latvia.

The public API is small; the CLI, the app and the tests all use it:

- `load_scenario` reads and validates a scenario file (resolving ``extends:``);
- `run` runs a scenario and returns a `RunResult`;
- `compare` runs two scenarios and explains which levers moved the gap.

The names are imported lazily, so ``import ikm_sim`` stays cheap (no PySD import).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ikm_sim.settings import __version__

_EXPORTS = {
    "load_scenario": "ikm_sim.scenario",
    "Scenario": "ikm_sim.scenario",
    "run": "ikm_sim.runner",
    "RunResult": "ikm_sim.runner",
    "compare": "ikm_sim.compare",
    "Comparison": "ikm_sim.compare",
}

__all__ = ["Comparison", "RunResult", "Scenario", "__version__", "compare", "load_scenario", "run"]

if TYPE_CHECKING:
    from ikm_sim.compare import Comparison, compare
    from ikm_sim.runner import RunResult, run
    from ikm_sim.scenario import Scenario, load_scenario


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ikm_sim' has no attribute {name!r}")

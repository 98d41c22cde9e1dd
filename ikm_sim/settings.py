"""The project's fixed settings, each defined once: forecast horizon, default seed, version.

Every module that needs one of them imports it from here (this module imports nothing), so
changing the horizon or the seed is a one-line change.
"""

from __future__ import annotations

#: The package version (``pyproject.toml`` reads it from here: ``[tool.hatch.version]``).
__version__ = "0.1.0"

#: Last school year of a forecast (by the calendar year it starts in: 2050 = 2050/51), the
#: horizon of the ministry's own prototype (issue #19).
FINAL_YEAR = 2050

#: The planners' school year (2030/31): the default year of the Overview's charts and of the
#: builder's result cards.
PLANNING_YEAR = 2030

#: Default seed of the uncertainty sample draw and of the sensitivity designs (CLI and app).
DEFAULT_SEED = 20250

#: Sensitivity methods (CLI ``--method`` and the app's choice): Morris screening, Sobol indices.
SENSITIVITY_METHODS = ("morris", "sobol")

#: Environment variable choosing the fast engine's time loop: ``numpy`` (the default, unset
#: alike) or ``numba`` (the fused step compiled by numba, ``pip install 'ikm-sim[jit]'``;
#: a fresh process pays numba's import and the kernel's load from its cache).
FAST_JIT_ENV = "IKM_SIM_FAST_JIT"
#: The values `FAST_JIT_ENV` takes.
FAST_JIT_BACKENDS = ("numpy", "numba")

"""The ``ikm-sim`` command line, one module per command group.

`data` (``data check``, ``data build``), `scenarios` (``run``, ``validate``, ``compare``),
`calibration` (``calibrate``, ``backtest``, ``update``), `analyses` (``uncertainty``,
``sensitivity``) and `engine` (``engine check``) register their commands on `app`; what they
share (consoles, options, argument checks, progress) is in `_common`, their console tables in
`render`.
"""

from __future__ import annotations

import sys
from importlib import import_module

from ikm_sim.cli._apps import app
from ikm_sim.cli._common import fail, print_lines
from ikm_sim.errors import DataError, IkmSimError

__all__ = ["app", "main"]

#: Command groups in the order ``ikm-sim --help`` lists their commands.
GROUPS = ("data", "scenarios", "calibration", "analyses", "engine")
for _group in GROUPS:
    import_module(f"ikm_sim.cli.{_group}")


def main() -> None:
    """Entry point of the ``ikm-sim`` console script."""
    try:
        app()
    except DataError as exc:
        print_lines("Data problem", exc.problems)
        sys.exit(1)
    except IkmSimError as exc:
        fail(str(exc))
        sys.exit(1)

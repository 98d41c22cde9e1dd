"""The ``ikm-sim`` command line: data checks, dataset build, model runs.

Every command turns bad input into a short message and a non-zero exit code; no traceback
reaches the user for an `IkmSimError`.
"""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
data_app = typer.Typer(no_args_is_help=True, help="Check and build data directories.")
app.add_typer(data_app, name="data")
engine_app = typer.Typer(no_args_is_help=True, help="The two engines: check that they agree.")
app.add_typer(engine_app, name="engine")

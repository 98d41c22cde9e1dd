"""The ``ikm-sim`` command line: data checks, dataset build, model runs.

Every command turns bad input into a short message and a non-zero exit code; no traceback
reaches the user for an `IkmSimError`.
"""

from __future__ import annotations

import typer

#: What ``ikm-sim --help`` says (plain text: the module docstring is for the reader of the code).
APP_HELP = (
    "ikm-sim: teacher supply and demand in Latvia to 2050. Check and build data, run and "
    "compare scenarios, calibrate and backtest, uncertainty and sensitivity. Bad input gives "
    "a short message naming the file and field, and a non-zero exit code."
)
app = typer.Typer(no_args_is_help=True, add_completion=False, help=APP_HELP)
data_app = typer.Typer(no_args_is_help=True, help="Check and build data directories.")
app.add_typer(data_app, name="data")
engine_app = typer.Typer(no_args_is_help=True, help="The two engines: check that they agree.")
app.add_typer(engine_app, name="engine")

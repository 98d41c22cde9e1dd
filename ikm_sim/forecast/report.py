"""``report.md`` of a forecast directory: how past forecasts compared with what came."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ikm_sim.calibration.report import markdown_table
from ikm_sim.forecast.store import errors_by_lead

REPORT_FILE = "report.md"


def forecast_report_markdown(history: pd.DataFrame, latest: pd.DataFrame, origin: int) -> str:
    """The forecast report text.

    Parameters
    ----------
    history : pandas.DataFrame
        The kept error history (`ikm_sim.forecast.store.ERROR_COLUMNS`).
    latest : pandas.DataFrame
        The errors added by the latest update.
    origin : int
        The new forecast's origin (the latest year with data).

    Returns
    -------
    str
        Markdown.
    """
    lines = [
        "# Forecast errors",
        "",
        f"The stored forecast (`forecast.csv`) starts from {origin}/{(origin + 1) % 100:02d}, "
        "the latest school year with published figures. Each update scores the forecast "
        "stored before it against the newly published national totals: error = forecast − "
        "published, in % of the published value; `errors.csv` keeps every comparison, so the "
        "table by lead time shows whether the model is getting better.",
        "",
        "## Latest update",
        "",
    ]
    if latest.empty:
        lines.append("- no published figure of the new year was covered by the stored forecast")
    else:
        shown = latest[["series", "origin", "year", "lead", "forecast", "observed", "error_pct"]]
        lines.append(markdown_table(shown.rename(columns={"error_pct": "error %"}), 4))
    lines += ["", "## By lead time (all updates)", ""]
    by_lead = errors_by_lead(history)
    if by_lead.empty:
        lines.append("- none yet")
    else:
        lines.append(
            markdown_table(by_lead.rename(columns={"mape_pct": "MAPE %", "bias_pct": "bias %"}), 3)
        )
    return "\n".join(lines) + "\n"


def write_forecast_report(
    directory: Path, history: pd.DataFrame, latest: pd.DataFrame, origin: int
) -> Path:
    """Write ``report.md`` into `directory` (a staging directory) and return its path."""
    path = Path(directory) / REPORT_FILE
    path.write_text(forecast_report_markdown(history, latest, origin), encoding="utf-8")
    return path

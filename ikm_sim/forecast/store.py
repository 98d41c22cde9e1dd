"""The stored forecast and the kept history of its errors.

A forecast directory (default ``calibration/forecast/``) holds:

- ``forecast.csv``: the national forecast from the data's base year (its *origin*): ``origin,
  year, lead, quantity, value`` for the quantities of `SCORED_SERIES`;
- ``errors.csv``: every comparison of a stored forecast with figures published later,
  ``origin, year, lead, series, quantity, forecast, observed, error, error_pct`` (kept across
  updates; a re-scored origin, year and series replaces its row);
- ``errors_by_lead.csv``: MAPE and bias by series and lead time over that history.

`score_forecast` compares a forecast with newly published national totals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ikm_sim.calibration.targets import model_quantities
from ikm_sim.data.load import Dataset
from ikm_sim.runner import RunResult

FORECAST_FILE = "forecast.csv"
ERRORS_FILE = "errors.csv"
ERRORS_BY_LEAD_FILE = "errors_by_lead.csv"
#: Published series scored against the forecast -> the model quantity compared.
SCORED_SERIES: dict[str, str] = {
    "pedagogues_general": "school_pedagogues",
    "pupils_1_12": "pupils_total",
    "pupils_grade_1": "pupils_grade_1",
    "preschool_children": "preschool_children",
    "preschool_teachers": "preschool_teachers",
    "vacancies_general_fte": "school_vacancies_fte",
    "vacancies_preschool_fte": "preschool_vacancies_fte",
}
FORECAST_COLUMNS = ("origin", "year", "lead", "quantity", "value")
ERROR_COLUMNS = (
    "origin",
    "year",
    "lead",
    "series",
    "quantity",
    "forecast",
    "observed",
    "error",
    "error_pct",
)


def forecast_table(result: RunResult, data: Dataset, origin: int) -> pd.DataFrame:
    """The national forecast of a run as a long table (`FORECAST_COLUMNS`).

    Parameters
    ----------
    result : RunResult
        A run starting at `origin`.
    data : Dataset
        Its data (for the pension age of the working-pensioner share).
    origin : int
        The run's base year.

    Returns
    -------
    pandas.DataFrame
        One row per year and quantity of `SCORED_SERIES`.
    """
    q = model_quantities(
        result.supply_demand,
        result.pupils,
        result.preschool,
        result.teachers_by_age,
        data.retirement_age,
    )
    q = q[sorted(set(SCORED_SERIES.values()))]
    long = q.rename_axis("year").reset_index().melt("year", var_name="quantity")
    long.insert(0, "origin", origin)
    long.insert(2, "lead", long["year"] - origin)
    return long.sort_values(["quantity", "year"]).reset_index(drop=True)[list(FORECAST_COLUMNS)]


def read_forecast(directory: Path) -> pd.DataFrame | None:
    """The stored forecast of a forecast directory, or None if there is none."""
    path = Path(directory) / FORECAST_FILE
    return pd.read_csv(path) if path.is_file() else None


def read_errors(directory: Path) -> pd.DataFrame:
    """The kept error history (empty with `ERROR_COLUMNS` if there is none)."""
    path = Path(directory) / ERRORS_FILE
    if path.is_file():
        return pd.read_csv(path)
    return pd.DataFrame(columns=list(ERROR_COLUMNS))


def score_forecast(forecast: pd.DataFrame, observed: pd.DataFrame) -> pd.DataFrame:
    """Errors of a stored forecast against published national values.

    Parameters
    ----------
    forecast : pandas.DataFrame
        A stored forecast (`FORECAST_COLUMNS`).
    observed : pandas.DataFrame
        Published values: ``series, year, value`` (national).

    Returns
    -------
    pandas.DataFrame
        `ERROR_COLUMNS`, one row per published value the forecast covers after its origin;
        ``error = forecast - observed`` and ``error_pct`` in % of the observed value.
    """
    obs = observed[observed["series"].isin(list(SCORED_SERIES))].copy()
    obs["quantity"] = obs["series"].map(SCORED_SERIES)
    merged = obs.merge(forecast, on=["quantity", "year"], suffixes=("_obs", ""))
    merged = merged[merged["lead"] > 0]
    out = pd.DataFrame(
        {
            "origin": merged["origin"].astype(int),
            "year": merged["year"].astype(int),
            "lead": merged["lead"].astype(int),
            "series": merged["series"],
            "quantity": merged["quantity"],
            "forecast": merged["value"].astype(float),
            "observed": merged["value_obs"].astype(float),
        }
    )
    out["error"] = out["forecast"] - out["observed"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["error_pct"] = 100 * out["error"] / out["observed"].where(out["observed"] != 0)
    return out.reset_index(drop=True)[list(ERROR_COLUMNS)]


def merge_errors(history: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The error history with `new` added (a re-scored origin, year and series replaces)."""
    frames = [f for f in (history, new) if len(f)]
    if not frames:
        return pd.DataFrame(columns=list(ERROR_COLUMNS))
    both = pd.concat(frames, ignore_index=True)
    both = both.drop_duplicates(["origin", "year", "series"], keep="last")
    return both.sort_values(["series", "origin", "year"]).reset_index(drop=True)[
        list(ERROR_COLUMNS)
    ]


def errors_by_lead(errors: pd.DataFrame) -> pd.DataFrame:
    """MAPE and bias of the error history by series and lead time.

    Returns
    -------
    pandas.DataFrame
        ``series, lead, n, mape_pct, bias_pct, origins`` (origins as ``first-last``).
    """
    if errors.empty:
        return pd.DataFrame(columns=["series", "lead", "n", "mape_pct", "bias_pct", "origins"])
    g = errors.groupby(["series", "lead"])
    out = pd.DataFrame(
        {
            "n": g.size(),
            "mape_pct": g["error_pct"].apply(lambda e: float(np.mean(np.abs(e)))),
            "bias_pct": g["error_pct"].mean(),
            "origins": g["origin"].agg(lambda o: f"{int(o.min())}-{int(o.max())}"),
        }
    )
    return out.reset_index()


def write_forecast_dir(directory: Path, forecast: pd.DataFrame, errors: pd.DataFrame) -> None:
    """Write the forecast, the error history and its summary into `directory` (a staging one).

    Parameters
    ----------
    directory : pathlib.Path
        Directory to write to (created if missing).
    forecast, errors : pandas.DataFrame
        `forecast_table` and `merge_errors` results.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    forecast.round(4).to_csv(directory / FORECAST_FILE, index=False)
    errors.round(4).to_csv(directory / ERRORS_FILE, index=False)
    errors_by_lead(errors).round(4).to_csv(directory / ERRORS_BY_LEAD_FILE, index=False)

"""Read the calibration report files for the app (without importing `ikm_sim.calibration`).

`ikm-sim calibrate` writes ``calibration/calibrated.yaml`` and ``calibration/report/`` with
``report.md``, ``fit.csv``, ``estimates.csv``, ``backtest.csv``, ``backtest_by_lead.csv``,
``backtest_shortfalls.csv``, ``coverage.csv``, ``widening.csv`` and ``charts/*.png|svg``;
``ikm-sim update`` writes ``forecast/errors_by_lead.csv``. Every file is optional here: what
is missing is reported as missing, never as an error. Set ``IKM_SIM_CALIBRATION_DIR`` to read
another calibration directory (tests do).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ikm_sim.paths import CALIBRATION_DIR

#: Environment variable that points the app at another calibration directory.
ENV_DIR = "IKM_SIM_CALIBRATION_DIR"


def calibration_dir() -> Path:
    """Return the calibration directory (``IKM_SIM_CALIBRATION_DIR`` or ``calibration/``)."""
    value = os.environ.get(ENV_DIR)
    return Path(value) if value else CALIBRATION_DIR


@dataclass(frozen=True)
class CalibrationReport:
    """What exists of the calibration report.

    Attributes
    ----------
    directory : pathlib.Path
        The calibration directory.
    parameters : dict
        ``calibrated.yaml``'s ``parameters:`` (empty when the file is missing or unreadable).
    estimates, fit, backtest, backtest_by_lead, backtest_shortfalls : pandas.DataFrame or None
        The report's tables (None when missing).
    coverage : pandas.DataFrame or None
        Coverage of the uncertainty bands in the backtests (``coverage.csv``).
    funding_fit, funding_plans : pandas.DataFrame or None
        The state grant and the cost per full load against the published budget totals
        (``funding_fit.csv``), and against the budget plans after the data (``funding_plans.csv``).
    forecast_errors : pandas.DataFrame or None
        Errors of the stored forecasts by lead time, from the updates so far.
    charts : list of pathlib.Path
        PNG charts of simulated vs historical series, in name order (the backtest chart is
        drawn by the page itself, in the page's language).
    markdown : str or None
        ``report.md`` without its image lines.
    warnings : list of str
        The report's warnings section.
    fit_meta : dict
        ``calibrated.yaml``'s ``fit:`` facts as text (``fitted_at``, ``package_version``,
        ``data_directory``; empty when missing).
    """

    directory: Path
    parameters: dict[str, float] = field(default_factory=dict)
    estimates: pd.DataFrame | None = None
    fit: pd.DataFrame | None = None
    backtest: pd.DataFrame | None = None
    backtest_by_lead: pd.DataFrame | None = None
    backtest_shortfalls: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    forecast_errors: pd.DataFrame | None = None
    funding_fit: pd.DataFrame | None = None
    funding_plans: pd.DataFrame | None = None
    charts: list[Path] = field(default_factory=list)
    markdown: str | None = None
    warnings: list[str] = field(default_factory=list)
    fit_meta: dict[str, str] = field(default_factory=dict)

    @property
    def has_report(self) -> bool:
        """True when the report (``report.md`` or any of its tables) exists."""
        return self.markdown is not None or self.estimates is not None or self.fit is not None


def _csv(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path)
    except (OSError, ValueError, pd.errors.ParserError):
        return None


def _section(path: Path, name: str) -> dict[str, object]:
    """The mapping `name` of the YAML file `path` (empty when missing or unreadable)."""
    if not path.is_file():
        return {}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    values = doc.get(name) if isinstance(doc, dict) else None
    return {str(k): v for k, v in values.items()} if isinstance(values, dict) else {}


def _parameters(path: Path) -> dict[str, float]:
    values = _section(path, "parameters")
    return {k: float(v) for k, v in values.items() if isinstance(v, int | float)}


#: Facts of ``calibrated.yaml``'s ``fit:`` that the downloads' metadata names.
FIT_FACTS = ("fitted_at", "package_version", "data_directory")


def _fit_meta(path: Path) -> dict[str, str]:
    fit = _section(path, "fit")
    return {k: str(fit[k]) for k in FIT_FACTS if isinstance(fit.get(k), str | int | float)}


def _warnings(markdown: str) -> list[str]:
    match = re.search(r"^## Warnings\s*\n(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    if not match:
        return []
    items = [line[2:].strip() for line in match.group(1).splitlines() if line.startswith("- ")]
    return [i for i in items if i and i.lower() != "none"]


def read_report(directory: Path | None = None) -> CalibrationReport:
    """Read whatever exists of the calibration report.

    Parameters
    ----------
    directory : pathlib.Path, optional
        Calibration directory; default `calibration_dir`.

    Returns
    -------
    CalibrationReport
    """
    base = directory if directory is not None else calibration_dir()
    report = base / "report"
    markdown = None
    md_file = report / "report.md"
    if md_file.is_file():
        text = md_file.read_text(encoding="utf-8", errors="replace")
        markdown = "\n".join(line for line in text.splitlines() if not line.startswith("!["))
    pngs = sorted((report / "charts").glob("*.png")) if (report / "charts").is_dir() else []
    charts = [png for png in pngs if not png.stem.startswith("backtest")]
    return CalibrationReport(
        directory=base,
        parameters=_parameters(base / "calibrated.yaml"),
        estimates=_csv(report / "estimates.csv"),
        fit=_csv(report / "fit.csv"),
        backtest=_csv(report / "backtest.csv"),
        backtest_by_lead=_csv(report / "backtest_by_lead.csv"),
        backtest_shortfalls=_csv(report / "backtest_shortfalls.csv"),
        coverage=_csv(report / "coverage.csv"),
        forecast_errors=_csv(base / "forecast" / "errors_by_lead.csv"),
        funding_fit=_csv(report / "funding_fit.csv"),
        funding_plans=_csv(report / "funding_plans.csv"),
        charts=charts,
        markdown=markdown,
        warnings=_warnings(markdown or ""),
        fit_meta=_fit_meta(base / "calibrated.yaml"),
    )

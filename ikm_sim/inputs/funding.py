"""Funding inputs: grant-rate paths and the costs, from ``funding.csv``.

A school year's rate is the mean over its twelve months (September to August) of the rate in
force, so a January rise counts for eight months of that school year. Only figures that are not
plans are used; the last one is held, and before the first one the first is held. Plans and
drafts stay in the table for scenarios and comparisons, never for the baseline. The paths of the
pay rates and the employer contribution are levers (`ikm_sim.inputs.levers` builds them with
`school_year_path`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import GRADES
from ikm_sim.errors import IkmSimError
from ikm_sim.inputs.common import (
    GRADE_LABELS,
    PATH_YEARS,
    Window,
    cached,
    file_cached,
    frozen,
    lookup_series,
)
from ikm_sim.model.parameters import CALIBRATED_FILE, load_grant_scale

#: The funding item of each grade's per-pupil grant rate (grade bands of MK 376).
GRADE_BAND_ITEMS = {
    **dict.fromkeys(range(1, 7), "grant_rate_grades_1_6"),
    **dict.fromkeys(range(7, 10), "grant_rate_grades_7_9"),
    **dict.fromkeys(range(10, 13), "grant_rate_grades_10_12"),
}
#: Month a school year starts in (September of the year that names it).
SCHOOL_YEAR_START_MONTH = 9


def _actual_points(data: Dataset, item: str) -> pd.Series:
    """Rows of `item` that are not plans: value by month index (year * 12 + month - 1)."""
    points: dict[str, pd.Series] = cached(data, ("funding points",), lambda: _points(data))
    if item not in points:
        raise IkmSimError(
            f"funding.csv: no figure for item {item!r} (plan = false); the model needs one"
        )
    return points[item]


def _points(data: Dataset) -> dict[str, pd.Series]:
    """Every item's figures that are not plans, by month index (sorted)."""
    f = data.funding
    rows = f[~f["plan"].astype(bool)]
    months = np.array([_month(str(e)) for e in rows["effective"]], dtype=np.int64)
    values = rows["value"].to_numpy(dtype=float)
    items = rows["item"].astype(str).to_numpy()
    return {
        item: pd.Series(values[items == item], index=months[items == item]).sort_index()
        for item in dict.fromkeys(items.tolist())
    }


def _month(effective: str) -> int:
    return int(effective[:4]) * 12 + int(effective[5:7]) - 1


def _school_year_months() -> np.ndarray:
    """Month indices of every school year of `PATH_YEARS` (September to August), (years, 12)."""
    first = PATH_YEARS * 12 + SCHOOL_YEAR_START_MONTH - 1
    return first[:, None] + np.arange(12)[None, :]


def rate_in_force(data: Dataset, item: str, months: np.ndarray) -> np.ndarray:
    """The latest figure of `item` in force in each month (the first figure before it).

    Parameters
    ----------
    data : Dataset
        The dataset (its ``funding`` table).
    item : str
        A rate item of `ikm_sim.data.schema.FUNDING_ITEMS`.
    months : numpy.ndarray
        Month indices (year * 12 + month - 1), any shape.

    Returns
    -------
    numpy.ndarray
        The figures, shaped like `months` (plans left out).
    """
    points = _actual_points(data, item)
    starts = points.index.to_numpy()
    values = points.to_numpy()
    where = np.clip(np.searchsorted(starts, months, side="right") - 1, 0, len(values) - 1)
    return values[where]


def school_year_path(data: Dataset, item: str) -> np.ndarray:
    """The school-year mean of the rate in force, one value per year of `PATH_YEARS`.

    Parameters
    ----------
    data : Dataset
        The dataset (its ``funding`` table).
    item : str
        A rate item of `ikm_sim.data.schema.FUNDING_ITEMS`.

    Returns
    -------
    numpy.ndarray
        For school year t, the mean over September t to August t+1 of the latest figure in
        force (the first figure before it; plans left out).
    """
    path: np.ndarray = cached(
        data,
        ("school year path", item),
        lambda: frozen(rate_in_force(data, item, _school_year_months()).mean(axis=1)),
    )
    return path


def grant_rate_path(data: Dataset, item: str, pay_item: str) -> np.ndarray:
    """School-year mean of a per-pupil grant rate, back-cast before its first figure.

    Before the per-pupil model (Sep 2022) the grant was computed from teacher rates times the
    lowest pay rate times the employer contribution (the 2009 and 2016 models,
    ``latvia-funding.md`` 2.3), so before the first published rate the rate is that first
    rate moved with the lowest pay rate `pay_item` times (1 + employer contribution).

    Parameters
    ----------
    data : Dataset
        The dataset (its ``funding`` table).
    item : str
        A ``grant_rate_*`` item.
    pay_item : str
        The lowest-pay item the grant followed before (general or preschool).

    Returns
    -------
    numpy.ndarray
        One value per year of `PATH_YEARS`, EUR per pupil and month.
    """
    months = _school_year_months()
    rates = rate_in_force(data, item, months)
    first = int(_actual_points(data, item).index[0])

    def pay_cost(m: np.ndarray) -> np.ndarray:
        vsaoi = rate_in_force(data, "employer_contribution_rate", m) / 100.0
        return rate_in_force(data, pay_item, m) * (1.0 + vsaoi)

    anchor = np.array([first])
    backcast = rates * pay_cost(months) / pay_cost(anchor)[0]
    return np.where(months < first, backcast, rates).mean(axis=1)


def latest_value(data: Dataset, item: str) -> float:
    """The latest figure of `item` that is not a plan."""
    return float(_actual_points(data, item).iloc[-1])


def base_lowest_pay(data: Dataset) -> float:
    """The general lowest pay rate in force in the month the published average pay was measured.

    The average (1,478 in Sep 2023, tarification of 15 Oct) was paid at the rate of that
    month, not at the school-year mean (which includes the January 2024 rise).
    """
    f = data.funding
    rows = f[(f["item"] == "average_pay_full_load") & ~f["plan"].astype(bool)]
    month = _month(str(rows["effective"].max()))
    return float(rate_in_force(data, "lowest_pay_full_load", np.array([month]))[0])


def _grant_paths(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """The per-pupil grant rate by year and grade, and the preschool rate by year."""
    grade_paths = {
        item: grant_rate_path(data, item, "lowest_pay_full_load")
        for item in sorted(set(GRADE_BAND_ITEMS.values()))
    }
    grades = np.stack([grade_paths[GRADE_BAND_ITEMS[g]] for g in GRADES], axis=1)
    preschool = "grant_rate_preschool_5plus", "lowest_pay_full_load_preschool"
    return grades, grant_rate_path(data, *preschool)


def _build(data: Dataset, window: Window | None) -> dict[str, Any]:
    grades, preschool = cached(data, ("grant paths",), lambda: _grant_paths(data))
    return {
        "Published Average Pay": latest_value(data, "average_pay_full_load"),
        "Base Lowest Pay": base_lowest_pay(data),
        "Pupil Grant Rate": lookup_series(grades, {"Grade": GRADE_LABELS}, window),
        "Preschool Grant Rate": lookup_series(preschool, None, window),
        "Cost per Study Place": latest_value(data, "cost_per_teacher_place"),
        "Cost per Macitspeks Participant": latest_value(data, "macitspeks_cost_per_participant"),
        "Published Funded Study Places": latest_value(data, "funded_study_places_teacher")
        - latest_value(data, "funded_study_places_macitspeks"),
    }


def funding_inputs(data: Dataset, window: Window | None = None) -> dict[str, Any]:
    """The funding sector's inputs, keyed by the model's variable names.

    Parameters
    ----------
    data : Dataset
        The dataset (its ``funding`` table).
    window : tuple of float, optional
        First and last simulated year: the lookup paths are thinned to it
        (`ikm_sim.model.lookup_paths.thin_path`).

    Returns
    -------
    dict
        Grant-rate paths (`pandas.Series` by year) and constants,
        with the fitted grant scale of ``calibration/calibrated.yaml``.
    """
    inputs = cached(data, ("funding inputs", window), lambda: _build(data, window))
    return inputs | {"Grant Scale": file_cached(CALIBRATED_FILE, load_grant_scale)}

"""Funding inputs: pay-rate, grant-rate and contribution paths and the costs, from ``funding.csv``.

A school year's rate is the mean over its twelve months (September to August) of the rate in
force, so a January rise counts for eight months of that school year. Only figures that are not
plans are used; the last one is held, and before the first one the first is held. Plans and
drafts stay in the table for scenarios and comparisons, never for the baseline.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import GRADES
from ikm_sim.errors import IkmSimError
from ikm_sim.inputs.common import GRADE_LABELS, PATH_YEARS, cached, lookup_series

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
    f = data.funding
    rows = f[(f["item"] == item) & ~f["plan"].astype(bool)]
    if rows.empty:
        raise IkmSimError(
            f"funding.csv: no figure for item {item!r} (plan = false); the model needs one"
        )
    months = [int(e[:4]) * 12 + int(e[5:7]) - 1 for e in rows["effective"]]
    return pd.Series(rows["value"].to_numpy(dtype=float), index=months).sort_index()


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
    points = _actual_points(data, item)
    starts = points.index.to_numpy()
    values = points.to_numpy()
    first = PATH_YEARS * 12 + SCHOOL_YEAR_START_MONTH - 1
    months = first[:, None] + np.arange(12)[None, :]
    where = np.clip(np.searchsorted(starts, months, side="right") - 1, 0, len(values) - 1)
    return values[where].mean(axis=1)


def latest_value(data: Dataset, item: str) -> float:
    """The latest figure of `item` that is not a plan."""
    return float(_actual_points(data, item).iloc[-1])


def base_lowest_pay(data: Dataset) -> float:
    """The general lowest pay rate of the school year of the published average pay."""
    f = data.funding
    rows = f[(f["item"] == "average_pay_full_load") & ~f["plan"].astype(bool)]
    effective = str(rows["effective"].max())
    year, month = int(effective[:4]), int(effective[5:7])
    school_year = year if month >= SCHOOL_YEAR_START_MONTH else year - 1
    path = school_year_path(data, "lowest_pay_full_load")
    return float(path[int(np.searchsorted(PATH_YEARS, school_year))])


def _build(data: Dataset) -> dict[str, Any]:
    grade_paths = {
        item: school_year_path(data, item) for item in sorted(set(GRADE_BAND_ITEMS.values()))
    }
    grades = np.stack([grade_paths[GRADE_BAND_ITEMS[g]] for g in GRADES], axis=1)
    return {
        "Lowest Pay Rate": lookup_series(school_year_path(data, "lowest_pay_full_load")),
        "Lowest Pay Rate Preschool": lookup_series(
            school_year_path(data, "lowest_pay_full_load_preschool")
        ),
        "Published Average Pay": latest_value(data, "average_pay_full_load"),
        "Base Lowest Pay": base_lowest_pay(data),
        "Employer Contribution Rate": lookup_series(
            school_year_path(data, "employer_contribution_rate") / 100.0
        ),
        "Pupil Grant Rate": lookup_series(grades, {"Grade": GRADE_LABELS}),
        "Preschool Grant Rate": lookup_series(school_year_path(data, "grant_rate_preschool_5plus")),
        "Cost per Study Place": latest_value(data, "cost_per_teacher_place"),
        "Cost per Macitspeks Participant": latest_value(data, "macitspeks_cost_per_participant"),
    }


def funding_inputs(data: Dataset) -> dict[str, Any]:
    """The funding sector's inputs, keyed by the model's variable names.

    Parameters
    ----------
    data : Dataset
        The dataset (its ``funding`` table).

    Returns
    -------
    dict
        Pay-rate, contribution and grant-rate paths (`pandas.Series` by year) and constants.
    """
    return dict(cached(data, ("funding",), lambda: _build(data)))

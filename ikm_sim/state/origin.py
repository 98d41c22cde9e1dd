"""The data as known at a forecast origin, with the model's state in that year.

`origin_dataset` cuts every observed table to the years up to the origin O and adds the state
of year O the data lacks: the registry-like teacher stocks exist only for a few years (2012
and 2023 in the embedded data), so the teachers (and vacancies, and preschool children before
their first year) of O come from a run from the data's earlier base year to O with the given
parameters, scaled to the totals published for O (`ikm_sim.state.anchor.anchored_rows`, the
re-anchoring of ``ikm-sim update``). Pupils of O come from the data's own table of year O.
A run with ``base_year=O`` then starts from the state the data gave at O.

Exogenous inputs after O are kept as observed, so forecasts from O are conditional on them:
births (``births``, ``births_by_municipality``), the workload rules, the pension age, and the
series in `EXOGENOUS_SERIES` (the school-network consolidation, the Mācītspēks intake and
pupils arriving from abroad).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.inputs import ARRIVAL_SERIES, demand_inputs
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.state.anchor import anchored_rows

#: National series kept after the origin: inputs, not outcomes, of a forecast.
EXOGENOUS_SERIES = ("schools_general", "macitspeks_intake", *ARRIVAL_SERIES)
#: Tables of observed outcomes, cut at the origin.
OBSERVED_TABLES = ("pupils", "preschool", "teachers", "vacancies", "history", "published_totals")
#: Tables of the state at the origin, added where the data has no rows of that year.
STATE_TABLES = ("teachers", "vacancies", "pupils", "preschool")


def data_until(data: Dataset, year: int) -> Dataset:
    """The dataset without observed rows after `year` (exogenous inputs kept whole).

    Parameters
    ----------
    data : Dataset
        The full dataset.
    year : int
        Last school year kept in `OBSERVED_TABLES` (series of `EXOGENOUS_SERIES` excepted).

    Returns
    -------
    Dataset
        A new in-memory dataset (same directory, its own fingerprint).
    """
    cut: dict[str, Any] = {}
    for name in OBSERVED_TABLES:
        frame = data.table(name)
        keep = frame["year"] <= year
        if "series" in frame.columns:
            keep |= frame["series"].isin(EXOGENOUS_SERIES)
        cut[name] = frame[keep].reset_index(drop=True)
    return dataclasses.replace(data, fingerprint=_fingerprint(data, f"until {year}"), **cut)


def _fingerprint(data: Dataset, what: str) -> str:
    return hashlib.sha256(f"{data.fingerprint}\0{what}".encode()).hexdigest()


def window_cohort_ratios(
    data: Dataset, start_year: int, end_year: int, parameters: BehaviouralParameters
) -> dict[str, Any]:
    """Entry and progression ratios averaged over the school years `start_year`-`end_year`.

    `ikm_sim.inputs.demand_inputs` estimates them from the four school years before a
    base year; this averages its estimates for base years every four years from
    ``start_year + 4`` up to the last year with pupils at or before `end_year`, so the whole
    window counts (the ratios of the calibration runs, `ikm_sim.calibration.simulate`).

    Parameters
    ----------
    data : Dataset
        The dataset.
    start_year, end_year : int
        The window.
    parameters : BehaviouralParameters
        Parameters (`demand_inputs` takes them; the ratios do not depend on them).

    Returns
    -------
    dict
        ``{"Entry Ratio": DataArray, "Progression Ratio": DataArray}`` (model overrides).
    """
    years = set(data.pupils["year"])
    last = max(y for y in years if y <= end_year)
    bases = sorted({*range(start_year + 4, last + 1, 4), last})
    regions, subjects = data.regions, data.subject_codes
    ds = [demand_inputs(data, regions, subjects, parameters, b) for b in bases]
    return {
        name: sum(d[name] for d in ds) / len(ds) for name in ("Entry Ratio", "Progression Ratio")
    }


def origin_dataset(data: Dataset, origin: int, parameters: BehaviouralParameters) -> Dataset:
    """The data as known at `origin`, with the state of that year (see the module docstring).

    Parameters
    ----------
    data : Dataset
        The full dataset.
    origin : int
        The forecast origin O (a school year with pupils and births in the data).
    parameters : BehaviouralParameters
        Parameters of the roll-forward run to O (those fitted on the years up to O).

    Returns
    -------
    Dataset
        No observed row after O; teachers, pupils and vacancies of O present, so
        ``ikm_sim.runner.run(data=..., base_year=O)`` starts from O. The roll-forward uses
        the cohort ratios of the window from the earlier base year to O
        (`window_cohort_ratios`), as the calibration runs do, and, for an origin before the
        first year of preschool rows, the enrolment rates of that first year (as a run from
        the earlier base year on the full data does); only the simulated children of O are
        kept.
    """
    cut = data_until(data, origin)
    start = cut.base_year
    if start == origin:
        return cut
    roll = cut
    if cut.preschool.empty and not data.preschool.empty:
        # preschool enrolment rates need a year of preschool rows: the first one the data has
        first = data.preschool[data.preschool["year"] == data.preschool["year"].min()]
        roll = dataclasses.replace(cut, preschool=first.reset_index(drop=True))
    overrides = window_cohort_ratios(roll, start, origin, parameters)
    rows = anchored_rows(roll, parameters, origin, required=(), model_overrides=overrides)
    tables: dict[str, Any] = {}
    for name in STATE_TABLES:
        frame = cut.table(name)
        if (frame["year"] == origin).any() or name not in rows:
            continue
        new = rows[name].astype(frame.dtypes.to_dict())
        tables[name] = pd.concat([frame, new], ignore_index=True)
    what = f"origin {origin} {json.dumps(parameters.model_dump(), sort_keys=True)}"
    return dataclasses.replace(cut, fingerprint=_fingerprint(data, what), **tables)


def national_grades(data: Dataset, year: int) -> np.ndarray:
    """Pupils by grade 1-12 (national sums) of `year` in the data's pupils table."""
    p = data.pupils[data.pupils["year"] == year]
    return p.groupby("grade")["pupils"].sum().reindex(range(1, 13)).fillna(0.0).to_numpy(float)

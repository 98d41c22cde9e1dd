"""Uncertain model inputs beside the behavioural parameters, sized from the published series.

Each source is drawn in standard deviations (column ``<source>_z`` of the sample draws,
truncated normal at ±`TRUNCATION`) and turned into a change of one or more model inputs,
named by their model variable, with a size `source_sizes` computes from the dataset (the
grade-1 entry level is drawn by `ikm_sim.uncertainty.sampling` itself, ``entry_level_z``):

* ``progression_1_9``, ``progression_9_10``, ``progression_10_12``: multipliers on
  ``Progression Ratio`` of grades 1-8 (promotion to grades 2-9), grade 9 (continuation to 10)
  and grades 10-11. Grades 1-9: the coefficient of variation of the published ISCED 1 pupils
  (grades 1-6) per birth of their six cohorts, divided by the mean number of promotions those
  pupils have had (2.5). Grades 9-12: the coefficient of variation of the grade-12 per grade-9
  ratios (same year and same cohort), split evenly between the 9 → 10 step and the two steps of
  grades 10-12 (the points marked ``derived`` are kept here: one published pair alone has no
  spread).
* ``arrivals``: net pupils arriving from abroad per year (added to ``Arrivals from Abroad`` in
  every year after the base year, spread over municipalities by their pupils); sd = standard
  deviation of the published ``pupils_1_12`` totals' annual changes.
* ``loads``: multiplier on ``Load per Head``; at ±2.5 sd the mean load moves by a quarter rate
  for the teachers over one rate or under half a rate (``share_over_one_rate`` and
  ``share_under_half_rate``, the average of the two).
* ``teachers_level``, ``pupils_level``: multipliers on ``Initial Teachers`` and
  ``Initial Pupils``; sd = the measurement error of the published totals (1/weight of the
  ``school_pedagogues`` and ``pupils_total`` targets in ``calibration/targets.yaml``).
* ``macitspeks``: multiplier on ``Macitspeks Intake`` after the base year; sd = coefficient of
  variation of the published intake.
* ``language_exits``: multiplier on ``Language Exit Rate``; no series is published, so its sd is
  a judgement (`LANGUAGE_EXIT_SD`: the rate rests on press counts of dismissals, known to
  about a half).

A column ``<source>_sd`` of the draws, when present, replaces the computed size. A source
whose column is missing or zero leaves its inputs untouched (the same objects), so
with every source off a run equals the deterministic run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.calibration.targets import load_targets
from ikm_sim.data.load import Dataset
from ikm_sim.engines.ensemble_model import SAMPLE_DIM
from ikm_sim.inputs.samples import over_samples, rows_over_samples
from ikm_sim.scenario import LEVERS

#: Sources in the order of the Latin hypercube's columns.
SOURCES = (
    "progression_1_9",
    "progression_9_10",
    "progression_10_12",
    "arrivals",
    "loads",
    "teachers_level",
    "pupils_level",
    "macitspeks",
    "language_exits",
)
#: Draws are truncated at this many standard deviations.
TRUNCATION = 2.5
#: Relative sd of the language exit rate (a judgement: no published series).
LANGUAGE_EXIT_SD = 0.5
#: Mean number of promotions of pupils in grades 1-6 (grade g has had g - 1).
ISCED1_STEPS = 2.5
#: A quarter of a rate: the load change at the truncation limit (see ``loads``).
LOAD_SHIFT = 0.25
#: Grade labels of each progression band (a grade's ratio is its promotion to the next).
PROGRESSION_BANDS = {
    "progression_1_9": tuple(f"G{g}" for g in range(1, 9)),
    "progression_9_10": ("G9",),
    "progression_10_12": ("G10", "G11"),
}


def z_column(source: str) -> str:
    """Column of the sample draws holding `source` in standard deviations."""
    return f"{source}_z"


def sd_column(source: str) -> str:
    """Optional column of the sample draws fixing the size of `source` (else from the data)."""
    return f"{source}_sd"


def _published(ds: Dataset, series: str) -> pd.Series:
    """Published national values of `series` by year (rows marked ``derived`` left out)."""
    h = ds.history
    derived = set(h.loc[(h["series"] == series) & (h["status"] == "derived"), "year"].astype(int))
    rows = ds.national_history()
    rows = rows[(rows["series"] == series) & ~rows["year"].isin(derived)]
    return rows.set_index("year")["value"].astype(float)


def _any(ds: Dataset, series: str) -> pd.Series:
    rows = ds.national_history()
    return rows[rows["series"] == series].set_index("year")["value"].astype(float)


def _cv(values: list[float] | np.ndarray) -> float:
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return float(np.std(v, ddof=1) / np.mean(v)) if len(v) >= 2 and np.mean(v) > 0 else 0.0


def _births(ds: Dataset) -> pd.Series:
    return ds.births.set_index("year")["births"].astype(float)


def _progression_sds(ds: Dataset) -> dict[str, float]:
    births = _births(ds)
    isced = _published(ds, "pupils_isced1")
    per_birth = [
        isced[y] / sum(births[y - a] for a in range(7, 13))
        for y in isced.index
        if all(y - a in births.index for a in range(7, 13))
    ]
    g9, g12 = _any(ds, "pupils_grade_9"), _any(ds, "pupils_grade_12")
    ratios = [g12[y] / g9[y] for y in g12.index if y in g9.index]
    ratios += [g12[y] / g9[y - 3] for y in g12.index if y - 3 in g9.index]
    upper = _cv(ratios)
    return {
        "progression_1_9": _cv(per_birth) / ISCED1_STEPS,
        "progression_9_10": upper / np.sqrt(2.0),
        "progression_10_12": upper / np.sqrt(8.0),
    }


def _arrivals_sd(ds: Dataset) -> float:
    total = _published(ds, "pupils_1_12").sort_index()
    years = total.index.to_numpy(dtype=float)
    if len(years) < 3:
        return 0.0
    changes = np.diff(total.to_numpy()) / np.diff(years)
    return float(np.std(changes, ddof=1))


def _latest(ds: Dataset, series: str) -> float:
    s = _published(ds, series)
    return float(s.sort_index().iloc[-1]) if len(s) else 0.0


def _measurement_sd(quantity: str) -> float:
    weights = [t.weight for t in load_targets().targets if t.quantity == quantity]
    return 1.0 / max(weights) if weights and max(weights) > 0 else 0.0


@lru_cache(maxsize=8)
def _sizes(ds: Dataset) -> tuple[tuple[str, float], ...]:
    over, under = _latest(ds, "share_over_one_rate"), _latest(ds, "share_under_half_rate")
    sizes = {
        **_progression_sds(ds),
        "arrivals": _arrivals_sd(ds),
        "loads": (over + under) / 2 * LOAD_SHIFT / TRUNCATION,
        "teachers_level": _measurement_sd("school_pedagogues"),
        "pupils_level": _measurement_sd("pupils_total"),
        "macitspeks": _cv(_published(ds, "macitspeks_intake").to_numpy()),
        "language_exits": LANGUAGE_EXIT_SD,
    }
    return tuple((s, float(sizes[s])) for s in SOURCES)


def source_sizes(ds: Dataset) -> dict[str, float]:
    """Standard deviation of every source, computed from the dataset's published series.

    Parameters
    ----------
    ds : Dataset
        The dataset (its ``history``, ``published_totals`` and ``births`` tables).

    Returns
    -------
    dict
        Source -> sd: relative (log scale) for multipliers, pupils a year for ``arrivals``.
    """
    return dict(_sizes(ds))


def drawn_sizes(ds: Dataset, rows: pd.DataFrame) -> dict[str, float]:
    """Sizes of the sources drawn in `rows` (``<source>_sd`` columns over the dataset's)."""
    sizes = source_sizes(ds)
    sizes.update({s: float(rows[sd_column(s)].iloc[0]) for s in SOURCES if sd_column(s) in rows})
    return {
        s: sd for s, sd in sizes.items() if z_column(s) in rows and (rows[z_column(s)] != 0).any()
    }


def _path_table(series: pd.Series) -> tuple[np.ndarray, dict[str, Any]]:
    """A lookup path (floats or one DataArray per year) as an array (years, ...) and coords."""
    values = series.to_numpy()
    template = next((v for v in values if isinstance(v, xr.DataArray)), None)
    if template is None:
        return values.astype(float), {}
    table = np.stack(
        [
            v.to_numpy() if isinstance(v, xr.DataArray) else np.full(template.shape, float(v))
            for v in values
        ]
    )
    return table, {str(d): template.coords[d].to_numpy().tolist() for d in template.dims}


def _path_over_samples(
    series: pd.Series,
    labels: list[str],
    change: Callable[[np.ndarray, np.ndarray], np.ndarray],
    base_year: int,
    coords: dict[str, Any] | None = None,
) -> pd.Series:
    """Apply ``change(values (years, 1, ...), future (years, 1, ...))`` to a path, per sample."""
    table, own = _path_table(series)
    coords = own or coords or {}
    future = (series.index.to_numpy(dtype=float) > base_year).astype(float)
    shape = (len(table), 1, *table.shape[1:])
    out = change(table.reshape(shape), future.reshape((len(table),) + (1,) * (len(shape) - 1)))
    return pd.Series(rows_over_samples(out, labels, coords), index=series.index, dtype=object)


def _times(value: Any, factor: np.ndarray, labels: list[str]) -> Any:
    f = over_samples(factor, labels, {})
    return f * value if isinstance(value, xr.DataArray) else f * float(value)


def _progression(value: xr.DataArray, z: pd.DataFrame, sizes: dict[str, float]) -> xr.DataArray:
    grades = [str(g) for g in value.coords["Grade"].to_numpy()]
    labels = list(z.index)
    factor = np.ones((len(z), len(grades)))
    for band, members in PROGRESSION_BANDS.items():
        if band not in z:
            continue
        cols = [grades.index(g) for g in members if g in grades]
        factor[:, cols] = np.exp(sizes[band] * z[band].to_numpy())[:, None]
    return over_samples(factor, labels, {"Grade": grades}) * value


def _arrival_weights(ds: Dataset, base_year: int) -> np.ndarray:
    regions = [str(r) for r in ds.municipalities["atvk"]]
    p = ds.pupils[ds.pupils["year"] == base_year].groupby("atvk")["pupils"].sum()
    w = p.reindex(regions).fillna(0.0).to_numpy(dtype=float)
    return w / w.sum() if w.sum() > 0 else np.full(len(regions), 1.0 / len(regions))


#: Sources that multiply a model input as it is: source -> model variable.
MULTIPLIED = {
    "loads": "Load per Head",
    "teachers_level": "Initial Teachers",
    "pupils_level": "Initial Pupils",
}
#: Sources that multiply a yearly path after the base year: source -> model variable.
MULTIPLIED_PATHS = {
    "macitspeks": LEVERS["macitspeks_intake"].model_variable,
    "language_exits": LEVERS["language_exit_rate"].model_variable,
}
#: The model variable of pupils arriving from abroad (the ``arrivals`` source adds to it).
ARRIVALS = LEVERS["pupil_arrivals"].model_variable


def _scaled_path(series: pd.Series, f: np.ndarray, labels: list[str], base_year: int) -> pd.Series:
    def change(v: np.ndarray, fut: np.ndarray) -> np.ndarray:
        factor = f.reshape((1, -1) + (1,) * (v.ndim - 2))
        return v * (1.0 + fut * (factor - 1.0))

    return _path_over_samples(series, labels, change, base_year)


def _arrivals_path(
    series: pd.Series, delta: np.ndarray, ds: Dataset, labels: list[str], base_year: int
) -> pd.Series:
    weights = _arrival_weights(ds, base_year)
    regions = [str(r) for r in ds.municipalities["atvk"]]

    def add(v: np.ndarray, fut: np.ndarray) -> np.ndarray:
        extra = delta[None, :, None] * weights[None, None, :] * fut.reshape(-1, 1, 1)
        return v.reshape(v.shape[0], 1, -1) + extra

    return _path_over_samples(series, labels, add, base_year, {"Region": regions})


def apply_sources(
    inputs: dict[str, Any], ds: Dataset, rows: pd.DataFrame, base_year: int
) -> dict[str, Any]:
    """Inputs of the samples in `rows` with every drawn source applied (over ``Sample``).

    Parameters
    ----------
    inputs : dict
        Model inputs (`ikm_sim.inputs.samples.ensemble_inputs` or `model_inputs`).
    ds : Dataset
        The dataset (sizes of the sources, municipalities' pupils).
    rows : pandas.DataFrame
        Sample draws; a missing ``<source>_z`` column, or one of zeros, leaves a source off.
        A ``<source>_sd`` column (`sd_column`) sets the source's size instead of the
        dataset (a backtest from an origin sized with the whole history).
    base_year : int
        Base year of the run (paths change only after it).

    Returns
    -------
    dict
        A copy of `inputs`; changed inputs carry a ``Sample`` dimension (labels S1, S2, ...).
    """
    on = [s for s in SOURCES if z_column(s) in rows and (rows[z_column(s)] != 0).any()]
    if not on:
        return inputs
    labels = [f"S{i + 1}" for i in range(len(rows))]
    sizes = drawn_sizes(ds, rows)
    z = pd.DataFrame({s: rows[z_column(s)].to_numpy(dtype=float) for s in on}, index=labels)
    factor = {s: np.exp(sizes[s] * z[s].to_numpy()) for s in on if s != "arrivals"}
    out = dict(inputs)
    for source, var in MULTIPLIED.items():
        if source in on:
            out[var] = _times(inputs[var], factor[source], labels)
    if any(b in on for b in PROGRESSION_BANDS):
        out["Progression Ratio"] = _progression(inputs["Progression Ratio"], z, sizes)
    for source, var in MULTIPLIED_PATHS.items():
        if source in on:
            out[var] = _scaled_path(inputs[var], factor[source], labels, base_year)
    if "arrivals" in on:
        delta = sizes["arrivals"] * z["arrivals"].to_numpy()
        out[ARRIVALS] = _arrivals_path(inputs[ARRIVALS], delta, ds, labels, base_year)
    return out


def one_sample(inputs: dict[str, Any]) -> dict[str, Any]:
    """Drop the ``Sample`` dimension (of length one) from inputs made by `apply_sources`."""

    def strip(v: Any) -> Any:
        if isinstance(v, xr.DataArray) and SAMPLE_DIM in v.dims:
            return v.isel({SAMPLE_DIM: 0}, drop=True)
        if isinstance(v, pd.Series) and v.dtype == object:
            return pd.Series([strip(x) for x in v.to_numpy()], index=v.index, dtype=object)
        return v

    return {k: strip(v) for k, v in inputs.items()}

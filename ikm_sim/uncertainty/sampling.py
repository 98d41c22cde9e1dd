"""What is uncertain and how it is drawn: parameters, births, migration, school entry.

Sampling design (seeded, reproducible; one Latin-hypercube draw of all uncertain inputs):

* **Behavioural parameters** (`ikm_sim.model.parameters.BehaviouralParameters`). When the
  calibration file carries an interval for a parameter (``intervals: {name: [lo, hi]}``, read as
  a 90 % interval unless ``interval_level`` says otherwise), the parameter is drawn from a
  normal distribution centred on its estimate with the interval's spread, truncated to the
  parameter's bounds. Otherwise it is drawn from a triangular distribution with its mode at the
  calibrated value (or prior) and limits ``value * (1 -/+ band)`` clipped to its bounds
  (``band`` = 0.2 by default: an honest "we know this to about ±20 %").
* **Births**: the scenario's birth variant with probability 0.5, each other variant 0.25.
* **Migration**: an extra net migration rate of children and pupils, the same for every
  municipality and every year after the base year, drawn from a normal distribution with a
  standard deviation of 0.002 a year (about ±4 % of a cohort by 2045 at 1 sd), truncated at
  ±2.5 sd.
* **School entry**: the level of the grade-1 entry ratio (`ikm_sim.model.entry_ratio`), off by
  a normal draw of the published ratios' relative standard deviation in every year after the
  base year, truncated at ±2.5 sd (drawn in standard deviations, ``entry_level_z``).
* **Inputs held fixed by the deterministic run** (`ikm_sim.uncertainty.sources`): grade
  progression in three bands (1-9, 9 → 10, 10-12), net arrivals from abroad, loads per head,
  the base-year stocks of teachers and pupils, the Mācītspēks intake and language exits. Each
  is drawn in standard deviations (``<source>_z``, truncated at ±2.5) and sized at run time
  from the dataset's published series (`ikm_sim.uncertainty.sources.source_sizes`). The hiring
  response is a set of behavioural parameters and is drawn with them.

All sources come from one Latin hypercube (one column per sampled parameter, then births,
migration, entry level and the sources of `ikm_sim.uncertainty.sources.SOURCES`). With every
source switched off (``band=0``, ``births=False``, ``migration_sd=0``, ``entry_level=False``,
``sources=()``) every draw is the deterministic run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import stats
from scipy.stats import qmc

from ikm_sim.errors import IkmSimError
from ikm_sim.limits import check_uncertainty
from ikm_sim.model.parameters import CALIBRATED_FILE, BehaviouralParameters, load_parameters
from ikm_sim.settings import DEFAULT_SEED
from ikm_sim.uncertainty.sources import SOURCES, TRUNCATION, z_column

VARIANTS = ("low", "medium", "high")
#: Default relative half-width of the prior band.
DEFAULT_BAND = 0.2
DEFAULT_MIGRATION_SD = 0.002


@dataclass(frozen=True)
class UncertaintySpec:
    """Which inputs are uncertain and how widely.

    Attributes
    ----------
    parameters : tuple of str or None
        Behavioural parameters to sample; None samples all of them.
    band : float
        Relative half-width of the triangular prior band (0 holds parameters fixed).
    births : bool
        Sample the birth variant (the scenario's variant 0.5, the others 0.25 each).
    migration_sd : float
        Standard deviation of the extra net migration rate, 1/year (0 switches it off).
    seed : int
        Seed of the Latin-hypercube draw.
    entry_level : bool
        Sample the level of the grade-1 entry ratio within the published ratios' spread
        (`ikm_sim.model.entry_ratio`; column ``entry_level_z``, in standard deviations).
    sources : tuple of str
        Further uncertain inputs to draw (`ikm_sim.uncertainty.sources.SOURCES`, all by
        default; ``()`` holds them at their published values).
    """

    parameters: tuple[str, ...] | None = None
    band: float = DEFAULT_BAND
    births: bool = True
    migration_sd: float = DEFAULT_MIGRATION_SD
    seed: int = DEFAULT_SEED
    entry_level: bool = True
    sources: tuple[str, ...] = SOURCES

    def __post_init__(self) -> None:
        check_uncertainty(self.band, self.migration_sd)
        unknown = sorted(set(self.sources) - set(SOURCES))
        if unknown:
            raise IkmSimError(
                f"unknown uncertainty sources {', '.join(unknown)}; known: {', '.join(SOURCES)}"
            )


def _bounds(name: str) -> tuple[float, float]:
    field = BehaviouralParameters.model_fields[name]
    lo = hi = None
    for m in field.metadata:
        lo = getattr(m, "ge", lo)
        hi = getattr(m, "le", hi)
    if lo is None or hi is None:
        raise IkmSimError(f"parameter {name} has no bounds")
    return float(lo), float(hi)


def calibrated_intervals(path: Path | None = None) -> tuple[dict[str, tuple[float, float]], float]:
    """Read parameter intervals from the calibration file.

    Either ``intervals:`` (name -> [lo, hi]) with ``interval_level`` (default 0.9), or, as
    ``ikm-sim calibrate`` writes them, ``fit.fitted.<name>.ci95`` (95 % intervals).

    Returns
    -------
    tuple
        The intervals (empty when the file or the key is missing) and their level (0.9).
    """
    path = CALIBRATED_FILE if path is None else path
    if not path.exists():
        return {}, 0.9
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(doc, dict):
        return {}, 0.9
    raw = doc.get("intervals", {})
    level = float(doc.get("interval_level", 0.9))
    fitted = (doc.get("fit") or {}).get("fitted") if isinstance(doc.get("fit"), dict) else None
    if not raw and isinstance(fitted, dict):
        # what `ikm-sim calibrate` writes: fit.fitted.<name>.ci95 = [lo, hi] (95 % intervals)
        raw = {k: v.get("ci95") for k, v in fitted.items() if isinstance(v, dict)}
        level = 0.95
    out = {}
    for name, value in (raw or {}).items():
        if name in BehaviouralParameters.model_fields and isinstance(value, list | tuple):
            out[str(name)] = (float(value[0]), float(value[1]))
    return out, level


def parameter_ranges(
    spec: UncertaintySpec, base: BehaviouralParameters
) -> dict[str, tuple[float, float]]:
    """Range each sampled parameter can take (used by the sensitivity analysis too)."""
    names = spec.parameters or tuple(BehaviouralParameters.model_fields)
    out = {}
    for name in names:
        lo_b, hi_b = _bounds(name)
        v = float(getattr(base, name))
        lo, hi = max(lo_b, v * (1 - spec.band)), min(hi_b, v * (1 + spec.band))
        out[name] = (min(lo, hi), max(lo, hi))
    return out


def _ppf(
    name: str,
    u: np.ndarray,
    value: float,
    band: float,
    interval: tuple[float, float] | None,
    z: float,
) -> np.ndarray:
    lo_b, hi_b = _bounds(name)
    if interval is not None and interval[1] > interval[0]:
        sd = (interval[1] - interval[0]) / (2 * z)
        a, b = (lo_b - value) / sd, (hi_b - value) / sd
        return np.asarray(stats.truncnorm.ppf(u, a, b, loc=value, scale=sd), dtype=float)
    lo, hi = max(lo_b, value * (1 - band)), min(hi_b, value * (1 + band))
    if hi - lo <= 0:
        return np.full(len(u), value)
    c = (value - lo) / (hi - lo)
    return np.asarray(stats.triang.ppf(u, c, loc=lo, scale=hi - lo), dtype=float)


def draw_samples(
    n: int,
    spec: UncertaintySpec,
    variant: str = "medium",
    base: BehaviouralParameters | None = None,
    calibration_file: Path | None = None,
) -> pd.DataFrame:
    """Draw `n` samples of the uncertain inputs (Latin hypercube, seeded).

    Parameters
    ----------
    n : int
        Number of samples.
    spec : UncertaintySpec
        What is uncertain and how widely.
    variant : {"low", "medium", "high"}
        The scenario's birth variant (drawn with probability 0.5).
    base : BehaviouralParameters, optional
        Central parameter values. Default: the calibrated file (or the priors).
    calibration_file : pathlib.Path, optional
        File with ``intervals:``. Default ``calibration/calibrated.yaml``.

    Returns
    -------
    pandas.DataFrame
        One row per sample: ``sample``, every behavioural parameter, ``births_variant``,
        ``net_migration``, ``entry_level_z`` (the entry ratio's level, in standard
        deviations of the published ratios) and ``<source>_z`` for every source of
        `ikm_sim.uncertainty.sources.SOURCES` (0 when it is off).
    """
    if n < 1:
        raise IkmSimError("the number of samples must be at least 1")
    base = base or load_parameters(calibration_file)
    intervals, level = calibrated_intervals(calibration_file)
    z = float(stats.norm.ppf(0.5 + level / 2))
    names = list(spec.parameters or BehaviouralParameters.model_fields)
    unknown = sorted(set(names) - set(BehaviouralParameters.model_fields))
    if unknown:
        raise IkmSimError(f"unknown parameters: {', '.join(unknown)}")
    u = qmc.LatinHypercube(d=len(names) + 3 + len(SOURCES), seed=spec.seed).random(n)
    rows: dict[str, Any] = {"sample": np.arange(n)}
    for name in BehaviouralParameters.model_fields:
        rows[name] = np.full(n, float(getattr(base, name)))
    for j, name in enumerate(names):
        value = float(getattr(base, name))
        interval = intervals.get(name) if spec.band > 0 else None
        rows[name] = _ppf(name, u[:, j], value, spec.band, interval, z)
    others = [v for v in VARIANTS if v != variant]
    ub = u[:, len(names)]
    rows["births_variant"] = (
        np.where(ub < 0.5, variant, np.where(ub < 0.75, others[0], others[1]))
        if spec.births
        else np.full(n, variant)
    )
    um = u[:, len(names) + 1]
    rows["net_migration"] = (
        stats.truncnorm.ppf(um, -2.5, 2.5, scale=spec.migration_sd)
        if spec.migration_sd > 0
        else np.zeros(n)
    )
    ue = u[:, len(names) + 2]
    rows["entry_level_z"] = stats.truncnorm.ppf(ue, -2.5, 2.5) if spec.entry_level else np.zeros(n)
    for j, source in enumerate(SOURCES):
        us = u[:, len(names) + 3 + j]
        on = source in spec.sources
        rows[z_column(source)] = (
            stats.truncnorm.ppf(us, -TRUNCATION, TRUNCATION) if on else np.zeros(n)
        )
    return pd.DataFrame(rows)


def parameters_of(row: pd.Series | dict[str, Any]) -> BehaviouralParameters:
    """The behavioural parameters of one sample row."""
    return BehaviouralParameters(**{k: float(row[k]) for k in BehaviouralParameters.model_fields})

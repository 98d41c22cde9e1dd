"""Which behavioural parameters drive the gap: Morris elementary effects (SALib).

The parameters vary over the ranges of `ikm_sim.uncertainty.sampling.parameter_ranges`; birth
variant and migration stay at the scenario's values. Outputs: the national gap in each target
year and one municipality's gap in each target year (FTE). All runs go through the vectorised
ensemble, so a Morris design of r trajectories over D parameters costs r (D + 1) samples.

A parameter whose range has zero width (its value is 0, or the band is 0) cannot move the
output and is left out of the design and of the ranking; `varying_parameters` says which
parameters a design varies. The request (trajectories, years, municipality) is checked before
any model run, so a mistake costs no time and reads as one `IkmSimError` line.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import FINAL_YEAR
from ikm_sim.scenario import Scenario
from ikm_sim.uncertainty.ensemble import Progress, run_ensemble
from ikm_sim.uncertainty.sampling import UncertaintySpec, parameter_ranges

TARGET_YEARS = (2030, 2035)
#: Columns of the ranking table, in order.
COLUMNS = ("output", "parameter", "mu_star", "mu_star_conf", "sigma", "rank", "low", "high")


def varying_parameters(
    spec: UncertaintySpec, base: BehaviouralParameters | None = None
) -> dict[str, tuple[float, float]]:
    """Ranges of the parameters a Morris design varies (those with a range of non-zero width).

    Parameters
    ----------
    spec : UncertaintySpec
        Parameters and band.
    base : BehaviouralParameters, optional
        Values the ranges are centred on (default: the calibrated parameters).

    Returns
    -------
    dict
        Parameter name -> (low, high), in the order of `BehaviouralParameters` (or of
        ``spec.parameters``).
    """
    base = load_parameters() if base is None else base
    return {k: v for k, v in parameter_ranges(spec, base).items() if v[1] > v[0]}


def morris_cost(trajectories: int, spec: UncertaintySpec | None = None) -> int:
    """Number of model samples a Morris design costs: r x (D + 1).

    Parameters
    ----------
    trajectories : int
        Morris trajectories (r).
    spec : UncertaintySpec, optional
        Parameters and band (default: all parameters, ±20 %).

    Returns
    -------
    int
        Samples (vectorised model runs share them in chunks).
    """
    return trajectories * (len(varying_parameters(spec or UncertaintySpec())) + 1)


def _known_regions(data: Path | None) -> set[str] | None:
    """ATVK codes of the data's municipalities (None if the table cannot be read here)."""
    path = Path(data or DATA_DIR) / "municipalities.csv"
    try:
        codes = pd.read_csv(path, usecols=["atvk"], dtype=str)["atvk"]
    except (OSError, ValueError):
        return None  # the data check of the run reports what is wrong with the table
    return {str(c).strip() for c in codes}


def check_request(
    region: str | None,
    trajectories: int,
    years: tuple[int, ...],
    data: Path | None = None,
    base_year: int = BASE_YEAR,
) -> None:
    """Check a sensitivity request before any model run.

    Parameters
    ----------
    region : str, optional
        Municipality (ATVK code).
    trajectories : int
        Morris trajectories.
    years : tuple of int
        Target years.
    data : pathlib.Path, optional
        Data directory (default: the embedded dataset).
    base_year : int
        Base year of the run.

    Raises
    ------
    IkmSimError
        If there are fewer than 2 trajectories, no years, a year outside the simulated school
        years or a municipality code the data does not have.
    """
    if int(trajectories) < 2:
        raise IkmSimError(f"Morris needs at least 2 trajectories, got {trajectories}")
    if not years:
        raise IkmSimError("no target year given")
    outside = [int(y) for y in years if not base_year < int(y) <= FINAL_YEAR]
    if outside:
        raise IkmSimError(
            f"target year {outside[0]} is outside the simulated school years "
            f"{base_year + 1}-{FINAL_YEAR}"
        )
    if region is not None:
        known = _known_regions(data)
        if known is not None and region not in known:
            raise IkmSimError(f"unknown municipality code {region!r} (not in municipalities.csv)")


def morris_design(
    spec: UncertaintySpec, trajectories: int, variant: str, base: BehaviouralParameters
) -> tuple[dict[str, object], pd.DataFrame]:
    """SALib problem and sample rows (every behavioural parameter, variant, migration 0).

    Parameters
    ----------
    spec : UncertaintySpec
        Parameters, band and seed.
    trajectories : int
        Morris trajectories (r).
    variant : str
        Birth variant of every sample.
    base : BehaviouralParameters
        Values of the parameters that do not vary, and the centres of the ranges.

    Returns
    -------
    tuple
        The SALib problem (``names`` and ``bounds`` of the varying parameters only) and one
        row per sample: ``sample``, every behavioural parameter, ``births_variant``,
        ``net_migration``.

    Raises
    ------
    IkmSimError
        If no parameter has a range of non-zero width.
    """
    ranges = varying_parameters(spec, base)
    if not ranges:
        raise IkmSimError("no parameter varies: every range has zero width; widen the band")
    problem: dict[str, object] = {
        "num_vars": len(ranges),
        "names": list(ranges),
        "bounds": [list(v) for v in ranges.values()],
    }
    x = morris_sample.sample(problem, trajectories, num_levels=4, seed=spec.seed)
    rows = pd.DataFrame({k: np.full(len(x), float(v)) for k, v in base.model_dump().items()})
    for j, name in enumerate(ranges):
        rows[name] = x[:, j]
    rows.insert(0, "sample", np.arange(len(x)))
    rows["births_variant"] = variant
    rows["net_migration"] = 0.0
    return problem, rows


def sensitivity(
    scenario: Scenario,
    region: str | None = None,
    trajectories: int = 10,
    spec: UncertaintySpec | None = None,
    data: Path | None = None,
    years: tuple[int, ...] = TARGET_YEARS,
    workers: int | None = None,
    progress: Progress | None = None,
    base_year: int = BASE_YEAR,
) -> pd.DataFrame:
    """Rank parameters by their Morris effect on the national and a municipality's gap.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    region : str, optional
        Municipality (ATVK code) whose gap is also analysed.
    trajectories : int
        Morris trajectories (r); the cost is r x (parameters + 1) samples.
    spec : UncertaintySpec, optional
        Parameters and ranges (default: all parameters, ±20 % bands).
    data : pathlib.Path, optional
        Data directory.
    years : tuple of int
        Years whose gap is analysed (after `base_year`, at most 2045).
    workers : int, optional
        Worker processes.
    progress : callable, optional
        ``progress(done, total)``.
    base_year : int
        Base year.

    Returns
    -------
    pandas.DataFrame
        `COLUMNS`: ``output`` (``national_gap_<year>`` and ``<region>_gap_<year>``),
        ``parameter``, ``mu_star``, ``mu_star_conf`` (95 % bootstrap half-width), ``sigma``
        (FTE), ``rank`` (1 = largest μ* for that output), ``low`` and ``high`` (the range the
        parameter varied over); sorted by output and rank. Parameters with a range of zero
        width are not in it.

    Raises
    ------
    IkmSimError
        For a bad request (see `check_request`), or when no parameter varies.
    """
    check_request(region, trajectories, years, data, base_year)
    spec = spec or UncertaintySpec()
    variant = scenario.levers.births_variant or "medium"
    base = load_parameters()
    ranges = varying_parameters(spec, base)
    problem, rows = morris_design(spec, trajectories, variant, base)
    ens = run_ensemble(
        rows, scenario, data, max(years), base_year, workers=workers, progress=progress
    )
    gap = ens.values["gap_fte"]
    outputs: dict[str, np.ndarray] = {}
    for y in years:
        t = int(np.flatnonzero(ens.years == y)[0])
        outputs[f"national_gap_{y}"] = gap[:, t].sum(axis=(1, 2))
        if region is not None:
            if region not in ens.regions:
                raise IkmSimError(f"municipality {region} is not in the data")
            outputs[f"{region}_gap_{y}"] = gap[:, t, ens.regions.index(region)].sum(axis=1)
    x = rows[list(ranges)].to_numpy(dtype=float)
    frames = []
    for name, y_out in outputs.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = morris_analyze.analyze(problem, x, y_out, num_levels=4, seed=spec.seed)
        frame = pd.DataFrame(
            {
                "output": name,
                "parameter": res["names"],
                "mu_star": np.asarray(res["mu_star"], dtype=float),
                "mu_star_conf": np.asarray(res["mu_star_conf"], dtype=float),
                "sigma": np.asarray(res["sigma"], dtype=float),
            }
        ).sort_values("mu_star", ascending=False, kind="stable")
        frame["rank"] = np.arange(1, len(frame) + 1)
        frame["low"] = [ranges[p][0] for p in frame["parameter"]]
        frame["high"] = [ranges[p][1] for p in frame["parameter"]]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]

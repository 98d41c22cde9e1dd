"""Which behavioural parameters drive the gap: Morris elementary effects (SALib).

The parameters vary over the ranges of `ikm_sim.uncertainty.sampling.parameter_ranges`; birth
variant and migration stay at the scenario's values. Outputs: the national gap in each target
year and one municipality's gap in each target year (FTE). All runs go through the vectorised
ensemble, so a Morris design of r trajectories over D parameters costs r (D + 1) samples.
Ranges, outputs, sample rows and ranking are shared with the Sobol indices
(`ikm_sim.uncertainty.design`, `ikm_sim.uncertainty.sobol`). The runs of a design are reduced
to the analysed outputs chunk by chunk as they finish (`design_gap_outputs`): memory holds one
value per sample and output, not every sample's tables.

A parameter whose range has zero width (its value is 0, or the band is 0) cannot move the
output and is left out of the design and of the ranking; `varying_parameters` says which
parameters a design varies. The request (trajectories, years, municipality) is checked before
any model run, so a mistake costs no time and reads as one `IkmSimError` line.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.executor import executor
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.scenario import Scenario
from ikm_sim.uncertainty.design import (
    TARGET_YEARS,
    check_outputs,
    design_rows,
    gap_outputs,
    ranked,
    salib_problem,
    varying_parameters,
)
from ikm_sim.uncertainty.ensemble import (
    CHUNK,
    Ensemble,
    Progress,
    _data_key,
    _dataset,
    data_base_year,
    ensemble_chunks,
)
from ikm_sim.uncertainty.sampling import UncertaintySpec

#: Columns of the ranking table, in order.
COLUMNS = ("output", "parameter", "mu_star", "mu_star_conf", "sigma", "rank", "low", "high")
__all__ = [
    "COLUMNS",
    "TARGET_YEARS",
    "check_request",
    "design_gap_outputs",
    "morris_cost",
    "morris_design",
    "sensitivity",
    "varying_parameters",
]


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


def check_request(
    region: str | None,
    trajectories: int,
    years: tuple[int, ...],
    data: Path | None = None,
    base_year: int = BASE_YEAR,
) -> None:
    """Check a Morris request before any model run.

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
        If there are fewer than 2 trajectories, or for a bad output (see
        `ikm_sim.uncertainty.design.check_outputs`).
    """
    if int(trajectories) < 2:
        raise IkmSimError(f"Morris needs at least 2 trajectories, got {trajectories}")
    check_outputs(region, years, data, base_year)


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
    problem = salib_problem(ranges)
    x = morris_sample.sample(problem, trajectories, num_levels=4, seed=spec.seed)
    return problem, design_rows(x, list(ranges), variant, base)


def sensitivity(
    scenario: Scenario,
    region: str | None = None,
    trajectories: int = 10,
    spec: UncertaintySpec | None = None,
    data: Path | None = None,
    years: tuple[int, ...] = TARGET_YEARS,
    workers: int | None = None,
    progress: Progress | None = None,
    base_year: int | None = None,
    engine: str | None = None,
    cluster: Any = None,
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
        Years whose gap is analysed (after `base_year`, at most `FINAL_YEAR`).
    workers : int, optional
        Worker processes.
    cluster : str or distributed.Client, optional
        Where the runs go (`ikm_sim.executor.make_executor`; default: local processes).
    progress : callable, optional
        ``progress(done, total)``.
    base_year : int, optional
        Base year; default the data's latest year (as `ikm_sim.runner.run`).
    engine : {"fast", "pysd"}, optional
        The engine of the runs (default: `ikm_sim.engines.check_engine`).

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
    base_year = data_base_year(data) if base_year is None else base_year
    check_request(region, trajectories, years, data, base_year)
    spec = spec or UncertaintySpec()
    variant = scenario.levers.births_variant or "medium"
    base = load_parameters()
    ranges = varying_parameters(spec, base)
    problem, rows = morris_design(spec, trajectories, variant, base)
    outputs = design_gap_outputs(
        rows, scenario, data, years, region, base_year, workers, progress, engine, cluster
    )
    x = rows[list(ranges)].to_numpy(dtype=float)
    frames = [
        ranked(_morris_effects(problem, x, name, y_out, spec.seed), "mu_star", ranges)
        for name, y_out in outputs.items()
    ]
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


def design_gap_outputs(
    rows: pd.DataFrame,
    scenario: Scenario,
    data: Path | None,
    years: tuple[int, ...],
    region: str | None,
    base_year: int,
    workers: int | None = None,
    progress: Progress | None = None,
    engine: str | None = None,
    cluster: Any = None,
    chunk: int = CHUNK,
) -> dict[str, np.ndarray]:
    """Run a design's sample rows and keep only the analysed outputs, chunk by chunk.

    Each chunk's outputs are reduced to the national and the municipality's gap in the target
    years (`ikm_sim.uncertainty.design.gap_outputs`) as it arrives, in sample order, so memory
    holds one value per sample and output (plus the chunks in flight), not every sample's
    tables; the values are those of the whole ensemble reduced at once.

    Parameters
    ----------
    rows : pandas.DataFrame
        Sample rows (`ikm_sim.uncertainty.design.design_rows`).
    scenario : Scenario
        The scenario.
    data : pathlib.Path, optional
        Data directory.
    years : tuple of int
        Target years (the runs end in the last).
    region : str, optional
        Municipality (ATVK code) whose gap is also kept.
    base_year : int
        Base year of the runs.
    workers : int, optional
        Worker processes.
    progress : callable, optional
        ``progress(done, total)``.
    engine : {"fast", "pysd"}, optional
        The engine of the runs.
    cluster : str or distributed.Client, optional
        Where the runs go (`ikm_sim.executor.make_executor`).
    chunk : int, optional
        Samples per vectorised run.

    Returns
    -------
    dict
        Output name -> one value per sample, as `ikm_sim.uncertainty.design.gap_outputs`.
    """
    ds = _dataset(_data_key(data))
    regions = [str(r) for r in ds.municipalities["atvk"]]
    subjects = [str(s) for s in ds.subjects["code"]]
    parts: dict[str, list[np.ndarray]] = {}
    with executor(cluster, workers) as ex:
        pieces = ensemble_chunks(
            rows,
            scenario,
            data,
            max(years),
            base_year,
            ex=ex,
            chunk=chunk,
            progress=progress,
            engine=engine,
        )
        for chunk_years, values in pieces:
            piece = Ensemble(
                chunk_years, regions, subjects, {"gap_fte": values["gap_fte"]}, rows[:0]
            )
            for name, y in gap_outputs(piece, years, region).items():
                parts.setdefault(name, []).append(y)
    return {name: np.concatenate(ys) for name, ys in parts.items()}


def _morris_effects(
    problem: dict[str, Any], x: np.ndarray, name: str, y_out: np.ndarray, seed: int
) -> pd.DataFrame:
    """SALib's Morris analysis of one output as a table (``output``, ``parameter``, μ*, σ)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = morris_analyze.analyze(problem, x, y_out, num_levels=4, seed=seed)
    return pd.DataFrame(
        {
            "output": name,
            "parameter": res["names"],
            "mu_star": np.asarray(res["mu_star"], dtype=float),
            "mu_star_conf": np.asarray(res["mu_star_conf"], dtype=float),
            "sigma": np.asarray(res["sigma"], dtype=float),
        }
    )

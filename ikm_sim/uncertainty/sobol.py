"""How much of the gap's variance each behavioural parameter explains: Sobol indices (SALib).

The parameters vary uniformly over the same ranges as the Morris screening
(`ikm_sim.uncertainty.design.varying_parameters`); birth variant and migration stay at the
scenario's values. Saltelli's scheme on a scrambled Sobol sequence (`SALib.sample.sobol`) takes
N base samples and costs N (D + 2) model samples for D parameters (N (2D + 2) with second-order
indices); every sample runs through the vectorised ensemble, and each chunk of runs is reduced
to the analysed outputs as it finishes (`ikm_sim.uncertainty.sensitivity.design_gap_outputs`).

Per output (the national gap and a municipality's gap in each target year, FTE),
`SALib.analyze.sobol` estimates:

* **S1**, the first-order index: the share of the output's variance the parameter explains
  alone;
* **ST**, the total index: its share including every interaction with other parameters
  (ST ≥ S1 up to sampling error; ST ≫ S1 means interactions);
* 95 % bootstrap half-widths of both (``S1_conf``, ``ST_conf``).

Small negative values and sums of S1 above 1 are sampling error, which shrinks as N grows. A
parameter that does not enter an output has S1 = ST = 0 exactly (its cross-sampled runs equal
the base runs). The request (N, years, municipality) is checked before any model run; design
and bootstrap are seeded, so the same request gives the same table.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.scenario import Scenario
from ikm_sim.uncertainty.design import (
    TARGET_YEARS,
    check_outputs,
    design_rows,
    ranked,
    salib_problem,
    varying_parameters,
)
from ikm_sim.uncertainty.ensemble import Progress, data_base_year
from ikm_sim.uncertainty.sampling import UncertaintySpec
from ikm_sim.uncertainty.sensitivity import design_gap_outputs

#: Columns of the table of first-order and total indices, in order.
COLUMNS = ("output", "parameter", "S1", "S1_conf", "ST", "ST_conf", "rank", "low", "high")
#: Columns of the table of second-order indices (one row per pair of parameters).
PAIR_COLUMNS = ("output", "parameter", "other", "S2", "S2_conf")
#: Smallest number of base samples N (a power of two: the Sobol sequence's balance needs it).
MIN_BASE_SAMPLES = 8
#: Bootstrap resamples of the confidence intervals.
RESAMPLES = 100


@dataclass(frozen=True)
class SobolResult:
    """Sobol indices of every output.

    Attributes
    ----------
    indices : pandas.DataFrame
        `COLUMNS`, one row per output and parameter, ranked by ST within each output.
    pairs : pandas.DataFrame or None
        `PAIR_COLUMNS` when second-order indices were asked for, otherwise None.
    """

    indices: pd.DataFrame
    pairs: pd.DataFrame | None = None


def sobol_cost(n: int, spec: UncertaintySpec | None = None, second_order: bool = False) -> int:
    """Number of model samples a Sobol design costs: N x (D + 2), or N x (2D + 2).

    Parameters
    ----------
    n : int
        Base samples (N).
    spec : UncertaintySpec, optional
        Parameters and band (default: all parameters, ±20 %).
    second_order : bool
        Whether second-order indices are estimated too.

    Returns
    -------
    int
        Samples (vectorised model runs share them in chunks).
    """
    d = len(varying_parameters(spec or UncertaintySpec()))
    return n * ((2 * d if second_order else d) + 2)


def check_sobol_request(
    region: str | None,
    n: int,
    years: tuple[int, ...],
    data: Path | None = None,
    base_year: int = BASE_YEAR,
) -> None:
    """Check a Sobol request before any model run.

    Parameters
    ----------
    region : str, optional
        Municipality (ATVK code).
    n : int
        Base samples (N).
    years : tuple of int
        Target years.
    data : pathlib.Path, optional
        Data directory (default: the embedded dataset).
    base_year : int
        Base year of the run.

    Raises
    ------
    IkmSimError
        If N is not a power of two of at least `MIN_BASE_SAMPLES`, or for a bad output (see
        `ikm_sim.uncertainty.design.check_outputs`).
    """
    n = int(n)
    if n < MIN_BASE_SAMPLES or n & (n - 1):
        raise IkmSimError(
            f"Sobol needs N to be a power of two ≥ {MIN_BASE_SAMPLES} (8, 16, 32, ...), got {n}"
        )
    check_outputs(region, years, data, base_year)


def sobol_design(
    spec: UncertaintySpec,
    n: int,
    variant: str,
    base: BehaviouralParameters,
    second_order: bool = False,
) -> tuple[dict[str, object], pd.DataFrame]:
    """SALib problem and sample rows of Saltelli's scheme (seeded by ``spec.seed``).

    Parameters
    ----------
    spec : UncertaintySpec
        Parameters, band and seed.
    n : int
        Base samples (N, a power of two).
    variant : str
        Birth variant of every sample.
    base : BehaviouralParameters
        Values of the parameters that do not vary, and the centres of the ranges.
    second_order : bool
        Add the rows second-order indices need (N x (2D + 2) instead of N x (D + 2)).

    Returns
    -------
    tuple
        The SALib problem (the varying parameters only) and one row per sample in the order
        `SALib.analyze.sobol` expects: ``sample``, every behavioural parameter,
        ``births_variant``, ``net_migration``.

    Raises
    ------
    IkmSimError
        If no parameter has a range of non-zero width.
    """
    ranges = varying_parameters(spec, base)
    problem = salib_problem(ranges)
    x = sobol_sample.sample(problem, n, calc_second_order=second_order, seed=spec.seed)
    return problem, design_rows(x, list(ranges), variant, base)


def _is_constant(y: np.ndarray) -> bool:
    """Whether an output does not move at all (its variance, and so every index, is 0)."""
    return bool(np.ptp(y) <= 1e-12 * max(1.0, float(np.max(np.abs(y)))))


def sobol_indices(
    problem: dict[str, object],
    outputs: dict[str, np.ndarray],
    ranges: dict[str, tuple[float, float]],
    seed: int,
    second_order: bool = False,
    cluster: Any = None,
) -> SobolResult:
    """Estimate the indices of every output from the runs of a Sobol design.

    Parameters
    ----------
    problem : dict
        The SALib problem of the design.
    outputs : dict
        Output name -> one value per sample, in the design's order.
    ranges : dict
        Parameter name -> (low, high), for the table.
    seed : int
        Seed of the bootstrap of the confidence intervals.
    second_order : bool
        Whether the design has the rows of second-order indices (and they are wanted).

    Returns
    -------
    SobolResult
        An output that does not vary gets indices and intervals of 0.
    """
    names = [str(p) for p in problem["names"]]  # type: ignore[attr-defined]
    d = len(names)
    frames, pair_frames = [], []
    for name, y in outputs.items():
        y = np.asarray(y, dtype=float)
        if _is_constant(y):
            zeros = np.zeros(d)
            res = {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
            res |= {"S2": np.zeros((d, d)), "S2_conf": np.zeros((d, d))}
        else:
            with warnings.catch_warnings():
                # a resample of a nearly constant output; SALib then reports 0, as we do
                warnings.filterwarnings("ignore", message=sobol_analyze.CONST_RESULT_MSG)
                res = sobol_analyze.analyze(
                    problem,
                    y,
                    calc_second_order=second_order,
                    num_resamples=RESAMPLES,
                    # a Generator, not the int: SALib ignores a seed of 0
                    seed=np.random.default_rng(seed),
                )
        frame = pd.DataFrame(
            {"output": name, "parameter": names}
            | {k: np.asarray(res[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        )
        frames.append(ranked(frame, "ST", ranges))
        if second_order:
            j, k = np.triu_indices(d, 1)
            s2, s2_conf = np.asarray(res["S2"], dtype=float), np.asarray(res["S2_conf"])
            pair_frames.append(
                pd.DataFrame(
                    {
                        "output": name,
                        "parameter": [names[i] for i in j],
                        "other": [names[i] for i in k],
                        "S2": s2[j, k],
                        "S2_conf": np.asarray(s2_conf, dtype=float)[j, k],
                    }
                )
            )
    indices = pd.concat(frames, ignore_index=True)[list(COLUMNS)]
    pairs = pd.concat(pair_frames, ignore_index=True)[list(PAIR_COLUMNS)] if second_order else None
    return SobolResult(indices=indices, pairs=pairs)


def sobol(
    scenario: Scenario,
    region: str | None = None,
    n: int = 32,
    spec: UncertaintySpec | None = None,
    data: Path | None = None,
    years: tuple[int, ...] = TARGET_YEARS,
    workers: int | None = None,
    progress: Progress | None = None,
    base_year: int | None = None,
    second_order: bool = False,
    engine: str | None = None,
    cluster: Any = None,
) -> SobolResult:
    """Sobol indices of the behavioural parameters for the national and a municipality's gap.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    region : str, optional
        Municipality (ATVK code) whose gap is also analysed.
    n : int
        Base samples (N, a power of two ≥ 8); the cost is `sobol_cost` samples.
    spec : UncertaintySpec, optional
        Parameters, ranges and seed (default: all parameters, ±20 % bands).
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
    second_order : bool
        Also estimate second-order indices (about twice the samples). SALib standardises the
        output with every sample of the design, so S1 and ST then differ slightly from those
        of a first-order design with the same seed.
    engine : {"fast", "pysd"}, optional
        The engine of the runs (default: `ikm_sim.engines.check_engine`).

    Returns
    -------
    SobolResult
        ``indices``: `COLUMNS`, ``output`` (``national_gap_<year>`` and
        ``<region>_gap_<year>``), ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``
        (shares of the output's variance; ``_conf`` are 95 % bootstrap half-widths), ``rank``
        (1 = largest ST for that output), ``low`` and ``high`` (the range the parameter varied
        over); sorted by output and rank. ``pairs``: second-order indices, or None.

    Raises
    ------
    IkmSimError
        For a bad request (see `check_sobol_request`), or when no parameter varies.
    """
    base_year = data_base_year(data) if base_year is None else base_year
    check_sobol_request(region, n, years, data, base_year)
    spec = spec or UncertaintySpec()
    variant = scenario.levers.births_variant or "medium"
    base = load_parameters()
    ranges = varying_parameters(spec, base)
    problem, rows = sobol_design(spec, n, variant, base, second_order)
    outputs = design_gap_outputs(
        rows, scenario, data, years, region, base_year, workers, progress, engine, cluster
    )
    return sobol_indices(problem, outputs, ranges, spec.seed, second_order)

"""What the sensitivity analyses share: ranges, request checks, sample rows, gap outputs, ranks.

Morris screening (`ikm_sim.uncertainty.sensitivity`) and Sobol indices
(`ikm_sim.uncertainty.sobol`) vary the same behavioural parameters over the same ranges, build
their sample rows the same way from a design matrix, run them through the vectorised ensemble
and analyse the same outputs: the national gap and one municipality's gap in each target year
(FTE). The birth variant and migration stay at the scenario's values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import FINAL_YEAR
from ikm_sim.uncertainty.ensemble import Ensemble
from ikm_sim.uncertainty.sampling import UncertaintySpec, parameter_ranges

#: School years whose gap is analysed by default.
TARGET_YEARS = (2030, 2035)


def varying_parameters(
    spec: UncertaintySpec, base: BehaviouralParameters | None = None
) -> dict[str, tuple[float, float]]:
    """Ranges of the parameters a design varies (those with a range of non-zero width).

    A parameter whose range has zero width (its value is 0, or the band is 0) cannot move the
    output and is left out of the design and of the ranking.

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


def salib_problem(ranges: dict[str, tuple[float, float]]) -> dict[str, object]:
    """The SALib problem of the varying parameters (``num_vars``, ``names``, ``bounds``).

    Parameters
    ----------
    ranges : dict
        Parameter name -> (low, high), as `varying_parameters` returns them.

    Returns
    -------
    dict

    Raises
    ------
    IkmSimError
        If no parameter varies.
    """
    if not ranges:
        raise IkmSimError("no parameter varies: every range has zero width; widen the band")
    return {
        "num_vars": len(ranges),
        "names": list(ranges),
        "bounds": [list(v) for v in ranges.values()],
    }


def _known_regions(data: Path | None) -> set[str] | None:
    """ATVK codes of the data's municipalities (None if the table cannot be read here)."""
    path = Path(data or DATA_DIR) / "municipalities.csv"
    try:
        codes = pd.read_csv(path, usecols=["atvk"], dtype=str)["atvk"]
    except (OSError, ValueError):
        return None  # the data check of the run reports what is wrong with the table
    return {str(c).strip() for c in codes}


def check_outputs(
    region: str | None,
    years: tuple[int, ...],
    data: Path | None = None,
    base_year: int = BASE_YEAR,
) -> None:
    """Check the outputs a sensitivity request asks for, before any model run.

    Parameters
    ----------
    region : str, optional
        Municipality (ATVK code).
    years : tuple of int
        Target years.
    data : pathlib.Path, optional
        Data directory (default: the embedded dataset).
    base_year : int
        Base year of the run.

    Raises
    ------
    IkmSimError
        If there are no years, a year outside the simulated school years or a municipality
        code the data does not have.
    """
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


def design_rows(
    x: np.ndarray, names: list[str], variant: str, base: BehaviouralParameters
) -> pd.DataFrame:
    """Sample rows of the ensemble from a design matrix.

    Parameters
    ----------
    x : numpy.ndarray
        Design matrix, one row per sample and one column per name in `names`.
    names : list of str
        The parameters the design varies.
    variant : str
        Birth variant of every sample.
    base : BehaviouralParameters
        Values of the parameters that do not vary.

    Returns
    -------
    pandas.DataFrame
        One row per sample: ``sample``, every behavioural parameter, ``births_variant``,
        ``net_migration`` (0), as `ikm_sim.uncertainty.ensemble.run_ensemble` takes them.
    """
    rows = pd.DataFrame({k: np.full(len(x), float(v)) for k, v in base.model_dump().items()})
    for j, name in enumerate(names):
        rows[name] = x[:, j]
    rows.insert(0, "sample", np.arange(len(x)))
    rows["births_variant"] = variant
    rows["net_migration"] = 0.0
    rows["entry_level_z"] = 0.0
    return rows


def gap_outputs(ens: Ensemble, years: tuple[int, ...], region: str | None) -> dict[str, np.ndarray]:
    """The analysed outputs of an ensemble: national and municipal gap in each target year.

    Parameters
    ----------
    ens : Ensemble
        The ensemble run of a design.
    years : tuple of int
        Target years.
    region : str, optional
        Municipality (ATVK code) whose gap is also returned.

    Returns
    -------
    dict
        ``national_gap_<year>`` and ``<region>_gap_<year>`` -> one value per sample (FTE),
        year by year.

    Raises
    ------
    IkmSimError
        If the municipality is not in the ensemble's data.
    """
    if region is not None and region not in ens.regions:
        raise IkmSimError(f"municipality {region} is not in the data")
    gap = ens.values["gap_fte"]
    outputs: dict[str, np.ndarray] = {}
    for y in years:
        t = int(np.flatnonzero(ens.years == y)[0])
        outputs[f"national_gap_{y}"] = gap[:, t].sum(axis=(1, 2))
        if region is not None:
            outputs[f"{region}_gap_{y}"] = gap[:, t, ens.regions.index(region)].sum(axis=1)
    return outputs


def ranked(frame: pd.DataFrame, by: str, ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Sort one output's rows by `by` (largest first), number them and add the ranges.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per parameter (column ``parameter``).
    by : str
        The measure that ranks (μ* for Morris, ST for Sobol).
    ranges : dict
        Parameter name -> (low, high).

    Returns
    -------
    pandas.DataFrame
        The rows sorted (ties keep the parameters' order), with ``rank`` (1 = largest) and
        ``low`` and ``high`` (the range the parameter varied over).
    """
    out = frame.sort_values(by, ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    out["low"] = [ranges[p][0] for p in out["parameter"]]
    out["high"] = [ranges[p][1] for p in out["parameter"]]
    return out

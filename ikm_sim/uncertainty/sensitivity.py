"""Which behavioural parameters drive the gap: Morris elementary effects (SALib).

The parameters vary over the ranges of `ikm_sim.uncertainty.sampling.parameter_ranges`; birth
variant and migration stay at the scenario's values. Outputs: the national gap in each target
year and one municipality's gap in each target year (FTE). All runs go through the vectorised
ensemble, so a Morris design of r trajectories over D parameters costs r (D + 1) samples.
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
from ikm_sim.scenario import Scenario
from ikm_sim.uncertainty.ensemble import Progress, run_ensemble
from ikm_sim.uncertainty.sampling import UncertaintySpec, parameter_ranges

TARGET_YEARS = (2030, 2035)


def morris_design(
    spec: UncertaintySpec, trajectories: int, variant: str, base: BehaviouralParameters
) -> tuple[dict[str, object], pd.DataFrame]:
    """SALib problem and sample rows (every behavioural parameter, variant, migration 0)."""
    ranges = {k: v for k, v in parameter_ranges(spec, base).items() if v[1] > v[0]}
    if not ranges:
        raise IkmSimError("no parameter varies: widen the band")
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
        Years whose gap is analysed.
    workers : int, optional
        Worker processes.
    progress : callable, optional
        ``progress(done, total)``.
    base_year : int
        Base year.

    Returns
    -------
    pandas.DataFrame
        ``output``, ``parameter``, ``mu_star``, ``mu_star_conf``, ``sigma``, ``rank``, sorted by
        output and rank.
    """
    spec = spec or UncertaintySpec()
    variant = scenario.levers.births_variant or "medium"
    problem, rows = morris_design(spec, trajectories, variant, load_parameters())
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
    x = rows[list(problem["names"])].to_numpy(dtype=float)  # type: ignore[call-overload]
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
        ).sort_values("mu_star", ascending=False)
        frame["rank"] = np.arange(1, len(frame) + 1)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)

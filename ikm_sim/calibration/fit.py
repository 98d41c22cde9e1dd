"""Fit the behavioural parameters to the targets with bounded least squares.

``scipy.optimize.least_squares`` (trust-region reflective, bounds from `BehaviouralParameters`)
minimises the weighted residuals of `ikm_sim.calibration.stats.residuals`. The Jacobian is a
forward difference whose perturbed runs go to worker processes in parallel. An optional global
start evaluates a small Latin-hypercube design first and starts from its best point.
`write_calibrated` writes ``calibrated.yaml`` atomically.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import least_squares
from scipy.stats import qmc

from ikm_sim import __version__
from ikm_sim.atomic import write_text_atomic
from ikm_sim.calibration.simulate import SimulationPool, Simulator
from ikm_sim.calibration.stats import confidence_intervals, fit_table, residuals
from ikm_sim.calibration.targets import TargetSet, observations
from ikm_sim.data.load import Dataset
from ikm_sim.model.parameters import BehaviouralParameters

Progress = Callable[[int, str], None]
#: Relative step of the forward-difference Jacobian (of the parameter's bound range).
DIFF_STEP = 0.02
#: A parameter closer than this share of its range to a bound is reported as at the bound.
AT_BOUND = 0.01


def bounds_of(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the named parameters (``ge``/``le`` of the model)."""
    lo, hi = [], []
    for n in names:
        meta = BehaviouralParameters.model_fields[n].metadata
        lo.append(next(float(m.ge) for m in meta if hasattr(m, "ge")))
        hi.append(next(float(m.le) for m in meta if hasattr(m, "le")))
    return np.array(lo), np.array(hi)


@dataclass
class FitResult:
    """Outcome of one calibration.

    Attributes
    ----------
    estimates : pandas.DataFrame
        ``name, prior, estimate, se, ci_low, ci_high, lower, upper, at_bound, unit``.
    fit : pandas.DataFrame
        Fit per series (`ikm_sim.calibration.stats.fit_table`).
    observations : pandas.DataFrame
        Observed values used (and reported).
    simulated, prior_simulated : pandas.DataFrame
        Model quantities by year at the estimate and at the starting values.
    jacobian : numpy.ndarray or None
        Jacobian of the weighted residuals (fitted observations and priors) at the estimate,
        per unit of each parameter's bound range (for `ikm_sim.calibration.stats.
        identifiability`).
    parameters : BehaviouralParameters
        All parameters (fitted ones at their estimates).
    """

    estimates: pd.DataFrame
    fit: pd.DataFrame
    observations: pd.DataFrame
    simulated: pd.DataFrame
    prior_simulated: pd.DataFrame
    parameters: BehaviouralParameters
    cost: float
    prior_cost: float
    nfev: int
    seconds: float
    message: str
    data_directory: str
    warnings: list[str] = field(default_factory=list)
    jacobian: np.ndarray | None = None


def calibrate(
    data: Dataset | Path | None,
    targets: TargetSet,
    *,
    fit_end: int | None = None,
    start: BehaviouralParameters | None = None,
    max_nfev: int | None = None,
    workers: int = 2,
    global_start: int = 0,
    progress: Progress | None = None,
    observed: pd.DataFrame | None = None,
) -> FitResult:
    """Fit the targets' parameters to the data's history.

    Parameters
    ----------
    data : Dataset, pathlib.Path or None
        Dataset or data directory (default the embedded data).
    targets : TargetSet
        What is fitted (series, weights, years) and which parameters.
    fit_end : int, optional
        Last year of history fitted (backtest origin); default ``targets.end_year``.
    start : BehaviouralParameters, optional
        Starting values (and values of the parameters not fitted); default the priors.
    max_nfev : int, optional
        Iterations of least squares; default ``targets.max_nfev``.
    workers : int
        Worker processes for the Jacobian (2 on this machine).
    global_start : int
        Size of a Latin-hypercube design evaluated before the local fit (0 = none).
    progress : callable, optional
        Called as ``progress(model_runs_done, message)``.
    observed : pandas.DataFrame, optional
        Observations to fit instead of the data's history (parameter-recovery tests).

    Returns
    -------
    FitResult
    """
    t0 = time.perf_counter()
    report = progress or (lambda n, msg: None)
    sim = Simulator(data, targets, fit_end=fit_end, base=start)
    end = sim.fit_end
    obs = observations(sim.data, targets, end) if observed is None else observed
    obs = obs[obs["year"] <= end].reset_index(drop=True)
    names = sim.names
    lo, hi = bounds_of(names)
    x0 = np.clip(np.array([getattr(sim.base, n) for n in names]), lo, hi)
    x_prior = x0.copy()
    # Gaussian priors (ridge terms) keep weakly identified parameters near their documented
    # values: residual (x - prior) / sd, appended to the data residuals.
    inv_sd = np.array([1.0 / targets.prior_sd[n] if n in targets.prior_sd else 0.0 for n in names])
    has_prior = inv_sd > 0

    def penalty(x: np.ndarray) -> np.ndarray:
        return ((x - x_prior) * inv_sd)[has_prior]

    def total(x: np.ndarray, q: pd.DataFrame) -> np.ndarray:
        return np.concatenate([residuals(obs, q), penalty(x)])

    runs = 0
    cache: dict[bytes, pd.DataFrame] = {}

    with SimulationPool(sim, workers) as pool:

        def evaluate(xs: list[np.ndarray], what: str) -> list[pd.DataFrame]:
            nonlocal runs
            todo = [x for x in xs if x.tobytes() not in cache]
            for x, q in zip(todo, pool.map(todo), strict=True):
                cache[x.tobytes()] = q
            runs += len(todo)
            report(runs, what)
            return [cache[x.tobytes()] for x in xs]

        def fun(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, float)
            return total(x, evaluate([x], "residuals")[0])

        def jac(x: np.ndarray) -> np.ndarray:
            x = np.asarray(x, float)
            h = DIFF_STEP * (hi - lo)
            sign = np.where(x + h <= hi, 1.0, -1.0)
            xs = [x + sign[i] * h[i] * np.eye(len(x))[i] for i in range(len(x))]
            qs = evaluate([x, *xs], "Jacobian")
            r0 = residuals(obs, qs[0])
            cols = [(residuals(obs, q) - r0) / (sign[i] * h[i]) for i, q in enumerate(qs[1:])]
            return np.vstack([np.column_stack(cols), np.diag(inv_sd)[has_prior]])

        prior_q = evaluate([x0], "prior")[0]
        prior_cost = 0.5 * float(np.sum(residuals(obs, prior_q) ** 2))
        if global_start > 0:
            design = qmc.scale(qmc.LatinHypercube(len(x0), seed=1).random(global_start), lo, hi)
            cands = [x0, *design]
            qs = evaluate(cands, "global")
            costs = [float(np.sum(total(x, q) ** 2)) for x, q in zip(cands, qs, strict=True)]
            x0 = cands[int(np.argmin(costs))]
        out = least_squares(
            fun,
            x0,
            jac=jac,
            bounds=(lo, hi),
            x_scale=hi - lo,
            max_nfev=max_nfev or targets.max_nfev,
            method="trf",
        )
        q_best = evaluate([out.x], "estimate")[0]
        jac_best = jac(out.x)
    r = total(out.x, q_best)
    fitted = np.concatenate([(obs["weight"] > 0).to_numpy(), np.ones(has_prior.sum(), bool)])
    se, half = confidence_intervals(jac_best[fitted], r[fitted], len(names))
    rng = hi - lo
    at = (out.x - lo < AT_BOUND * rng) | (hi - out.x < AT_BOUND * rng)
    fields = BehaviouralParameters.model_fields
    est = pd.DataFrame(
        {
            "name": names,
            "prior": [getattr(sim.base, n) for n in names],
            "estimate": out.x,
            "se": se,
            "ci_low": np.maximum(out.x - half, lo),
            "ci_high": np.minimum(out.x + half, hi),
            "lower": lo,
            "upper": hi,
            "at_bound": at,
            "unit": [(fields[n].json_schema_extra or {}).get("unit", "") for n in names],  # type: ignore[union-attr]
        }
    )
    warnings = [
        f"{n} = {v:.4g} is at its {'lower' if v - a < b - v else 'upper'} bound [{a}, {b}]"
        for n, v, a, b, flag in zip(names, out.x, lo, hi, at, strict=True)
        if flag
    ]
    if not out.success:
        warnings.append(f"least_squares stopped: {out.message}")
    return FitResult(
        estimates=est,
        fit=fit_table(obs, q_best),
        observations=obs,
        simulated=q_best,
        prior_simulated=prior_q,
        parameters=sim.parameters(out.x),
        cost=float(out.cost),
        prior_cost=prior_cost,
        nfev=runs,
        seconds=time.perf_counter() - t0,
        message=str(out.message),
        data_directory=str(sim.data.directory),
        warnings=warnings,
        jacobian=jac_best[fitted] * (hi - lo)[None, :],
    )


def write_calibrated(result: FitResult, path: Path) -> None:
    """Write ``calibrated.yaml`` atomically (temporary file, then ``os.replace``).

    The file keeps every parameter (fitted ones at their estimates) under ``parameters:``
    and the provenance and CIs under ``fit:``. A failure before the replace leaves the
    previous file as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    e = result.estimates
    fitted = {
        str(n): {"estimate": round(float(v), 6), "ci95": [round(float(a), 6), round(float(b), 6)]}
        for n, v, a, b in zip(e["name"], e["estimate"], e["ci_low"], e["ci_high"], strict=True)
    }
    doc = {
        "parameters": {k: round(float(v), 6) for k, v in result.parameters.model_dump().items()},
        "fit": {
            "fitted": fitted,
            "cost": round(result.cost, 4),
            "prior_cost": round(result.prior_cost, 4),
            "model_runs": result.nfev,
            "seconds": round(result.seconds, 1),
            "data_directory": Path(result.data_directory).name,
            "package_version": __version__,
            "fitted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    }
    text = "# Written by `ikm-sim calibrate`; baseline scenarios build on these values.\n"
    text += yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    write_text_atomic(path, text)

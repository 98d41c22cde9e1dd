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
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import OptimizeResult, least_squares
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


class _Objective:
    """The weighted residuals and their Jacobian, with every model run cached by its vector.

    Gaussian priors (ridge terms) keep weakly identified parameters near their documented
    values: residual ``(x - prior) / sd``, appended to the data residuals.
    """

    def __init__(
        self,
        sim: Simulator,
        targets: TargetSet,
        obs: pd.DataFrame,
        pool: SimulationPool,
        report: Progress,
    ) -> None:
        self.obs, self.pool, self.report = obs, pool, report
        self.names = sim.names
        self.lo, self.hi = bounds_of(self.names)
        self.x_prior = np.clip(
            np.array([getattr(sim.base, n) for n in self.names]), self.lo, self.hi
        )
        self.inv_sd = np.array(
            [1.0 / targets.prior_sd[n] if n in targets.prior_sd else 0.0 for n in self.names]
        )
        self.has_prior = self.inv_sd > 0
        self.runs = 0
        self._cache: dict[bytes, pd.DataFrame] = {}

    def penalty(self, x: np.ndarray) -> np.ndarray:
        """The prior residuals of `x`."""
        return ((x - self.x_prior) * self.inv_sd)[self.has_prior]

    def total(self, x: np.ndarray, q: pd.DataFrame) -> np.ndarray:
        """Data residuals of the quantities `q`, then the prior residuals of `x`."""
        return np.concatenate([residuals(self.obs, q), self.penalty(x)])

    def evaluate(self, xs: list[np.ndarray], what: str) -> list[pd.DataFrame]:
        """Model quantities of every vector (runs only the ones not seen before)."""
        todo = [x for x in xs if x.tobytes() not in self._cache]
        for x, q in zip(todo, self.pool.map(todo), strict=True):
            self._cache[x.tobytes()] = q
        self.runs += len(todo)
        self.report(self.runs, what)
        return [self._cache[x.tobytes()] for x in xs]

    def fun(self, x: np.ndarray) -> np.ndarray:
        """Residual vector at `x` (for `least_squares`)."""
        x = np.asarray(x, float)
        return self.total(x, self.evaluate([x], "residuals")[0])

    def jac(self, x: np.ndarray) -> np.ndarray:
        """Forward-difference Jacobian at `x`, its runs in parallel."""
        x = np.asarray(x, float)
        h = DIFF_STEP * (self.hi - self.lo)
        sign = np.where(x + h <= self.hi, 1.0, -1.0)
        xs = [x + sign[i] * h[i] * np.eye(len(x))[i] for i in range(len(x))]
        qs = self.evaluate([x, *xs], "Jacobian")
        r0 = residuals(self.obs, qs[0])
        cols = [(residuals(self.obs, q) - r0) / (sign[i] * h[i]) for i, q in enumerate(qs[1:])]
        return np.vstack([np.column_stack(cols), np.diag(self.inv_sd)[self.has_prior]])

    def global_start(self, x0: np.ndarray, size: int) -> np.ndarray:
        """The best of `x0` and a Latin-hypercube design of `size` points."""
        design = qmc.scale(qmc.LatinHypercube(len(x0), seed=1).random(size), self.lo, self.hi)
        cands = [x0, *design]
        qs = self.evaluate(cands, "global")
        costs = [float(np.sum(self.total(x, q) ** 2)) for x, q in zip(cands, qs, strict=True)]
        return np.asarray(cands[int(np.argmin(costs))])


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
    engine: str | None = None,
    cluster: Any = None,
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
    engine : {"fast", "pysd"}, optional
        The engine of every run (default: `ikm_sim.engines.check_engine`).
    cluster : str or distributed.Client, optional
        A dask cluster for the model runs (the global start's design and the Jacobian's
        perturbed runs; `ikm_sim.executor.make_executor`; default the environment variable
        ``IKM_SIM_DASK_SCHEDULER``, unset: local processes). The fit is the same.

    Returns
    -------
    FitResult
    """
    t0 = time.perf_counter()
    sim = Simulator(data, targets, fit_end=fit_end, base=start, engine=engine)
    obs = observations(sim.data, targets, sim.fit_end) if observed is None else observed
    obs = obs[obs["year"] <= sim.fit_end].reset_index(drop=True)
    with SimulationPool(sim, workers, cluster) as pool:
        objective = _Objective(sim, targets, obs, pool, progress or (lambda n, msg: None))
        x0 = objective.x_prior.copy()
        prior_q = objective.evaluate([x0], "prior")[0]
        if global_start > 0:
            x0 = objective.global_start(x0, global_start)
        out = least_squares(
            objective.fun,
            x0,
            jac=objective.jac,
            bounds=(objective.lo, objective.hi),
            x_scale=objective.hi - objective.lo,
            max_nfev=max_nfev or targets.max_nfev,
            method="trf",
        )
        q_best = objective.evaluate([out.x], "estimate")[0]
        jac_best = objective.jac(out.x)
    return _result(sim, objective, out, q_best, prior_q, jac_best, time.perf_counter() - t0)


def _result(
    sim: Simulator,
    objective: _Objective,
    out: OptimizeResult,
    q_best: pd.DataFrame,
    prior_q: pd.DataFrame,
    jac_best: np.ndarray,
    seconds: float,
) -> FitResult:
    """The `FitResult` of a finished fit: estimates with intervals, fit table, warnings."""
    names, lo, hi, obs = objective.names, objective.lo, objective.hi, objective.obs
    r = objective.total(out.x, q_best)
    fitted = np.concatenate(
        [(obs["weight"] > 0).to_numpy(), np.ones(objective.has_prior.sum(), bool)]
    )
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
        prior_cost=0.5 * float(np.sum(residuals(obs, prior_q) ** 2)),
        nfev=objective.runs,
        seconds=seconds,
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

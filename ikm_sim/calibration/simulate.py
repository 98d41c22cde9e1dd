"""Runs of the model for calibration: from the start year, with parameter vectors, in parallel.

A `Simulator` holds a dataset and the targets; `Simulator.quantities` runs the model from the
targets' start year with given behavioural parameters and returns the national quantities.
Cohort ratios (grade progression, school entry) are estimated from the pupils of the fitted
window only (the four years up to the fit's last year), so a backtest never sees later years.
PySD models cannot be pickled, so `SimulationPool` gives every worker process its own
`Simulator` (and model); on a dask cluster (`ikm_sim.executor`) every worker builds one per
pool from the dataset sent to it once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.calibration.targets import (
    HIRES_BY_AGE,
    SCHOOL_EXCLUDED,
    TargetSet,
    model_quantities,
    young_hires,
)
from ikm_sim.data.load import Dataset, load_data
from ikm_sim.engines import check_engine
from ikm_sim.executor import Executor as RemoteExecutor
from ikm_sim.executor import make_executor, resolve_cluster
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.runner import run
from ikm_sim.state.origin import window_cohort_ratios


class Simulator:
    """Run the model from the start year with parameter values, returning national quantities.

    Parameters
    ----------
    data : Dataset or pathlib.Path or None
        Dataset (or its directory; default the embedded data).
    targets : TargetSet
        Start and end year, and the names of the fitted parameters.
    fit_end : int, optional
        Last year the fit may see (for cohort ratios); default ``targets.end_year``.
    base : BehaviouralParameters, optional
        Values of the parameters that are not fitted; default the documented priors.
    engine : {"fast", "pysd"}, optional
        The engine of every run (default: `ikm_sim.engines.check_engine`).
    """

    def __init__(
        self,
        data: Dataset | Path | None,
        targets: TargetSet,
        fit_end: int | None = None,
        base: BehaviouralParameters | None = None,
        engine: str | None = None,
    ) -> None:
        self.engine = check_engine(engine)
        self.data = data if isinstance(data, Dataset) else load_data(data)
        self.targets = targets
        self.names = list(targets.parameters)
        self.base = base or BehaviouralParameters()
        self.fit_end = targets.end_year if fit_end is None else fit_end
        self.overrides = self._cohort_ratios()

    def _cohort_ratios(self) -> dict[str, Any]:
        """Entry and progression ratios averaged over the fitted window (`window_cohort_ratios`)."""
        return window_cohort_ratios(self.data, self.targets.start_year, self.fit_end, self.base)

    def parameters(self, theta: Sequence[float]) -> BehaviouralParameters:
        """Behavioural parameters with the fitted names set to `theta`."""
        values = self.base.model_dump() | {
            n: float(v) for n, v in zip(self.names, theta, strict=True)
        }
        return BehaviouralParameters(**values)

    def quantities(self, theta: Sequence[float], final_year: int | None = None) -> pd.DataFrame:
        """National quantities by year for parameter vector `theta`.

        Every quantity comes from the run from the start year, except ``school_net_change`` of
        the data's base year (when the fit reaches it): the base-year balance of hiring and
        exits is taken from a one-year run from the base year's own state, the state every
        forecast starts from.
        """
        parameters = self.parameters(theta)
        res = run(
            data=self.data,
            parameters=parameters,
            final_year=final_year or self.targets.end_year,
            base_year=self.targets.start_year,
            model_overrides=self.overrides,
            extra_variables=(HIRES_BY_AGE,),
            engine=self.engine,
        )
        q = model_quantities(
            res.supply_demand,
            res.pupils,
            res.preschool,
            res.teachers_by_age,
            self.data.retirement_age,
            young_hires(res.arrays[HIRES_BY_AGE]),
        )
        base = self.data.base_year
        if self.targets.start_year < base <= self.fit_end and base in q.index:
            q.loc[base, "school_net_change"] = self._base_year_net_change(parameters, base)
        return q

    def _base_year_net_change(self, parameters: BehaviouralParameters, base: int) -> float:
        """Hires minus exits of school pedagogues in the base year, run from its own state."""
        sd = run(
            data=self.data,
            parameters=parameters,
            base_year=base,
            final_year=base + 1,
            engine=self.engine,
        )
        rows = sd.supply_demand
        rows = rows[(rows["year"] == base) & ~rows["subject"].isin(SCHOOL_EXCLUDED)]
        return float((rows["hires"] - rows["leavers"] - rows["retirements"]).sum())


_WORKER: Simulator | None = None
#: Simulators of a dask worker, by the token of the pool that sent them.
_REMOTE: dict[str, Simulator] = {}


def _init_worker(
    data_dir: str | None,
    targets: dict[str, Any],
    fit_end: int,
    base: dict[str, Any],
    engine: str,
) -> None:
    global _WORKER
    _WORKER = Simulator(
        Path(data_dir) if data_dir else None,
        TargetSet(**targets),
        fit_end,
        BehaviouralParameters(**base),
        engine,
    )


def _work(theta: list[float]) -> pd.DataFrame:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.quantities(theta)


def _remote_work(
    token: str,
    data: Dataset,
    targets: dict[str, Any],
    fit_end: int,
    base: dict[str, Any],
    theta: list[float],
) -> pd.DataFrame:
    """`Simulator.quantities` on a dask worker, its simulator built once per pool."""
    sim = _REMOTE.get(token)
    if sim is None:
        if len(_REMOTE) > 4:
            _REMOTE.clear()
        sim = Simulator(data, TargetSet(**targets), fit_end, BehaviouralParameters(**base))
        _REMOTE[token] = sim
    return sim.quantities(theta)


class SimulationPool:
    """Evaluate many parameter vectors, in worker processes when ``workers > 1``, or on a cluster.

    Parameters
    ----------
    simulator : Simulator
        The in-process simulator (used directly when ``workers == 1``).
    workers : int
        Number of processes.
    cluster : str or distributed.Client, optional
        A dask cluster for the runs (`ikm_sim.executor.make_executor`; default the
        environment variable ``IKM_SIM_DASK_SCHEDULER``, unset: local processes).
    """

    def __init__(
        self,
        simulator: Simulator,
        workers: int = 2,
        cluster: Any = None,
    ) -> None:
        self.simulator = simulator
        self.workers = max(1, int(workers))
        self._pool: Executor | None = None
        self._remote: RemoteExecutor | None = None
        if resolve_cluster(cluster) is not None:
            ex = make_executor(cluster, workers)
            if ex.remote:
                self._remote = ex
                self._args = (
                    uuid.uuid4().hex,
                    ex.share(simulator.data),
                    simulator.targets.model_dump(),
                    simulator.fit_end,
                    simulator.base.model_dump(),
                )
                return
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(
                self.workers,
                initializer=_init_worker,
                initargs=(
                    str(simulator.data.directory),
                    simulator.targets.model_dump(),
                    simulator.fit_end,
                    simulator.base.model_dump(),
                    simulator.engine,
                ),
            )

    def map(self, thetas: Sequence[np.ndarray]) -> list[pd.DataFrame]:
        """Quantities for every vector of `thetas`, in order."""
        if self._remote is not None:
            jobs = [(*self._args, list(map(float, t))) for t in thetas]
            return list(self._remote.ordered(_remote_work, jobs))
        if self._pool is None or len(thetas) == 1:
            return [self.simulator.quantities(list(map(float, t))) for t in thetas]
        return list(self._pool.map(_work, [list(map(float, t)) for t in thetas]))

    def close(self) -> None:
        """Stop the worker processes (and a cluster's client this pool opened)."""
        if self._remote is not None:
            self._remote.close()
            self._remote = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> SimulationPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""Run many samples of the model: vectorised chunks of K samples, spread over worker processes.

Each worker loads the (cached) translated ensemble model itself: PySD models cannot be
pickled. Work is sent as chunks of `CHUNK` samples through `ikm_sim.executor` (local forked
processes, which inherit the dataset, or a dask cluster, whose workers get it once); the last
chunk is padded with copies of its last sample (one translation per chunk size) and the
padding is dropped. `ensemble_chunks` yields the chunks in sample order as they finish (for a
reduction in bounded memory, `ikm_sim.uncertainty.streamed`); `run_ensemble` keeps them all.
``method="loop"`` runs `ikm_sim.runner.run` once per sample (the naive reference).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset, load_data
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.engines import check_engine, prepare_engine, simulate_samples
from ikm_sim.engines.ensemble_model import SAMPLE_DIM
from ikm_sim.errors import ModelError
from ikm_sim.executor import Executor, executor
from ikm_sim.inputs import model_inputs
from ikm_sim.inputs.samples import ensemble_inputs
from ikm_sim.model import entry_ratio
from ikm_sim.model.lookup_paths import thin_inputs
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import FUNDING_NATIONAL_VARIABLES, FUNDING_REGION_VARIABLES, provenance
from ikm_sim.scenario import Scenario
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.uncertainty.sampling import parameters_of
from ikm_sim.uncertainty.sources import apply_sources, drawn_sizes, one_sample

RS = ("Region", "Subject")


@dataclass(frozen=True)
class Output:
    """An ensemble output: a model variable, the dimensions kept and elements selected.

    Attributes
    ----------
    variable : str
        Model variable.
    dims : tuple of str
        Its dimensions kept, ``("Region", "Subject")`` or ``("Region",)``.
    select : tuple of (str, str)
        Elements picked from the variable's other dimensions, e.g. ``(("Grade", "G1"),)``.
    """

    variable: str
    dims: tuple[str, ...] = RS
    select: tuple[tuple[str, str], ...] = ()


#: The ensemble's outputs, result column -> `Output` (the one declaration: percentile tables,
#: fan charts and the pack follow it).
OUTPUTS = {
    "demand_fte": Output("Demand FTE"),
    "supply_fte": Output("Potential Supply FTE"),
    "gap_fte": Output("Gap FTE"),
    "vacancies_fte": Output("Vacancies FTE"),
    "teachers": Output("Teachers Total"),
    "pupils": Output("Total Pupils", ("Region",)),
    "first_graders": Output("Pupils", ("Region",), (("Grade", "G1"),)),
}
#: The ensemble's money, national per sample and year (nominal EUR/year), result column ->
#: `Output`: the municipal funding variables of a run's ``funding`` table (summed over
#: municipalities) and the national supply cost, as `ikm_sim.runner` declares them.
MONEY = {
    **{col: Output(var, ("Region",)) for col, var in FUNDING_REGION_VARIABLES.items()},
    **{col: Output(var, ()) for col, var in FUNDING_NATIONAL_VARIABLES.items()},
}
#: Samples per vectorised run: per sample, K=50 took 0.13 s, K=100 0.09 s and K=200 0.14 s on
#: the 2-core machine (``benchmarks/ensemble_speed.py --chunk``); K=100 needs ~0.9 GB per worker.
CHUNK = 100
Progress = Callable[[int, int], None]
#: Seconds per sample in one process (measured on the 2-core machine, national model to
#: `MEASURED_TO`, chunks of `CHUNK`): what the app quotes before it runs an ensemble.
SECONDS_PER_SAMPLE = {"fast": 0.025, "pysd": 0.1}
MEASURED_TO = 2045
#: Share of a sample's time that does not grow with the simulated years (inputs, outputs).
FIXED_SHARE = 0.3


def estimated_seconds(
    samples: int,
    workers: int = 1,
    engine: str | None = None,
    final_year: int = MEASURED_TO,
    base_year: int = BASE_YEAR,
) -> float:
    """Rough duration of an ensemble of `samples` (for a cost shown before a run).

    Most of a sample's time grows with the simulated years; the speeds behind it
    (`SECONDS_PER_SAMPLE`) are measured by ``benchmarks/ensemble_speed.py``.
    """
    years = max(1, final_year - base_year) / (MEASURED_TO - base_year)
    per = SECONDS_PER_SAMPLE[check_engine(engine)] * (FIXED_SHARE + (1 - FIXED_SHARE) * years)
    return 1.0 + per * samples / max(1, min(workers, -(-samples // CHUNK)))


@dataclass(frozen=True)
class Ensemble:
    """Outputs of every sample.

    Attributes
    ----------
    years : numpy.ndarray
        School years.
    regions, subjects : list of str
        Municipality and subject codes.
    values : dict of str to numpy.ndarray
        Output column -> array of shape (samples, years, regions, subjects), or (samples,
        years, regions) for an output without a subject (`OUTPUTS`).
    samples : pandas.DataFrame
        The sample draws (see `ikm_sim.uncertainty.sampling.draw_samples`).
    source_sizes : dict of str to float
        Standard deviation of every source drawn (`ikm_sim.uncertainty.sources`), empty when
        none is.
    money : dict of str to numpy.ndarray
        `MONEY` column -> national nominal EUR/year of shape (samples, years).
    price_factor : numpy.ndarray
        Per year, nominal EUR times this is constant 2025 EUR
        (`ikm_sim.costs.constant_price_factor`).
    """

    years: np.ndarray
    regions: list[str]
    subjects: list[str]
    values: dict[str, np.ndarray]
    samples: pd.DataFrame
    source_sizes: dict[str, float] = field(default_factory=dict)
    money: dict[str, np.ndarray] = field(default_factory=dict)
    price_factor: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _with_variant(scenario: Scenario, variant: str) -> Scenario:
    levers = scenario.levers.model_copy(update={"births_variant": variant})
    return scenario.model_copy(update={"levers": levers})


def _shift_migration(series: pd.Series, delta: float, base_year: int) -> pd.Series:
    if delta == 0.0:
        return series
    index = series.index.to_numpy(dtype=float)
    values = [
        v + delta if y > base_year else v for y, v in zip(index, series.to_numpy(), strict=True)
    ]
    return pd.Series(values, index=series.index, dtype=object if series.dtype == object else float)


def sample_inputs(
    ds: Dataset, scenario: Scenario, row: pd.Series, base_year: int = BASE_YEAR
) -> dict[str, Any]:
    """Model inputs of one sample: parameters, birth variant, migration and the other sources."""
    inputs = model_inputs(
        ds, parameters_of(row), _with_variant(scenario, str(row["births_variant"])), base_year
    )
    inputs["Net Migration Rate"] = _shift_migration(
        inputs["Net Migration Rate"], float(row["net_migration"]), base_year
    )
    z = float(row["entry_level_z"]) if "entry_level_z" in row else 0.0
    inputs["Entry Ratio Deviation"] = entry_ratio.level_path(
        entry_ratio.estimate(ds, base_year), base_year, z
    )
    return one_sample(apply_sources(inputs, ds, pd.DataFrame([row]), base_year))


def _output_array(out: Any, output: Output) -> np.ndarray:
    """An output of an `EngineOutput` as (samples, years, *dims)."""
    arr = out.array(output.variable)
    if output.select:
        arr = arr.sel(dict(output.select))
    return np.moveaxis(arr.transpose("time", SAMPLE_DIM, *output.dims).to_numpy(), 1, 0)


#: Datasets held in memory (e.g. the data at a backtest origin), by key: worker processes are
#: forked, so they inherit this and find a dataset by its key instead of a directory.
_IN_MEMORY: dict[str, Dataset] = {}
MEMORY_PREFIX = "memory:"


def _dataset(directory: str | Dataset) -> Dataset:
    if isinstance(directory, Dataset):  # sent to a remote worker (`Executor.share`)
        return directory
    if directory.startswith(MEMORY_PREFIX):
        return _IN_MEMORY[directory]
    return _load(directory)


@lru_cache(maxsize=4)
def _load(directory: str) -> Dataset:
    return load_data(Path(directory))


def _data_key(data: Path | Dataset | None) -> str:
    """The key workers find `data` by: its directory, or an in-memory dataset's fingerprint."""
    if isinstance(data, Dataset):
        key = MEMORY_PREFIX + data.fingerprint
        if len(_IN_MEMORY) > 8:
            _IN_MEMORY.clear()
        _IN_MEMORY[key] = data
        return key
    return str(Path(data) if data is not None else DATA_DIR)


def _scenario(scenario: Scenario | dict[str, Any]) -> Scenario:
    # Scenarios hold a dynamically built pydantic class and do not pickle; workers get a dict.
    return scenario if isinstance(scenario, Scenario) else Scenario.model_validate(scenario)


def run_chunk(
    data_dir: str | Dataset,
    scenario: Scenario | dict[str, Any],
    rows: pd.DataFrame,
    final_year: int,
    base_year: int = BASE_YEAR,
    chunk: int = CHUNK,
    engine: str | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run up to `chunk` samples as one vectorised model run.

    Returns
    -------
    tuple
        Years and, per output column, an array (samples, years, regions, subjects).
    """
    ds = _dataset(data_dir)
    scenario = _scenario(scenario)
    n = len(rows)
    padded = pd.concat([rows, rows.iloc[[-1] * (chunk - n)]]) if n < chunk else rows
    inputs = apply_sources(ensemble_inputs(ds, scenario, padded, base_year), ds, padded, base_year)
    inputs = thin_inputs(inputs, (base_year, final_year))
    columns = list(dict.fromkeys(o.variable for o in (*OUTPUTS.values(), *MONEY.values())))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = simulate_samples(
                engine, ds.directory, inputs, columns, base_year, final_year, chunk
            )
    except Exception as exc:
        raise ModelError(f"The ensemble simulation failed: {type(exc).__name__}: {exc}") from exc
    years = out.times.round().astype(int)
    values = {col: _output_array(out, o)[:n] for col, o in OUTPUTS.items()}
    for col, o in MONEY.items():
        arr = _output_array(out, o)[:n]
        values[col] = arr.sum(axis=2) if o.dims else arr
    return years, values


def run_loop_one(
    data_dir: str | Dataset,
    scenario: Scenario | dict[str, Any],
    row: pd.Series,
    final_year: int,
    base_year: int = BASE_YEAR,
    engine: str | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run one sample with `ikm_sim.runner.run` (the naive reference)."""
    from ikm_sim.costs import national_costs
    from ikm_sim.runner import run

    ds = _dataset(data_dir)
    scenario = _scenario(scenario)
    sampled = sample_inputs(ds, scenario, row, base_year)
    res = run(
        scenario=_with_variant(scenario, str(row["births_variant"])),
        data=ds,
        parameters=parameters_of(row),
        final_year=final_year,
        base_year=base_year,
        engine=engine,
        model_overrides=sampled,
        extra_variables=tuple(dict.fromkeys(o.variable for o in OUTPUTS.values())),
    )
    years = np.sort(res.supply_demand["year"].unique())
    values = {}
    for col, o in OUTPUTS.items():
        arr = xr.concat(list(res.arrays[o.variable]), dim="time")
        arr = arr.sel(dict(o.select)) if o.select else arr
        values[col] = arr.transpose("time", *o.dims).to_numpy()[None]
    money = national_costs(res.funding)
    for col in MONEY:
        values[col] = money[col].to_numpy()[None]
    return years, values


def data_base_year(data: Path | None = None) -> int:
    """The year runs on `data` start from by default (`Dataset.base_year`)."""
    return _dataset(str(Path(data) if data is not None else DATA_DIR)).base_year


def ensemble_provenance(data: Path | Dataset | None = None) -> dict[str, Any]:
    """`ikm_sim.runner.provenance` of an ensemble on `data` (default: the embedded data)."""
    return provenance(_dataset(_data_key(data)))


def _plan(data: Path | Dataset | None, ex: Executor) -> tuple[Dataset, Any]:
    """The dataset and how the pieces find it: its key locally, the dataset itself remotely."""
    key = _data_key(data)
    ds = _dataset(key)
    return ds, (ex.share(ds) if ex.remote else key)


def _jobs(
    samples: pd.DataFrame,
    method: str,
    chunk: int,
    common: tuple[Any, ...],
    final_year: int,
    base_year: int,
    engine: str,
) -> tuple[Callable[..., Any], list[tuple[Any, ...]], list[int]]:
    """The work function, its arguments per piece and each piece's number of samples."""
    data_ref, sc_doc = common
    jobs: list[tuple[Any, ...]]
    if method == "vector":
        size = min(chunk, len(samples))
        pieces = [samples.iloc[i : i + size] for i in range(0, len(samples), size)]
        jobs = [(data_ref, sc_doc, p, final_year, base_year, size, engine) for p in pieces]
        return run_chunk, jobs, [len(p) for p in pieces]
    if method == "loop":
        rows = [samples.iloc[i] for i in range(len(samples))]
        jobs = [(data_ref, sc_doc, r, final_year, base_year, engine) for r in rows]
        return run_loop_one, jobs, [1] * len(rows)
    raise ValueError(f"unknown method {method!r}")


def ensemble_chunks(
    samples: pd.DataFrame,
    scenario: Scenario,
    data: Path | Dataset | None = None,
    final_year: int = FINAL_YEAR,
    base_year: int | None = None,
    *,
    ex: Executor,
    method: str = "vector",
    chunk: int = CHUNK,
    progress: Progress | None = None,
    engine: str | None = None,
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Run the samples in pieces on `ex`; yield each piece's years and outputs, in order.

    The arguments are those of `run_ensemble`; `ex` is where the pieces run
    (`ikm_sim.executor`). A piece's result depends only on its samples, so the pieces are the
    same wherever they ran.
    """
    engine = check_engine(engine)
    ds, data_ref = _plan(data, ex)
    base_year = ds.base_year if base_year is None else base_year
    common = (data_ref, scenario.model_dump(mode="json"))
    fn, jobs, sizes = _jobs(samples, method, chunk, common, final_year, base_year, engine)
    if not ex.remote and ex.workers > 1 and len(jobs) > 1:
        # Load the dataset and the model template before forking: every worker inherits them
        # instead of loading its own (about 3 s of a worker's start).
        prepare_engine(
            engine, ds.directory, min(chunk, len(samples)) if method == "vector" else None
        )
    done = 0
    for size, result in zip(sizes, ex.ordered(fn, jobs), strict=True):
        done += size
        if progress:
            progress(done, len(samples))
        yield result


def run_ensemble(
    samples: pd.DataFrame,
    scenario: Scenario,
    data: Path | Dataset | None = None,
    final_year: int = FINAL_YEAR,
    base_year: int | None = None,
    workers: int | None = None,
    method: str = "vector",
    chunk: int = CHUNK,
    progress: Progress | None = None,
    engine: str | None = None,
    cluster: Any = None,
) -> Ensemble:
    """Run every sample and collect the outputs of `OUTPUTS` (all samples held in memory).

    Parameters
    ----------
    samples : pandas.DataFrame
        Draws from `ikm_sim.uncertainty.sampling.draw_samples`.
    scenario : Scenario
        The scenario (its birth variant is replaced by each sample's).
    data : pathlib.Path or Dataset, optional
        Data directory, or a dataset in memory (e.g. `ikm_sim.state.origin.origin_dataset`).
        Default is the embedded dataset.
    final_year : int
        Last simulated year.
    base_year : int, optional
        First simulated year; default the data's latest year (`Dataset.base_year`), as
        `ikm_sim.runner.run`.
    workers : int, optional
        Local worker processes (default: the number of cores; 1 runs in this process).
    method : {"vector", "loop"}
        Vectorised chunks of the ensemble model, or one `run` call per sample.
    chunk : int
        Samples per vectorised run.
    progress : callable, optional
        Called as ``progress(done, total)`` after each finished piece of work.
    engine : {"fast", "pysd"}, optional
        The engine (see `ikm_sim.engines`).
    cluster : str or distributed.Client, optional
        A dask cluster to run the pieces on: a scheduler address, a client, or ``"local"``
        (`ikm_sim.executor.make_executor`; default the environment variable
        ``IKM_SIM_DASK_SCHEDULER``, unset: local processes). The result is the same as a
        local run's.

    Returns
    -------
    Ensemble
    """
    with executor(cluster, workers) as ex:
        results = list(
            ensemble_chunks(
                samples,
                scenario,
                data,
                final_year,
                base_year,
                ex=ex,
                method=method,
                chunk=chunk,
                progress=progress,
                engine=engine,
            )
        )
    ds = _dataset(_data_key(data))
    years = results[0][0]
    return Ensemble(
        years=years,
        regions=[str(r) for r in ds.municipalities["atvk"]],
        subjects=[str(s) for s in ds.subjects["code"]],
        values={c: np.concatenate([r[1][c] for r in results]) for c in OUTPUTS},
        samples=samples.reset_index(drop=True),
        source_sizes=drawn_sizes(ds, samples),
        money={c: np.concatenate([r[1][c] for r in results]) for c in MONEY},
        price_factor=price_factor(ds, years),
    )


def price_factor(ds: Dataset, years: np.ndarray) -> np.ndarray:
    """Per school year of `years`: nominal EUR times this is constant 2025 EUR.

    Parameters
    ----------
    ds : Dataset
        The dataset (its ``funding`` table's consumer prices).
    years : numpy.ndarray
        School years.

    Returns
    -------
    numpy.ndarray
        `ikm_sim.costs.constant_price_factor` of each year.
    """
    from ikm_sim.costs import constant_price_factor

    return constant_price_factor(ds.funding, [int(y) for y in years]).to_numpy(dtype=float)

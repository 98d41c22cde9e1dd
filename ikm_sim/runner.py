"""Run a scenario on a dataset and return tidy results with one column contract.

``run`` maps the scenario and the data to the model's inputs, runs one of the two engines
(`ikm_sim.engines`: the fast engine generated from the model file, or PySD, the
reference), asks only for the variables the results need, and builds the tidy tables directly
from the returned arrays.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim import __version__
from ikm_sim.atomic import replaced_directory
from ikm_sim.data.load import Dataset, load_data
from ikm_sim.data.schema import CHILD_AGES, GRADES, TEACHER_AGES
from ikm_sim.engines import check_engine, simulate
from ikm_sim.engines.base import EngineOutput
from ikm_sim.errors import IkmSimError, ModelError
from ikm_sim.indicators.aggregate import national_totals
from ikm_sim.inputs import model_inputs
from ikm_sim.model.lookup_paths import thin_inputs
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.paths import MODEL_FILE
from ikm_sim.results_schema import (
    FUNDING_COLUMNS,
    PRESCHOOL_COLUMNS,
    PUPILS_COLUMNS,
    SUPPLY_DEMAND_COLUMNS,
    TEACHERS_BY_AGE_COLUMNS,
)
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.settings import FINAL_YEAR

Progress = Callable[[float, str], None]

#: Result column -> model variable (per region and subject).
SUPPLY_DEMAND_VARIABLES = {
    "demand_fte": "Demand FTE",
    "supply_fte": "Potential Supply FTE",
    "gap_fte": "Gap FTE",
    "vacancies_fte": "Vacancies FTE",
    "hires": "Hires",
    "leavers": "Leavers",
    "retirements": "Retirements",
    "teachers": "Teachers Total",
    "share_60plus": "Share 60 Plus",
    "entrants_needed": "Entrants Needed",
}
OTHER_VARIABLES = ("Pupils", "Preschool Children", "Teachers")
#: Funding result column -> model variable, per municipality and subject / per municipality.
FUNDING_SUBJECT_VARIABLES = {"wage_bill_eur": "Wage Bill"}
FUNDING_REGION_VARIABLES = {
    "wage_bill_eur": "Grant Covered Wage Bill",
    "grant_eur": "State Grant",
    "top_up_eur": "Municipal Top Up",
}
#: National funding variables (no municipality).
FUNDING_NATIONAL_VARIABLES = {"supply_cost_eur": "Supply Cost"}
FUNDING_VARIABLES = (
    *FUNDING_SUBJECT_VARIABLES.values(),
    *FUNDING_REGION_VARIABLES.values(),
    *FUNDING_NATIONAL_VARIABLES.values(),
)


@dataclass(frozen=True)
class RunResult:
    """Tidy results of one run.

    Attributes
    ----------
    scenario_name : str
        Name of the scenario run.
    supply_demand : pandas.DataFrame
        Columns `SUPPLY_DEMAND_COLUMNS`: per year, municipality and subject.
    pupils, preschool, teachers_by_age : pandas.DataFrame
        Columns `PUPILS_COLUMNS`, `PRESCHOOL_COLUMNS`, `TEACHERS_BY_AGE_COLUMNS`.
    meta : dict
        Provenance: model and data hashes, scenario, package version, time of run.
    funding : pandas.DataFrame
        Columns `FUNDING_COLUMNS`: wage bill, grant, top-up and supply cost (nominal EUR a
        year) per municipality and subject, per municipality and nationally.
    """

    scenario_name: str
    supply_demand: pd.DataFrame
    pupils: pd.DataFrame
    preschool: pd.DataFrame
    teachers_by_age: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    arrays: dict[str, pd.Series] = field(default_factory=dict, repr=False)
    funding: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FUNDING_COLUMNS))

    def national(self) -> pd.DataFrame:
        """National totals per year: demand, supply, gap, vacancies, flows, teachers, pupils."""
        return national_totals(self.supply_demand, self.pupils)

    def write(self, out_dir: Path) -> None:
        """Write the result tables and ``run.json`` to `out_dir`, atomically.

        The files are written to a temporary sibling directory first and swapped in only
        when all are complete, so a failed write leaves earlier results intact.
        """
        with replaced_directory(Path(out_dir)) as tmp:
            self.supply_demand.round(4).to_csv(tmp / "supply_demand.csv", index=False)
            self.pupils.round(4).to_csv(tmp / "pupils.csv", index=False)
            self.preschool.round(4).to_csv(tmp / "preschool.csv", index=False)
            self.teachers_by_age.round(4).to_csv(tmp / "teachers_by_age.csv", index=False)
            self.funding.round(2).to_csv(tmp / "funding.csv", index=False)
            (tmp / "run.json").write_text(
                json.dumps(self.meta, indent=2, ensure_ascii=False), encoding="utf-8"
            )


def check_finite(out: EngineOutput) -> None:
    """Refuse results with NaN or infinite values, naming the first variable, cell and year.

    Raises
    ------
    ModelError
        Such values mean an input the model cannot take (e.g. levers that empty a stock a
        division then uses), and would otherwise reach charts as silent gaps.
    """
    for name, values in out.values.items():
        bad = ~np.isfinite(values)
        if not bad.any():
            continue
        t, *cell = (int(i) for i in np.unravel_index(int(np.argmax(bad)), values.shape))
        where = ", ".join(str(out.coords[d][i]) for d, i in zip(out.dims[name], cell, strict=True))
        kind = "NaN" if np.isnan(values[(t, *cell)]) else "an infinite value"
        raise ModelError(
            f"the model gave {kind} for {name}{f'[{where}]' if where else ''} in "
            f"{round(out.times[t])}: an input is outside what the model can take "
            "(check the scenario's levers and the data)"
        )


def _stack(out: EngineOutput, name: str, dims: tuple[str, ...]) -> np.ndarray:
    """A variable's values (time first) with its axes in the order `dims`."""
    have = out.dims[name]
    return np.transpose(out.values[name], (0, *(1 + have.index(d) for d in dims)))


RS = ("Region", "Subject")


@lru_cache(maxsize=16)
def _key_columns(axes: tuple[tuple[str, tuple[Any, ...]], ...]) -> pd.DataFrame:
    """The key columns of a tidy table: every combination of `axes`, the last varying fastest.

    Building string columns is most of the cost of a tidy table and they are the same for every
    run of a dataset, so they are built once; tables add their value columns to a copy.
    """
    sizes = [len(values) for _, values in axes]
    total = int(np.prod(sizes))
    columns: dict[str, Any] = {}
    inner = 1
    for (name, values), size in zip(reversed(axes), reversed(sizes), strict=True):
        codes = np.tile(np.repeat(np.arange(size), inner), total // (size * inner))
        columns[name] = _column(values, codes)
        inner *= size
    return pd.DataFrame({name: columns[name] for name, _ in axes})


def _column(values: tuple[Any, ...], codes: np.ndarray) -> Any:
    """`values` taken at `codes`; strings straight into pandas' Arrow-backed string type.

    Converting a numpy array of strings (teachers by age: ~1 million cells) to pandas' string
    type first makes a Python object per cell (~130 MB at the peak); Arrow's take does not.
    """
    if values and isinstance(values[0], str):
        dtype = pd.Series(values[:1]).dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            import pyarrow as pa

            return pd.array(pa.array(values).take(pa.array(codes)), dtype=dtype)
    return np.asarray(values)[codes]


def _tidy(
    axes: list[tuple[str, Any]], values: dict[str, np.ndarray], order: tuple[str, ...]
) -> pd.DataFrame:
    keys = _key_columns(tuple((name, tuple(v)) for name, v in axes))
    return keys.assign(**{col: v.reshape(-1) for col, v in values.items()})[list(order)]


def tidy_results(
    out: EngineOutput, regions: list[str], subjects: list[str]
) -> dict[str, pd.DataFrame]:
    """Build the tidy result tables from an engine's output."""
    years = [int(y) for y in out.times.round()]
    sd = _tidy(
        [("year", years), ("region", regions), ("subject", subjects)],
        {col: _stack(out, var, RS) for col, var in SUPPLY_DEMAND_VARIABLES.items()},
        SUPPLY_DEMAND_COLUMNS,
    )
    pupils = _tidy(
        [("year", years), ("region", regions), ("grade", list(GRADES))],
        {"pupils": _stack(out, "Pupils", ("Region", "Grade"))},
        PUPILS_COLUMNS,
    )
    pre = _tidy(
        [("year", years), ("region", regions), ("age", list(CHILD_AGES[1:]))],
        {"children": _stack(out, "Preschool Children", ("Region", "Child Age"))[:, :, 1:]},
        PRESCHOOL_COLUMNS,
    )
    tba = _tidy(
        [("year", years), ("region", regions), ("subject", subjects), ("age", list(TEACHER_AGES))],
        {"teachers": _stack(out, "Teachers", (*RS, "Age"))},
        TEACHERS_BY_AGE_COLUMNS,
    )
    return {"supply_demand": sd, "pupils": pupils, "preschool": pre, "teachers_by_age": tba}


@lru_cache(maxsize=16)
def _funding_keys(
    years: tuple[int, ...], regions: tuple[str, ...], subjects: tuple[str, ...]
) -> pd.DataFrame:
    """Key columns of the funding table: per year the national row, municipalities, subjects."""
    nr, ns = len(regions), len(subjects)
    region = np.concatenate([[0], np.arange(1, nr + 1), np.repeat(np.arange(1, nr + 1), ns)])
    subject = np.concatenate([np.zeros(1 + nr, dtype=int), np.tile(np.arange(1, ns + 1), nr)])
    return pd.DataFrame(
        {
            "year": np.repeat(np.asarray(years), len(region)),
            "region": _column(("", *regions), np.tile(region, len(years))),
            "subject": _column(("", *subjects), np.tile(subject, len(years))),
        }
    )


def funding_results(out: EngineOutput, regions: list[str], subjects: list[str]) -> pd.DataFrame:
    """The tidy ``funding`` table (`FUNDING_COLUMNS`) from an engine's output.

    Per year: the national row (region and subject empty) first, then one row per municipality
    (subject empty), then one per municipality and subject; columns that do not apply to a kind
    of row are empty (NaN).
    """
    years = [int(y) for y in out.times.round()]
    nt, nr, ns = len(years), len(regions), len(subjects)
    none = np.full((nt, 1 + nr + nr * ns), np.nan)
    columns: dict[str, np.ndarray] = {}
    for col in FUNDING_COLUMNS[3:]:
        values = none.copy()
        if col in FUNDING_REGION_VARIABLES:
            by_region = _stack(out, FUNDING_REGION_VARIABLES[col], ("Region",))
            values[:, 0] = by_region.sum(axis=1)
            values[:, 1 : 1 + nr] = by_region
        if col in FUNDING_SUBJECT_VARIABLES:
            values[:, 1 + nr :] = _stack(out, FUNDING_SUBJECT_VARIABLES[col], RS).reshape(nt, -1)
        if col in FUNDING_NATIONAL_VARIABLES:
            values[:, 0] = out.values[FUNDING_NATIONAL_VARIABLES[col]].reshape(nt)
        columns[col] = values.reshape(-1)
    keys = _funding_keys(tuple(years), tuple(regions), tuple(subjects))
    return keys.assign(**columns)[list(FUNDING_COLUMNS)]


def _resolve_scenario(scenario: Scenario | str | Path | None) -> Scenario:
    if scenario is None:
        return load_scenario("baseline")
    if isinstance(scenario, Scenario):
        return scenario
    return load_scenario(scenario)


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(
    scenario: Scenario | str | Path | None = None,
    data: Dataset | Path | None = None,
    progress: Progress | None = None,
    parameters: BehaviouralParameters | None = None,
    final_year: int = FINAL_YEAR,
    extra_variables: tuple[str, ...] = (),
    model_overrides: dict[str, Any] | None = None,
    time_step: float = 1.0,
    base_year: int | None = None,
    engine: str | None = None,
) -> RunResult:
    """Run the model for a scenario and return tidy results.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path, optional
        A scenario, a scenario file, or a shipped scenario's name. Default is the baseline.
    data : Dataset or pathlib.Path, optional
        A loaded dataset or a data directory. Default is the embedded dataset.
    progress : callable, optional
        Called as ``progress(fraction, message)`` as the run advances.
    parameters : BehaviouralParameters, optional
        Behavioural parameters. Default is ``calibration/calibrated.yaml``.
    final_year : int, optional
        Last school year simulated. Default `ikm_sim.settings.FINAL_YEAR`.
    extra_variables : tuple of str, optional
        Further model variables to return in ``RunResult.arrays`` (one DataArray per year).
    model_overrides : dict, optional
        Model inputs (by Vensim name) to set after the scenario is mapped, e.g. for
        calibration, sensitivity analysis and extreme-condition tests.
    base_year : int, optional
        School year the run starts from (its teachers and pupils come from the data).
        Default is the data's latest year (`Dataset.base_year`: 2023 for the embedded data,
        the anchored year after ``ikm-sim update``); earlier years serve calibration and
        backtests. Levers change only the years after it.
    time_step : float, optional
        Must be 1: the aging chains move one year of age and one grade per step, so the
        model's time step is fixed at one school year.
    engine : {"fast", "pysd"}, optional
        The fast engine generated from the model file (the default, unless the environment
        variable ``IKM_SIM_ENGINE`` says otherwise), or PySD, the reference engine it is
        tested against.

    Returns
    -------
    RunResult
    """
    _check_time_step(time_step)
    engine = check_engine(engine)
    report = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    report(0.0, "scenario")
    sc = _resolve_scenario(scenario)
    report(0.05, "data")
    ds = data if isinstance(data, Dataset) else load_data(data)
    if base_year is None:
        base_year = ds.base_year
    if not base_year < final_year <= 2100:
        raise IkmSimError(
            f"final_year={final_year}: choose a year after the base year {base_year}, up to 2100"
        )
    params = parameters or load_parameters()
    report(0.3, "inputs")
    inputs = thin_inputs(
        model_inputs(ds, params, sc, base_year) | (model_overrides or {}), (base_year, final_year)
    )
    report(0.4, "simulation")
    out = _simulate_checked(engine, ds, inputs, extra_variables, base_year, final_year)
    report(0.9, "results")
    regions, subjects = list(ds.municipalities["atvk"]), list(ds.subjects["code"])
    tables = tidy_results(out, regions, subjects)
    tables["funding"] = funding_results(out, regions, subjects)
    meta = _run_meta(sc, ds, params, engine, out, time.perf_counter() - started)
    report(1.0, "done")
    arrays = {v: out.series(v) for v in extra_variables}
    return RunResult(sc.name, meta=meta, arrays=arrays, **tables)


def _check_time_step(time_step: float) -> None:
    """Refuse any time step but one school year (the aging chains move one year a step)."""
    if time_step != 1.0:
        raise IkmSimError(
            f"time_step={time_step}: the model's time step is fixed at one school year "
            "(teachers age one year and pupils move one grade per step)"
        )


def _simulate_checked(
    engine: str,
    ds: Dataset,
    inputs: dict[str, Any],
    extra_variables: tuple[str, ...],
    base_year: int,
    final_year: int,
) -> EngineOutput:
    """Run the engine for every output variable; any failure becomes one `ModelError` line."""
    columns = list(
        dict.fromkeys(
            [
                *SUPPLY_DEMAND_VARIABLES.values(),
                *OTHER_VARIABLES,
                *FUNDING_VARIABLES,
                *extra_variables,
            ]
        )
    )
    try:
        out = simulate(engine, ds.directory, inputs, columns, base_year, final_year)
        check_finite(out)
    except IkmSimError:
        raise
    except Exception as exc:
        raise ModelError(f"The simulation failed: {type(exc).__name__}: {exc}") from exc
    return out


def _run_meta(
    sc: Scenario,
    ds: Dataset,
    params: BehaviouralParameters,
    engine: str,
    out: EngineOutput,
    seconds: float,
) -> dict[str, Any]:
    """What ``run.json`` records: scenario, model and data hashes, parameters, engine, time."""
    return {
        "scenario": sc.model_dump(mode="json"),
        "model_file": MODEL_FILE.name,
        "model_sha256": _file_hash(MODEL_FILE),
        "data_directory": str(ds.directory),
        "data_sha256": ds.fingerprint,
        "parameters": params.model_dump(),
        "package_version": __version__,
        "engine": engine,
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_seconds": round(seconds, 3),
        "years": [int(out.times[0]), int(out.times[-1])],
    }

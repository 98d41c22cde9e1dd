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
from ikm_sim.inputs import data_base_year, data_elements, model_inputs
from ikm_sim.inputs.common import file_cached
from ikm_sim.lazy_dask import defer_dask
from ikm_sim.model.lookup_paths import thin_inputs
from ikm_sim.model.parameters import CALIBRATED_FILE, BehaviouralParameters, load_parameters
from ikm_sim.paths import MODEL_FILE
from ikm_sim.results_schema import (
    FUNDING_COLUMNS,
    PRESCHOOL_COLUMNS,
    PUPILS_COLUMNS,
    SUPPLY_DEMAND_COLUMNS,
    TEACHERS_BY_AGE_COLUMNS,
    ResultFormat,
)
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.tidy import FUNDING, TidyTable, as_arrow, write_table

defer_dask()  # a run builds xarray objects but no dask array: no dask import

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


#: Decimals kept of each table's floats when it is written (money to the cent).
WRITE_DECIMALS = {
    "supply_demand": 4,
    "pupils": 4,
    "preschool": 4,
    "teachers_by_age": 4,
    "funding": 2,
}


@dataclass(frozen=True, init=False)
class RunResult:
    """Tidy results of one run.

    The tables are DataFrames built from the model's arrays when first used (a run that only
    writes its files never builds them: `write` goes from the arrays to the files).

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
    arrays : dict
        The ``extra_variables`` of the run, one series of DataArrays per variable.
    tables : dict
        The tables by name, each a `ikm_sim.tidy.TidyTable` (not built yet) or a DataFrame.
    """

    scenario_name: str
    meta: dict[str, Any]
    arrays: dict[str, pd.Series] = field(repr=False)
    tables: dict[str, TidyTable | pd.DataFrame] = field(repr=False)

    def __init__(
        self,
        scenario_name: str,
        supply_demand: TidyTable | pd.DataFrame,
        pupils: TidyTable | pd.DataFrame,
        preschool: TidyTable | pd.DataFrame,
        teachers_by_age: TidyTable | pd.DataFrame,
        meta: dict[str, Any] | None = None,
        arrays: dict[str, pd.Series] | None = None,
        funding: TidyTable | pd.DataFrame | None = None,
    ) -> None:
        tables = {
            "supply_demand": supply_demand,
            "pupils": pupils,
            "preschool": preschool,
            "teachers_by_age": teachers_by_age,
            "funding": pd.DataFrame(columns=FUNDING_COLUMNS) if funding is None else funding,
        }
        object.__setattr__(self, "scenario_name", scenario_name)
        object.__setattr__(self, "meta", {} if meta is None else meta)
        object.__setattr__(self, "arrays", {} if arrays is None else arrays)
        object.__setattr__(self, "tables", tables)

    def _frame(self, name: str) -> pd.DataFrame:
        table = self.tables[name]
        return table.frame() if isinstance(table, TidyTable) else table

    @property
    def supply_demand(self) -> pd.DataFrame:
        """Per year, municipality and subject (`SUPPLY_DEMAND_COLUMNS`)."""
        return self._frame("supply_demand")

    @property
    def pupils(self) -> pd.DataFrame:
        """Pupils by year, municipality and grade (`PUPILS_COLUMNS`)."""
        return self._frame("pupils")

    @property
    def preschool(self) -> pd.DataFrame:
        """Children in preschool by year, municipality and age (`PRESCHOOL_COLUMNS`)."""
        return self._frame("preschool")

    @property
    def teachers_by_age(self) -> pd.DataFrame:
        """Teachers by year, municipality, subject and age (`TEACHERS_BY_AGE_COLUMNS`)."""
        return self._frame("teachers_by_age")

    @property
    def funding(self) -> pd.DataFrame:
        """Money by year, municipality and subject (`FUNDING_COLUMNS`)."""
        return self._frame("funding")

    def national(self) -> pd.DataFrame:
        """National totals per year: demand, supply, gap, vacancies, flows, teachers, pupils."""
        return national_totals(self.supply_demand, self.pupils)

    def write(self, out_dir: Path, fmt: ResultFormat | str = ResultFormat.CSV) -> None:
        """Write the result tables and ``run.json`` to `out_dir`, atomically.

        The files are written to a temporary sibling directory first and swapped in only
        when all are complete, so a failed write leaves earlier results intact.

        Parameters
        ----------
        out_dir : pathlib.Path
            The directory (replaced as a whole).
        fmt : {"csv", "parquet"}, optional
            File format of the tables (`ikm_sim.results_schema.ResultFormat`); CSV by default.
        """
        fmt = ResultFormat(fmt)
        with replaced_directory(Path(out_dir)) as tmp:
            for name, decimals in WRITE_DECIMALS.items():
                table = as_arrow(self.tables[name], decimals)
                write_table(table, tmp / f"{name}.{fmt.value}", fmt)
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
        if np.isfinite(values.sum()):  # a sum is finite only if every value is
            continue
        bad = ~np.isfinite(values)
        if not bad.any():  # finite values whose sum overflows
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


def _years(out: EngineOutput) -> tuple[int, ...]:
    return tuple(int(y) for y in out.times.round())


def _tidy(
    axes: list[tuple[str, Any]], values: dict[str, np.ndarray], order: tuple[str, ...]
) -> TidyTable:
    return TidyTable(
        tuple((name, tuple(v)) for name, v in axes),
        {col: v.reshape(-1) for col, v in values.items()},
        order,
    )


def tidy_results(
    out: EngineOutput, regions: list[str], subjects: list[str]
) -> dict[str, TidyTable]:
    """The tidy result tables of an engine's output (DataFrames built on first use)."""
    years = _years(out)
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


def funding_results(out: EngineOutput, regions: list[str], subjects: list[str]) -> TidyTable:
    """The tidy ``funding`` table (`FUNDING_COLUMNS`) from an engine's output.

    Per year: the national row (region and subject empty) first, then one row per municipality
    (subject empty), then one per municipality and subject; columns that do not apply to a kind
    of row are empty (NaN).
    """
    years = _years(out)
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
    axes = (("year", years), ("region", ("", *regions)), ("subject", ("", *subjects)))
    return TidyTable(axes, columns, FUNDING_COLUMNS, FUNDING)


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
        base_year = data_base_year(ds)
    if not base_year < final_year <= 2100:
        raise IkmSimError(
            f"final_year={final_year}: choose a year after the base year {base_year}, up to 2100"
        )
    params = parameters or file_cached(CALIBRATED_FILE, load_parameters)
    report(0.3, "inputs")
    window = (base_year, final_year)
    inputs = model_inputs(ds, params, sc, base_year, window) | thin_inputs(
        model_overrides or {}, window
    )
    report(0.4, "simulation")
    out = _simulate_checked(engine, ds, inputs, extra_variables, base_year, final_year)
    report(0.9, "results")
    regions, subjects = data_elements(ds)
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
        **provenance(ds),
        "parameters": params.model_dump(),
        "engine": engine,
        "run_seconds": round(seconds, 3),
        "years": [int(out.times[0]), int(out.times[-1])],
    }


def provenance(ds: Dataset) -> dict[str, Any]:
    """Where results on `ds` come from, and when: model file and hash, data, version, time.

    Parameters
    ----------
    ds : Dataset
        The data the results were computed on.

    Returns
    -------
    dict
        ``model_file``, ``model_sha256``, ``data_directory``, ``data_sha256``,
        ``package_version`` and ``run_at`` (now, UTC), as ``run.json`` records them.
    """
    return {
        "model_file": MODEL_FILE.name,
        "model_sha256": file_cached(MODEL_FILE, _file_hash),
        "data_directory": str(ds.directory),
        "data_sha256": ds.fingerprint,
        "package_version": __version__,
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }

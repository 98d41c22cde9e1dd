"""The app's caches: the dataset, parsed scenarios and model runs, in memory and on disk.

Caching rules: the dataset is immutable (a frozen `Dataset`), so it is a `st.cache_resource`
shared by all sessions. Model runs are `st.cache_resource` entries too, keyed by the scenario's
full content (its validated JSON), so an edited scenario file is a new key; their tables are
shared read-only (pages derive new frames, never assign into them), which saves a copy of ~1
million rows per page view, and no model object is ever shared between sessions. Scenario files
are parsed once per file version. Every cache is bounded, so a server's memory stays flat however
many visitors come: runs of scenario files (`FILE_RUNS`) apart from those of scenarios edited in
the builder (`EDITED_RUNS`, each kept `EDITED_TTL_S` at most), parsed scenarios (256).

Below that in-memory layer, results of a runner that may be kept on disk (`AppRunner.
keep_on_disk`: the real runner `ikm_sim.runner.run`, never a stand-in injected by tests) are
also kept by `ikm_sim.run_cache`, keyed by everything that determines them (scenario, model
file, data, calibrated parameters, final year, package source and library versions), so a
restarted server shows unchanged runs without running the model.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
import streamlit as st

import ikm_sim
from ikm_sim import run_cache
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.tidy import TidyTable
from ikm_sim.ui.runner import AppRunner, app_runner

T = TypeVar("T")

#: Result tables, in `Results` field order.
_TABLES = ("supply_demand", "pupils", "preschool", "teachers_by_age")
#: Result tables a runner may lack (stand-ins injected by tests): empty when missing.
_OPTIONAL_TABLES = ("funding",)
#: Run provenance that must equal the disk-cache inputs before a result is stored.
_CHECKED_META = ("model_sha256", "data_sha256", "package_version")


@dataclass(frozen=True)
class Results:
    """The tables of one model run, as the app keeps them: shared between sessions, read-only."""

    supply_demand: pd.DataFrame
    pupils: pd.DataFrame
    preschool: pd.DataFrame
    teachers_by_age: pd.DataFrame
    scenario_name: str
    meta: dict[str, Any] = field(default_factory=dict)
    #: Money by year (`ikm_sim.results_schema.FUNDING_COLUMNS`; empty if the runner has none).
    funding: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def years(self) -> list[int]:
        """Years of the forecast, ascending."""
        return sorted(int(y) for y in self.supply_demand["year"].unique())


@st.cache_resource(show_spinner=False)
def load_dataset() -> Any:
    """Load and check the embedded dataset once per process (it is immutable).

    Returns
    -------
    ikm_sim.data.load.Dataset
        The dataset.

    Raises
    ------
    IkmSimError
        If the data directory does not follow the table contract.
    """
    # checked once per data version, then read back from the disk cache (`run_cache`)
    return run_cache.load_dataset()


#: Parsed scenario files by loader, path and the version (modification time, size) of every
#: scenario file beside it (`extends:` reads them): the sidebar and the builder show every
#: shipped scenario's title on every rerun.
_SCENARIOS: dict[tuple[Any, ...], Any] = {}


def _load_scenario(path: str | Path) -> Any:
    loader: Callable[[str | Path], Any] | None = getattr(ikm_sim, "load_scenario", None)
    if loader is None:  # the package API re-exports it; fall back to its home module
        from ikm_sim.scenario import load_scenario

        loader = load_scenario
    file = Path(path)
    try:
        versions = tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(file.resolve().parent.glob("*.y*ml"))
        )
    except OSError:
        return loader(path)
    key = (id(loader), str(file.resolve()), versions)
    if key not in _SCENARIOS:
        if len(_SCENARIOS) > 256:
            _SCENARIOS.clear()
        _SCENARIOS[key] = loader(path)
    return _SCENARIOS[key]


def _to_results(result: Any) -> Results:
    # Keep nested provenance (scenario, parameters) as plain JSON values, for run.json.
    meta = {
        str(k): json.loads(json.dumps(v, default=str))
        for k, v in dict(getattr(result, "meta", {}) or {}).items()
    }
    return Results(
        supply_demand=pd.DataFrame(result.supply_demand),
        pupils=pd.DataFrame(result.pupils),
        preschool=pd.DataFrame(result.preschool),
        teachers_by_age=_by_age(result),
        scenario_name=str(getattr(result, "scenario_name", "")),
        meta=meta,
        funding=pd.DataFrame(getattr(result, "funding", None)),
    )


def _by_age(result: Any) -> pd.DataFrame:
    """Teachers by age with categorical keys: ~1 million rows kept small and quick to unpickle.

    Made from the run's own codes when it has them (`ikm_sim.tidy.TidyTable`), which spares
    converting a million strings per run.
    """
    table = (getattr(result, "tables", None) or {}).get("teachers_by_age")
    if isinstance(table, TidyTable):
        return table.frame(categorical=True)
    frame = pd.DataFrame(result.teachers_by_age)
    return frame.astype({"region": "category", "subject": "category"})


#: Runs of scenario files kept in memory: every shipped scenario (ten) and a few spare.
FILE_RUNS = 16
#: Runs of scenarios edited in the builder kept in memory, and for how long at most (s): each
#: lever change of each visitor is one, so they are kept apart from the files' runs, which they
#: would otherwise push out. A run is about 25 MB (its ~1 million rows of teachers by age).
EDITED_RUNS = 8
EDITED_TTL_S = 1800


def _run_cached(
    scenario_key: str,
    scenario_path: str | None,
    _progress: Callable[[float, str], None] | None,
    _scenario: Any = None,
) -> Results:
    """Run the model for one scenario; cached in memory by the scenario's content key.

    `_scenario` (a `Scenario` object, e.g. one edited in the scenario builder) is not hashed:
    `scenario_key` must then be `scenario_object_key` of it. A scenario file's run and an
    edited scenario's are kept in separate bounded caches (`FILE_RUNS`, `EDITED_RUNS`).
    """
    if _scenario is None and scenario_path:
        return _run_file(scenario_key, scenario_path, _progress)
    return _run_edited(scenario_key, scenario_path, _progress, _scenario)


@st.cache_resource(max_entries=FILE_RUNS, show_spinner=False)
def _run_file(
    scenario_key: str, scenario_path: str, _progress: Callable[[float, str], None] | None
) -> Results:
    return _run_uncached(scenario_path, _progress, None)


@st.cache_resource(max_entries=EDITED_RUNS, ttl=EDITED_TTL_S, show_spinner=False)
def _run_edited(
    scenario_key: str,
    scenario_path: str | None,
    _progress: Callable[[float, str], None] | None,
    _scenario: Any,
) -> Results:
    return _run_uncached(scenario_path, _progress, _scenario)


def _run_uncached(
    scenario_path: str | None, progress: Callable[[float, str], None] | None, scenario: Any
) -> Results:
    """Run a scenario (file or object) through the disk cache (`run_through_disk`).

    A run of a runner kept on disk is read from the disk cache when its inputs are unchanged
    (without importing the runner) and stored there otherwise.
    """
    if scenario is None and scenario_path:
        scenario = _load_scenario(scenario_path)
    from streamlit import runtime

    # In the server, a scenario edited in the builder is kept in memory only: a restarted
    # server has lost the session that made it, and writing it costs a sixth of a lever change.
    # Never written there by the server, it is not looked up there either: its disk key alone
    # hashes every source file of the package.
    return run_through_disk(scenario, progress, persist=bool(scenario_path) or not runtime.exists())


def clear_runs_in_memory() -> None:
    """Forget the runs held in memory (as a restarted server would; the disk cache stays)."""
    _run_file.clear()
    _run_edited.clear()


def run_through_disk(
    scenario: Any, progress: Callable[[float, str], None] | None = None, persist: bool = True
) -> Results:
    """Run `scenario`, or read its run from the disk cache when its inputs are unchanged.

    Parameters
    ----------
    scenario : Scenario or None
        The scenario (None: the runner's default).
    progress : callable, optional
        ``progress(fraction, message)`` while the model runs.
    persist : bool, optional
        Keep a new run on disk and read an earlier one from there (False: run the model, the
        disk cache untouched).

    Returns
    -------
    Results
    """
    runner = app_runner()
    inputs = _disk_inputs(scenario) if runner.keep_on_disk and persist else None
    key = run_cache.run_key(inputs) if inputs is not None else None
    if key is not None:
        stored = run_cache.load(key)
        if stored is not None:
            return _from_stored(stored)
    # A runner kept on disk is told the final year the disk-cache key holds and gets the
    # process's loaded dataset (loading and checking it costs ten times a run); stand-ins keep
    # theirs.
    horizon = {"final_year": FINAL_YEAR} if runner.keep_on_disk else {}
    data = load_dataset() if runner.keep_on_disk else None
    results = _to_results(runner.run(scenario=scenario, data=data, progress=progress, **horizon))
    if (
        persist
        and key is not None
        and inputs is not None
        and _storable(results, runner, scenario, inputs)
    ):
        _store(key, _to_stored(results))
    return results


def _store(key: str, stored: run_cache.StoredRun) -> None:
    """Keep a run on disk: in the server, after the page is drawn (a thread); else at once.

    Writing an entry is a noticeable part of a lever change in the builder; the app's own
    in-memory cache already holds the run, so the disk copy (for a restarted server) can wait.
    The write is atomic (`run_cache.store`), so two sessions storing one key cannot clash.
    """
    from streamlit import runtime

    if runtime.exists():
        threading.Thread(target=run_cache.store, args=(key, stored), daemon=True).start()
    else:
        run_cache.store(key, stored)


def _disk_inputs(scenario: Any) -> dict[str, str] | None:
    """Disk-cache inputs of a run kept on disk, or None if it must not be cached."""
    if scenario is None or run_cache.cache_dir() is None:
        return None
    try:
        # The runner uses the embedded data and calibrated parameters (data=None, defaults).
        return run_cache.run_inputs(scenario.model_dump_json(), FINAL_YEAR)
    except Exception:  # e.g. a missing model file: no caching, the run reports the problem
        return None


def _storable(results: Results, runner: AppRunner, scenario: Any, inputs: dict[str, str]) -> bool:
    """True if the runner is kept on disk, no input changed meanwhile and provenance agrees."""
    if not runner.keep_on_disk or _disk_inputs(scenario) != inputs:
        return False
    return all(str(results.meta.get(k, inputs[k])) == inputs[k] for k in _CHECKED_META)


def _to_stored(results: Results) -> run_cache.StoredRun:
    return run_cache.StoredRun(
        tables={name: getattr(results, name) for name in (*_TABLES, *_OPTIONAL_TABLES)},
        scenario_name=results.scenario_name,
        meta=results.meta,
    )


def _from_stored(stored: run_cache.StoredRun) -> Results:
    return Results(
        **{name: stored.tables[name] for name in _TABLES},
        scenario_name=stored.scenario_name,
        meta=stored.meta,
        **{name: stored.tables.get(name, pd.DataFrame()) for name in _OPTIONAL_TABLES},
    )


def clear_caches() -> None:
    """Forget cached runs, in memory and on disk (the next run of any scenario calls the runner).

    Used by tests that inject a runner or must see the real model run.
    """
    clear_runs_in_memory()
    _SCENARIOS.clear()
    _DERIVED.clear()
    run_cache.clear()


#: Values derived from runs (charts, their specs and tables) kept for every session at most.
DERIVED_ENTRIES = 256
#: Arguments a derived value's key holds by value; any other object is held by its identity.
_BY_VALUE = (str, int, float, bool, type(None))


class _Derived:
    """Values derived from shared objects, by function and arguments, for every session.

    The runs a page draws are shared by all sessions (`_run_file`, `_run_edited`), so a chart
    of a run is the same for everyone who views it with the same arguments. An argument that
    is no plain value (a run's table, a chart) is keyed by its identity and held weakly: when
    it is freed, its entries go too, so an entry never answers for another object, and a
    derived value never keeps a run alive. At most `DERIVED_ENTRIES`, least recently used
    first out. Callers must treat what they get as read-only, as the runs themselves.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        # weakref callbacks run wherever an object is freed, possibly inside this lock's holder
        self.lock = threading.RLock()

    def _key(self, value: Any, refs: list[weakref.ref[Any]]) -> Any:
        if isinstance(value, _BY_VALUE):
            return (type(value).__name__, value)
        if isinstance(value, tuple | list):
            return (type(value).__name__, *(self._key(v, refs) for v in value))
        if isinstance(value, dict):
            return ("dict", *((self._key(k, refs), self._key(v, refs)) for k, v in value.items()))
        refs.append(weakref.ref(value))
        return ("id", id(value))

    def get(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        refs: list[weakref.ref[Any]] = []
        try:
            key = (fn, self._key(args, refs), self._key(kwargs, refs))
        except TypeError:  # an argument that cannot be held weakly: not kept
            return fn(*args, **kwargs)
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key][0]
        value = fn(*args, **kwargs)
        forget = partial(self._forget, key)
        with self.lock:
            # the weak references (with their callbacks) live as long as the entry
            self.entries[key] = (value, [weakref.ref(r(), forget) for r in refs if r() is not None])
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value

    def _forget(self, key: tuple[Any, ...], _ref: Any) -> None:
        with self.lock:
            self.entries.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_DERIVED = _Derived(DERIVED_ENTRIES)


def shared(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Return ``fn(*args, **kwargs)``, computed once for every session with these arguments.

    For what a page derives from a run (a chart, its table): the second visitor of a page, or
    a rerun that changes something else, gets the value made before. Plain values (text,
    numbers, and lists, tuples and dicts of them) are compared by value; any other argument
    (a run's table, a chart) by identity (see `_Derived`).

    Parameters
    ----------
    fn : callable
        A function whose value depends only on its arguments; its value is shared, read-only.
    *args, **kwargs
        Its arguments.

    Returns
    -------
    object
        What `fn` returns.
    """
    return cast(T, _DERIVED.get(fn, args, kwargs))

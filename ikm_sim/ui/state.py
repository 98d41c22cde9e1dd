"""App state: language, the dataset (cached as a resource), scenarios and cached model runs.

Caching rules: the dataset is immutable (a frozen `Dataset`), so it is a `st.cache_resource`
shared by all sessions. Model runs are `st.cache_resource` entries too, keyed by the scenario's
full content (its validated JSON), so an edited scenario file is a new key; their tables are
shared read-only (pages derive new frames, never assign into them), which saves a copy of ~1
million rows per page view, and no model object is ever shared between sessions. Scenario files
are parsed once per file version.

Below that in-memory layer, results of the real runner (`ikm_sim.runner.run`, never a stand-in
swapped in by tests) are also kept on disk by `ikm_sim.run_cache`, keyed by everything that
determines them (scenario, model file, data, calibrated parameters, final year, package source
and library versions), so a restarted server shows unchanged runs without running the model.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import ikm_sim
from ikm_sim import run_cache
from ikm_sim.errors import IkmSimError
from ikm_sim.locale.formatting import LANGUAGES, Lang, check_lang
from ikm_sim.locale.i18n import t
from ikm_sim.paths import DATA_DIR, SCENARIOS_DIR
from ikm_sim.settings import FINAL_YEAR

LANG_KEY = "lang"
SCENARIO_KEY = "scenario_file"
_RESULTS_KEY = "_ikm_last_results"
_RAN_KEY = "_ikm_ran_keys"
#: Result tables, in `Results` field order.
_TABLES = ("supply_demand", "pupils", "preschool", "teachers_by_age")
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

    @property
    def years(self) -> list[int]:
        """Years of the forecast, ascending."""
        return sorted(int(y) for y in self.supply_demand["year"].unique())


def current_lang() -> Lang:
    """Return the language chosen in the sidebar (Latvian until the user switches)."""
    value = st.session_state.get(LANG_KEY, LANGUAGES[0])
    try:
        return check_lang(str(value))
    except ValueError:
        return LANGUAGES[0]


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


def dataset_or_none() -> Any | None:
    """Return the dataset, or None (after showing why) when it cannot be loaded."""
    try:
        return load_dataset()
    except (IkmSimError, OSError) as exc:
        st.warning(t("data_unavailable", current_lang(), message=str(exc)))
        return None


def names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Return display names by code: (subjects, municipalities) in `lang`; empty if no data."""
    ds = dataset_or_none()
    if ds is None:
        return {}, {}
    col = f"name_{check_lang(lang)}"
    subjects = dict(zip(ds.subjects["code"].astype(str), ds.subjects[col].astype(str), strict=True))
    munis = dict(
        zip(ds.municipalities["atvk"].astype(str), ds.municipalities[col].astype(str), strict=True)
    )
    return subjects, munis


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


def scenario_files() -> list[Path]:
    """Return the shipped scenario files, baseline first."""
    files = sorted(SCENARIOS_DIR.glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "baseline", p.stem))


def scenario_title(path: Path | None, lang: str) -> str:
    """Return a scenario's title in `lang` (its file stem if the file does not load)."""
    if path is None:
        return t("baseline", lang)
    try:
        scenario = _load_scenario(path)
    except (IkmSimError, AttributeError):
        return path.stem
    return str(getattr(scenario, f"title_{check_lang(lang)}", path.stem))


def scenario_description(path: Path | None, lang: str) -> str:
    """Return what a scenario asks and why, in `lang` ("" when there is no description)."""
    if path is None:
        return ""
    try:
        scenario = _load_scenario(path)
    except (IkmSimError, AttributeError, TypeError, ValueError):
        return ""
    return str(getattr(scenario, f"description_{check_lang(lang)}", "") or "")


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
        # ~1 million rows: categorical codes keep the cached copy small and quick to unpickle.
        teachers_by_age=pd.DataFrame(result.teachers_by_age).astype(
            {"region": "category", "subject": "category"}
        ),
        scenario_name=str(getattr(result, "scenario_name", "")),
        meta=meta,
    )


def model_runner() -> Callable[..., Any] | None:
    """Return the public runner `ikm_sim.run` (looked up at call time, so tests can swap it)."""
    runner = getattr(ikm_sim, "run", None)
    if runner is None:  # the package API re-exports it; fall back to its home module
        try:
            from ikm_sim.runner import run as runner
        except ImportError:
            return None
    return runner


@st.cache_resource(max_entries=8, show_spinner=False)
def _run_cached(
    scenario_key: str,
    scenario_path: str | None,
    _progress: Callable[[float, str], None] | None,
    _scenario: Any = None,
) -> Results:
    """Run the model for one scenario; cached by the scenario's content key.

    `_scenario` (a `Scenario` object, e.g. one edited in the scenario builder) is not hashed:
    `scenario_key` must then be `scenario_object_key` of it. A run of the real runner is read
    from the disk cache when its inputs are unchanged (without importing the runner) and
    stored there otherwise.
    """
    scenario = _scenario
    if scenario is None and scenario_path:
        scenario = _load_scenario(scenario_path)
    from streamlit import runtime

    # In the server, a scenario edited in the builder is kept in memory only: a restarted
    # server has lost the session that made it, and writing it costs a sixth of a lever change.
    return run_through_disk(
        scenario, _progress, persist=bool(scenario_path) or not runtime.exists()
    )


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
        Keep a new run on disk (False: only read an earlier one).

    Returns
    -------
    Results
    """
    _progress = progress
    real = _runner_is_real()
    inputs = _disk_inputs(scenario) if real else None
    key = run_cache.run_key(inputs) if inputs is not None else None
    if key is not None:
        stored = run_cache.load(key)
        if stored is not None:
            return _from_stored(stored)
    runner = model_runner()
    if runner is None:
        raise IkmSimError("ikm_sim.run is not available in this installation")
    # The real runner is told the final year the disk-cache key holds and gets the process's
    # loaded dataset (loading and checking it costs ten times a run); stand-ins keep theirs.
    horizon = {"final_year": FINAL_YEAR} if real else {}
    data = load_dataset() if real else None
    results = _to_results(runner(scenario=scenario, data=data, progress=_progress, **horizon))
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


def real_runner() -> Callable[..., Any] | None:
    """Return the runner whose results may be kept on disk: `ikm_sim.runner.run`.

    Results of any other callable swapped in as `ikm_sim.run` (test fakes) are never written
    to nor read from the disk cache. Tests of the disk cache replace this function.

    Returns
    -------
    callable or None
        None if the runner cannot be imported.
    """
    try:
        from ikm_sim.runner import run
    except ImportError:
        return None
    return run


def _runner_is_real() -> bool:
    """True if `model_runner()` is, or will resolve to, `real_runner()`.

    Until ``ikm_sim.run`` is first used (or swapped by a test) it is not set on the package
    and resolves to the real runner on use, so this need not import PySD.
    """
    current = vars(ikm_sim).get("run")
    return current is None or current is real_runner()


def _disk_inputs(scenario: Any) -> dict[str, str] | None:
    """Disk-cache inputs of a run of the real runner, or None if it must not be cached."""
    if scenario is None or run_cache.cache_dir() is None:
        return None
    try:
        # The runner uses the embedded data and calibrated parameters (data=None, defaults).
        return run_cache.run_inputs(scenario.model_dump_json(), FINAL_YEAR)
    except Exception:  # e.g. a missing model file: no caching, the run reports the problem
        return None


def _storable(
    results: Results, runner: Callable[..., Any], scenario: Any, inputs: dict[str, str]
) -> bool:
    """True if the real runner ran, no input changed meanwhile and its provenance agrees."""
    if runner is not real_runner() or _disk_inputs(scenario) != inputs:
        return False
    return all(str(results.meta.get(k, inputs[k])) == inputs[k] for k in _CHECKED_META)


def _to_stored(results: Results) -> run_cache.StoredRun:
    return run_cache.StoredRun(
        tables={name: getattr(results, name) for name in _TABLES},
        scenario_name=results.scenario_name,
        meta=results.meta,
    )


def _from_stored(stored: run_cache.StoredRun) -> Results:
    return Results(
        **{name: stored.tables[name] for name in _TABLES},
        scenario_name=stored.scenario_name,
        meta=stored.meta,
    )


def scenario_object_key(scenario: Any) -> str:
    """Return the cache key of an in-memory scenario: its name and a hash of its full content."""
    text = scenario.model_dump_json()
    return f"{scenario.name}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _scenario_key(path: Path | None) -> str:
    if path is None:
        return "embedded-baseline"
    try:
        scenario = _load_scenario(path)
        text = scenario.model_dump_json()
    except (IkmSimError, AttributeError, TypeError, ValueError):
        text = path.read_text(encoding="utf-8") if path.exists() else str(path)
    return f"{path.stem}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def selected_scenario() -> Path | None:
    """Return the scenario file chosen in the sidebar (None = the embedded baseline)."""
    chosen = st.session_state.get(SCENARIO_KEY)
    if chosen:
        path = SCENARIOS_DIR / f"{chosen}.yaml"
        if path.exists():
            return path
    files = scenario_files()
    return files[0] if files else None


def get_results(lang: str) -> Results | None:
    """Run (or fetch from the cache) the selected scenario, showing progress and errors.

    A failed run shows the error message and returns the previous successful results of
    this session (with a note), or None when there are none.

    Parameters
    ----------
    lang : {"lv", "en"}
        Language of the messages.

    Returns
    -------
    Results or None
    """
    path = selected_scenario()
    return run_with_status(
        _scenario_key(path),
        str(path) if path else None,
        None,
        scenario_title(path, lang),
        lang,
        _RESULTS_KEY,
    )


def run_with_status(
    key: str,
    scenario_path: str | None,
    scenario: Any,
    title: str,
    lang: str,
    previous_key: str | None,
) -> Results | None:
    """Run one scenario through the cache, with a progress bar on the first run of a key.

    Parameters
    ----------
    key : str
        Cache key (`scenario_object_key` for an in-memory scenario).
    scenario_path : str, optional
        Scenario file to run (when `scenario` is None).
    scenario : Scenario, optional
        In-memory scenario to run instead of a file.
    title : str
        Name shown when the run is done.
    lang : {"lv", "en"}
        Language of the messages.
    previous_key : str, optional
        Session-state key holding the last successful results; on failure these are returned
        (with a note). None: a failure returns None.

    Returns
    -------
    Results or None
    """
    ran: set[str] = st.session_state.setdefault(_RAN_KEY, set())
    try:
        if key in ran or _quick_runs():
            # a run of the fast engine is short: a progress box would only flash
            results = _run_cached(key, scenario_path, None, scenario)
            ran.add(key)
        else:
            with st.status(t("run_running", lang), expanded=False) as status:
                bar = st.progress(0.0, text=t("run_running", lang))
                # The runner reports progress from inside the cached function. Updating the bar
                # from the caller's context keeps these updates out of the cache's replay log.
                outer = contextvars.copy_context()

                shown = [-1.0]

                def progress(fraction: float, message: str) -> None:
                    value = min(max(float(fraction), 0.0), 1.0)
                    # each update is a message to the browser: a quarter at a time is enough
                    if value - shown[0] < 0.25 and value < 1.0:
                        return
                    shown[0] = value
                    outer.run(bar.progress, value, text=message or t("run_running", lang))

                try:
                    results = _run_cached(key, scenario_path, progress, scenario)
                except Exception:
                    status.update(state="error")
                    raise
                bar.progress(1.0)
                status.update(label=t("run_done", lang, name=title), state="complete")
            ran.add(key)
    except IkmSimError as exc:
        st.error(t("run_failed", lang, message=str(exc)))
        previous: Results | None = st.session_state.get(previous_key) if previous_key else None
        if previous is None:
            st.info(t("run_none", lang))
            return None
        st.info(t("run_previous", lang, name=previous.scenario_name))
        return previous
    if previous_key:
        st.session_state[previous_key] = results
    return results


def _quick_runs() -> bool:
    """True when runs use the fast engine (no progress box is drawn for them)."""
    from ikm_sim.model.engines import check_engine

    try:
        return check_engine(None) == "fast"
    except IkmSimError:
        return False


def data_readme() -> str | None:
    """Return the text of ``data/README.md``, or None if it does not exist."""
    path = DATA_DIR / "README.md"
    return path.read_text(encoding="utf-8") if path.exists() else None


def clear_caches() -> None:
    """Forget cached runs, in memory and on disk (the next run of any scenario calls the runner).

    Used by tests that swap the runner or must see the real model run.
    """
    _run_cached.clear()
    _SCENARIOS.clear()
    run_cache.clear()

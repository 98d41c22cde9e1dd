"""The on-disk run cache: keys, round trip, only real-runner results, damage, atomicity, size.

The app's runs go through `ikm_sim.ui.caches._run_cached` (in memory) and `ikm_sim.run_cache`
(on disk). Clearing the in-memory runs alone (`clear_runs_in_memory`) stands for a server
restart. A counting stand-in plays the real runner when injected as kept on disk; any other
runner is a fake whose results must never touch the disk.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import ikm_sim
from ikm_sim import atomic, run_cache
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.ui import caches, state
from ikm_sim.ui.runner import MODEL_RUNNER, app_engine, app_runner
from tests.conftest import MINI_DATA
from tests.ui.fakes import make_result, use_runner

KEY_A = "a" * 64
KEY_B = "b" * 64


class CountingRunner:
    """Stand-in for `ikm_sim.runner.run`: counts calls, returns small contract tables."""

    def __init__(self, seed: int = 1, meta: dict[str, Any] | None = None) -> None:
        self.calls = 0
        self.seed = seed
        self.meta = meta
        self.final_years: list[int | None] = []
        self.engines: list[str | None] = []

    def __call__(
        self,
        scenario: Any = None,
        data: Any = None,
        progress: Any = None,
        final_year: int | None = None,
        engine: str | None = None,
    ) -> Any:
        self.calls += 1
        self.final_years.append(final_year)
        self.engines.append(engine)
        result = make_result(self.seed)
        result.scenario_name = scenario.name
        if self.meta is not None:
            result.meta = dict(self.meta)
        return result


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty run cache in tmp_path; the app's in-memory cache emptied before and after."""
    directory = tmp_path / "runs"
    monkeypatch.setenv(run_cache.ENV_VAR, str(directory))
    state.clear_caches()
    yield directory
    state.clear_caches()


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario("baseline")


def _as_real(monkeypatch: pytest.MonkeyPatch, runner: Any) -> None:
    """Inject `runner` as the app's runner, kept on disk like the real one."""
    use_runner(monkeypatch, runner, keep_on_disk=True)


def _run(scenario: Scenario) -> state.Results:
    return caches._run_cached(state.scenario_object_key(scenario), None, None, scenario)


def _restart() -> None:
    """Forget the in-memory layer only, as a restarted server would."""
    caches.clear_runs_in_memory()


def _entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*") if p.is_file()) if directory.exists() else []


def _disk_key(scenario: Scenario) -> str:
    return run_cache.run_key(run_cache.run_inputs(scenario.model_dump_json(), state.FINAL_YEAR))


def _stored(seed: int = 1) -> run_cache.StoredRun:
    res = caches._to_results(make_result(seed))
    return run_cache.StoredRun(
        {name: getattr(res, name) for name in caches._TABLES}, "baseline", {"seed": seed}
    )


def _assert_same(a: state.Results, b: state.Results) -> None:
    for name in caches._TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.scenario_name == b.scenario_name
    assert a.meta == b.meta


# --- the key ---------------------------------------------------------------------------------


@pytest.fixture
def inputs_dir(tmp_path: Path) -> Path:
    """A model file, a data directory and a calibrated file that the tests may change."""
    root = tmp_path / "inputs"
    shutil.copytree(MINI_DATA, root / "data")
    (root / "model.mdl").write_text("{UTF-8}\nx = 1\n~~|\n", encoding="utf-8")
    (root / "calibrated.yaml").write_text("parameters:\n  a: 1\n", encoding="utf-8")
    return root


def _key(root: Path, scenario_json: str = '{"name": "x"}', final_year: int = 2045) -> str:
    return run_cache.run_key(
        run_cache.run_inputs(
            scenario_json,
            final_year,
            model_file=root / "model.mdl",
            data_dir=root / "data",
            calibrated_file=root / "calibrated.yaml",
        )
    )


def test_same_inputs_give_the_same_key(inputs_dir: Path) -> None:
    assert _key(inputs_dir) == _key(inputs_dir)
    assert len(_key(inputs_dir)) == 64


@pytest.mark.parametrize(
    "change",
    ["model file", "data table", "calibrated file", "calibrated file removed", "scenario", "year"],
)
def test_key_changes_with_every_input(inputs_dir: Path, change: str) -> None:
    before = _key(inputs_dir)
    scenario_json, final_year = '{"name": "x"}', 2045
    if change == "model file":
        with (inputs_dir / "model.mdl").open("a", encoding="utf-8") as fh:
            fh.write("y = 2\n~~|\n")
    elif change == "data table":
        path = inputs_dir / "data" / "teachers.csv"
        path.write_bytes(path.read_bytes() + b"\n")
    elif change == "calibrated file":
        (inputs_dir / "calibrated.yaml").write_text("parameters:\n  a: 2\n", encoding="utf-8")
    elif change == "calibrated file removed":
        (inputs_dir / "calibrated.yaml").unlink()
    elif change == "scenario":
        scenario_json = '{"name": "x", "levers": 1}'
    else:
        final_year = 2040
    assert _key(inputs_dir, scenario_json, final_year) != before


def test_key_covers_the_package_source_and_versions(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("X = 1\n", encoding="utf-8")
    first = run_cache.source_hash(package)
    (package / "a.py").write_text("X = 2\n", encoding="utf-8")
    assert run_cache.source_hash(package) != first
    inputs = run_cache.run_inputs("{}", 2045)
    assert inputs["package_version"] == ikm_sim.__version__
    assert inputs["source_sha256"] == run_cache.source_hash()
    assert "pysd=" in inputs["libraries"] and "pandas=" in inputs["libraries"]


def test_data_key_is_the_dataset_fingerprint(mini_data: Any) -> None:
    inputs = run_cache.run_inputs("{}", 2045, data_dir=MINI_DATA)
    assert inputs["data_sha256"] == mini_data.fingerprint


# --- storage ---------------------------------------------------------------------------------


def test_round_trip_is_exact(tmp_path: Path) -> None:
    stored = _stored()
    path = run_cache.store(KEY_A, stored, tmp_path)
    assert path is not None and path.name == f"{KEY_A}.zip"
    back = run_cache.load(KEY_A, tmp_path)
    assert back is not None
    for name, frame in stored.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], frame, check_exact=True)
    assert isinstance(back.tables["teachers_by_age"]["region"].dtype, pd.CategoricalDtype)
    assert back.scenario_name == "baseline" and back.meta == {"seed": 1}
    with zipfile.ZipFile(path) as zf:  # tables as Parquet, facts as JSON: nothing unpickled
        assert sorted(zf.namelist()) == sorted(
            ["info.json", *(f"{name}.parquet" for name in caches._TABLES)]
        )


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other key"])
def test_damaged_entry_is_ignored_and_deleted(tmp_path: Path, damage: str) -> None:
    path = run_cache.store(KEY_A, _stored(), tmp_path)
    assert path is not None
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a zip file at all")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.rename(tmp_path / f"{KEY_B}.zip")
        path = tmp_path / f"{KEY_B}.zip"
    key = KEY_B if damage == "other key" else KEY_A
    assert run_cache.load(key, tmp_path) is None
    assert not path.exists()


def test_flipped_byte_in_a_table_is_detected(tmp_path: Path) -> None:
    path = run_cache.store(KEY_A, _stored(), tmp_path)
    assert path is not None
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        member = zf.getinfo("teachers_by_age.parquet")
    middle = member.header_offset + 100 + member.compress_size // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    assert run_cache.load(KEY_A, tmp_path) is None  # the zip CRC no longer matches


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_cache.store(KEY_A, _stored(1), tmp_path)
    assert first is not None
    before = first.read_bytes()

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    assert run_cache.store(KEY_A, _stored(2), tmp_path) is None  # logged, not raised
    assert run_cache.store(KEY_B, _stored(2), tmp_path) is None
    assert _entries(tmp_path) == [first]  # no temporary or half-written file
    assert first.read_bytes() == before


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    stored = _stored()
    keys = [c * 64 for c in "0123456"]
    for i, key in enumerate(keys):
        path = run_cache.store(key, stored, tmp_path, keep=100)
        assert path is not None
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    assert run_cache.load(keys[0], tmp_path) is not None  # a read makes it recent
    run_cache.prune(tmp_path, keep=3)
    left = {p.stem for p in _entries(tmp_path)}
    assert left == {keys[0], keys[5], keys[6]}


def test_prune_removes_stale_temporary_files(tmp_path: Path) -> None:
    stale = tmp_path / f".{KEY_A}.zip-abc123"
    fresh = tmp_path / f".{KEY_B}.zip-def456"
    for path in (stale, fresh):
        path.write_bytes(b"partial")
    os.utime(stale, (1_000_000, 1_000_000))  # left over by a killed writer long ago
    run_cache.prune(tmp_path)
    assert _entries(tmp_path) == [fresh]  # a write in progress is left alone


def test_clear_and_prune_touch_only_cache_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / ".hidden").write_text("mine", encoding="utf-8")
    run_cache.store(KEY_A, _stored(), tmp_path)
    run_cache.prune(tmp_path, keep=0)
    run_cache.clear(tmp_path)
    assert sorted(p.name for p in _entries(tmp_path)) == [".hidden", "notes.txt"]


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(run_cache.ENV_VAR, "off")
    assert run_cache.cache_dir() is None
    assert run_cache.store(KEY_A, _stored()) is None
    assert run_cache.load(KEY_A) is None
    monkeypatch.setenv(run_cache.ENV_VAR, str(tmp_path))
    assert run_cache.cache_dir() == tmp_path
    monkeypatch.delenv(run_cache.ENV_VAR)
    assert run_cache.cache_dir() == run_cache.DEFAULT_DIR


# --- the app's runs --------------------------------------------------------------------------


def test_restart_reads_the_run_from_disk(
    cache: Path, baseline: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CountingRunner()
    _as_real(monkeypatch, runner)
    first = _run(baseline)
    assert runner.calls == 1
    assert runner.final_years == [state.FINAL_YEAR]  # the year the key holds
    assert [p.name for p in _entries(cache)] == [f"{_disk_key(baseline)}.zip"]
    _restart()

    def no_runner(**kwargs: Any) -> None:
        raise AssertionError("a disk hit must not call (nor import) the runner")

    _as_real(monkeypatch, no_runner)
    again = _run(baseline)
    assert runner.calls == 1  # read from disk, the runner not called
    _as_real(monkeypatch, runner)
    _assert_same(again, first)
    other = baseline.model_copy(update={"name": "other"})
    _run(other)
    assert runner.calls == 2  # another scenario is another key
    assert len(_entries(cache)) == 2


def test_fake_runner_results_never_touch_the_disk(
    cache: Path, baseline: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stored entry under the real runner's key, with different numbers ...
    run_cache.store(_disk_key(baseline), _stored(seed=7), cache)
    stored = run_cache.load(_disk_key(baseline), cache)
    assert stored is not None
    fake = CountingRunner(seed=1)
    use_runner(monkeypatch, fake)  # not kept on disk
    result = _run(baseline)
    assert fake.calls == 1  # ... is not read for a fake
    assert fake.final_years == [None]  # a stand-in is called as before, with its own horizon
    assert not result.supply_demand.equals(stored.tables["supply_demand"])
    run_cache.clear(cache)
    _restart()
    _run(baseline)
    assert fake.calls == 2
    assert _entries(cache) == []  # ... and a fake's results are not written


def test_the_app_runs_ikm_sim_runner_run_kept_on_disk(
    baseline: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ikm_sim.runner import FINAL_YEAR

    assert state.FINAL_YEAR == FINAL_YEAR  # the app's horizon is the runner's default
    assert app_runner() is MODEL_RUNNER and MODEL_RUNNER.keep_on_disk
    counting = CountingRunner()
    monkeypatch.setattr("ikm_sim.runner.run", counting)
    MODEL_RUNNER.run(scenario=baseline, final_year=FINAL_YEAR)
    assert counting.calls == 1  # the default runner is ikm_sim.runner.run
    assert counting.engines == [app_engine()]  # the app names its engine
    use_runner(monkeypatch, CountingRunner())
    assert app_runner() is not MODEL_RUNNER and not app_runner().keep_on_disk


def test_damaged_entry_is_replaced_by_a_new_run(
    cache: Path, baseline: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CountingRunner()
    _as_real(monkeypatch, runner)
    path = cache / f"{_disk_key(baseline)}.zip"
    cache.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 damaged")
    result = _run(baseline)  # no error shown: the entry is only a miss
    assert runner.calls == 1
    assert result.scenario_name == baseline.name
    back = run_cache.load(path.stem, cache)
    assert back is not None and back.scenario_name == baseline.name


def test_run_with_other_provenance_is_not_stored(
    cache: Path, baseline: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CountingRunner(meta={"model_sha256": "0" * 64})  # ran another model file
    _as_real(monkeypatch, runner)
    _run(baseline)
    assert _entries(cache) == []
    agreeing = CountingRunner(
        meta={"model_sha256": run_cache.run_inputs("{}", 2045)["model_sha256"]}
    )
    _as_real(monkeypatch, agreeing)
    _restart()
    _run(baseline)
    assert len(_entries(cache)) == 1


def test_clear_caches_forgets_the_disk_too(
    cache: Path, baseline: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CountingRunner()
    _as_real(monkeypatch, runner)
    _run(baseline)
    state.clear_caches()
    assert _entries(cache) == []
    _run(baseline)
    assert runner.calls == 2


# ------------------------------------------------------------------ checked datasets
def test_a_checked_dataset_is_read_back_identical(tmp_path: Path) -> None:
    from ikm_sim.data.load import load_data
    from ikm_sim.data.schema import TABLES

    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    first = run_cache.load_dataset(data)
    assert len(list((run_cache.cache_dir() / run_cache.DATASETS).glob("*.zip"))) == 1
    second = run_cache.load_dataset(data)
    reference = load_data(data)
    for name in TABLES:
        pd.testing.assert_frame_equal(second.table(name), reference.table(name), check_exact=True)
        pd.testing.assert_frame_equal(first.table(name), reference.table(name), check_exact=True)
    assert second.fingerprint == reference.fingerprint and second.directory == data


def test_a_changed_data_file_is_checked_again(tmp_path: Path) -> None:
    from ikm_sim.errors import DataError

    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    run_cache.load_dataset(data)
    pupils = data / "pupils.csv"
    lines = pupils.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",-5"
    pupils.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"pupils\.csv"):
        run_cache.load_dataset(data)
    stored = list((run_cache.cache_dir() / run_cache.DATASETS).glob("*.zip"))
    assert len(stored) == 1  # the bad data is not stored


def test_checked_datasets_are_not_kept_when_the_cache_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(run_cache.ENV_VAR, "off")
    data = run_cache.load_dataset(MINI_DATA)
    assert data.regions and run_cache.cache_dir() is None

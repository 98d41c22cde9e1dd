"""Model run results kept on disk, so a restarted app reuses runs whose inputs are unchanged.

A stored run is found by a key that hashes everything that determines its results: the
scenario's full content, the model file's bytes, the data fingerprint (and directory), the
calibrated parameter file, the final year, the package version and the bytes of its source
files, and the versions of Python and of the libraries that compute or store the tables. Any
change to any of them is a new key; an old entry is then never read again and is removed once
more than `MAX_FILES` newer ones exist.

Each entry is one zip file, ``<key>.zip``, written atomically: the result tables as Parquet
(no pickle, so reading an entry never runs code) and ``info.json`` (format, key, scenario name,
run metadata). An entry that cannot be read or does not match its key is ignored and deleted.

The directory is ``.cache/runs/`` in the project, or ``$IKM_SIM_RUN_CACHE``; setting that
variable to ``off`` turns the disk cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import platform
import re
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from ikm_sim import __version__
from ikm_sim.atomic import write_bytes_atomic
from ikm_sim.paths import PROJECT_ROOT

#: Environment variable naming the cache directory (``off`` disables the disk cache).
ENV_VAR = "IKM_SIM_RUN_CACHE"
#: Default cache directory (git-ignored with the rest of ``.cache/``).
DEFAULT_DIR = PROJECT_ROOT / ".cache" / "runs"
#: Entries kept; the least recently used beyond this are deleted after each write.
MAX_FILES = 20
#: Layout of an entry; bump when it changes (older entries are then never read).
FORMAT = 1
#: Subdirectory of checked datasets (`load_dataset`).
DATASETS = "datasets"
#: Temporary files older than this (seconds) are left over from a killed writer.
STALE_TEMP_SECONDS = 3600
#: Libraries whose version may change the numbers or how the tables are stored.
LIBRARIES = ("pysd", "numpy", "pandas", "xarray", "scipy", "pyarrow")
SUFFIX = ".zip"
#: Member suffix of tables stored as Arrow IPC files (`store`).
ARROW = "arrow"
_INFO = "info.json"
#: Names of entries and of `write_bytes_atomic`'s temporary files; nothing else is deleted.
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.zip")
_TEMP_NAME = re.compile(r"\.[0-9a-f]{64}\.zip-.+")
_PACKAGE_DIR = Path(__file__).resolve().parent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredRun:
    """The tables and facts of one run, as stored on disk.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Result tables by name (column dtypes, categoricals included, survive the round trip).
    scenario_name : str
        Name of the scenario run.
    meta : dict
        Run provenance; plain JSON values only.
    """

    tables: dict[str, pd.DataFrame]
    scenario_name: str
    meta: dict[str, Any] = field(default_factory=dict)


def cache_dir() -> Path | None:
    """Return the cache directory, or None when the disk cache is off.

    Read at every call, so tests and the app's launcher can point it elsewhere.

    Returns
    -------
    pathlib.Path or None
        ``$IKM_SIM_RUN_CACHE`` if set (None if it is ``off``), else `DEFAULT_DIR`.
    """
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return DEFAULT_DIR
    if value.lower() == "off":
        return None
    return Path(value)


def _sha256_file(path: Path) -> str:
    if not path.exists():
        return "absent"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_hash(package_dir: Path = _PACKAGE_DIR) -> str:
    """Return a SHA-256 over the package's Python files (relative path and bytes).

    Parameters
    ----------
    package_dir : pathlib.Path, optional
        Package directory; default is the installed ``ikm_sim``.

    Returns
    -------
    str
        64 hex digits; changes with any edit of any module.
    """
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(package_dir).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _library_versions() -> str:
    versions = [f"python={platform.python_version()}"]
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return ";".join(versions)


def run_inputs(
    scenario_json: str,
    final_year: int,
    *,
    model_file: Path | None = None,
    data_dir: Path | None = None,
    calibrated_file: Path | None = None,
) -> dict[str, str]:
    """Return what determines a run's results, one hash or value per input.

    Parameters
    ----------
    scenario_json : str
        The scenario's full content (``Scenario.model_dump_json()``).
    final_year : int
        Last year simulated.
    model_file : pathlib.Path, optional
        Vensim model; default `ikm_sim.paths.MODEL_FILE`.
    data_dir : pathlib.Path, optional
        Data directory; default `ikm_sim.paths.DATA_DIR`.
    calibrated_file : pathlib.Path, optional
        Calibrated parameters; default ``calibration/calibrated.yaml``.

    Returns
    -------
    dict of str to str
        Keys ``format``, ``scenario_sha256``, ``final_year``, ``model_sha256``,
        ``data_directory``, ``data_sha256``, ``calibrated_sha256``, ``package_version``,
        ``source_sha256``, ``libraries``.

    Raises
    ------
    OSError
        If the model file or a data table cannot be read.
    """
    from ikm_sim import paths
    from ikm_sim.data.load import fingerprint
    from ikm_sim.model.parameters import CALIBRATED_FILE

    model_file = paths.MODEL_FILE if model_file is None else model_file
    data_dir = paths.DATA_DIR if data_dir is None else data_dir
    calibrated_file = CALIBRATED_FILE if calibrated_file is None else calibrated_file
    return {
        "format": str(FORMAT),
        "scenario_sha256": hashlib.sha256(scenario_json.encode("utf-8")).hexdigest(),
        "final_year": str(int(final_year)),
        "model_sha256": hashlib.sha256(Path(model_file).read_bytes()).hexdigest(),
        "data_directory": str(data_dir),
        "data_sha256": fingerprint(Path(data_dir)),
        "calibrated_sha256": _sha256_file(Path(calibrated_file)),
        "package_version": __version__,
        "source_sha256": source_hash(),
        "libraries": _library_versions(),
    }


def run_key(inputs: Mapping[str, str]) -> str:
    """Return the cache key of a run: a SHA-256 over its `run_inputs`.

    Parameters
    ----------
    inputs : mapping of str to str
        The output of `run_inputs`.

    Returns
    -------
    str
        64 hex digits.
    """
    text = json.dumps(dict(inputs), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _entry(key: str, directory: Path) -> Path:
    name = f"{key}{SUFFIX}"
    if not _ENTRY_NAME.fullmatch(name):
        raise ValueError(f"not a run key: {key!r}")
    return directory / name


def _files(directory: Path, pattern: re.Pattern[str]) -> list[Path]:
    try:
        return [p for p in directory.iterdir() if pattern.fullmatch(p.name) and p.is_file()]
    except OSError:
        return []


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def load(key: str, directory: Path | None = None) -> StoredRun | None:
    """Return the run stored under `key`, or None.

    An entry that cannot be read, is damaged or belongs to another key or format is deleted
    and None is returned: the caller then runs the model again (and stores it anew).

    Parameters
    ----------
    key : str
        A `run_key`.
    directory : pathlib.Path, optional
        Cache directory; default `cache_dir()`.

    Returns
    -------
    StoredRun or None
    """
    directory = cache_dir() if directory is None else directory
    if directory is None:
        return None
    path = _entry(key, directory)
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            info = json.loads(zf.read(_INFO).decode("utf-8"))
            if info.get("format") != FORMAT or info.get("key") != key:
                raise ValueError("entry of another format or key")
            # ZipFile.read checks each member's CRC, so a damaged file raises here.
            suffix = str(info.get("suffix", "parquet"))
            tables = {
                str(name): _read_table(zf.read(f"{name}.{suffix}"), suffix)
                for name in info["tables"]
            }
        stored = StoredRun(tables, str(info["scenario_name"]), dict(info["meta"]))
    except Exception as exc:  # any unreadable entry is only a cache miss
        log.warning("ignoring unreadable run cache entry %s: %s", path.name, exc)
        _discard(path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: pruned last
    return stored


def _read_table(data: bytes, suffix: str) -> pd.DataFrame:
    if suffix == ARROW:
        import pyarrow as pa

        return pa.ipc.open_file(pa.BufferReader(data)).read_all().to_pandas()
    return pd.read_parquet(io.BytesIO(data))


def _table_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    buffer = io.BytesIO()
    if suffix == ARROW:
        import pyarrow as pa

        table = pa.Table.from_pandas(frame, preserve_index=False)
        with pa.ipc.new_file(buffer, table.schema) as writer:
            writer.write_table(table)
    else:
        frame.to_parquet(buffer, index=False, compression=None)
    return buffer.getvalue()


def store(
    key: str,
    run: StoredRun,
    directory: Path | None = None,
    keep: int = MAX_FILES,
    suffix: str = "parquet",
) -> Path | None:
    """Store `run` under `key` atomically, then keep only the `keep` most recent entries.

    Failures (disk full, no permission) are logged and otherwise ignored: the cache only saves
    time, and a failed write leaves no partial file.

    Parameters
    ----------
    key : str
        A `run_key`.
    run : StoredRun
        Tables and facts of the run.
    directory : pathlib.Path, optional
        Cache directory; default `cache_dir()`.
    keep : int, optional
        Entries to keep. Default `MAX_FILES`.
    suffix : {"parquet", "arrow"}, optional
        How the tables are stored: Parquet (compact; the runs) or Arrow IPC (`ARROW`: read
        back without decoding; the checked datasets).

    Returns
    -------
    pathlib.Path or None
        The entry written, or None if the cache is off or the write failed.
    """
    directory = cache_dir() if directory is None else directory
    if directory is None:
        return None
    path = _entry(key, directory)
    try:
        info = {
            "format": FORMAT,
            "key": key,
            "scenario_name": run.scenario_name,
            "tables": list(run.tables),
            "meta": run.meta,
            "suffix": suffix,
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
            for name, frame in run.tables.items():
                zf.writestr(f"{name}.{suffix}", _table_bytes(frame, suffix))
            zf.writestr(_INFO, json.dumps(info, ensure_ascii=False))
        write_bytes_atomic(path, buffer.getvalue())
    except Exception as exc:  # the cache only saves time; never fail the run for it
        log.warning("could not store run cache entry %s: %s", path.name, exc)
        return None
    prune(directory, keep)
    return path


def prune(directory: Path, keep: int = MAX_FILES) -> None:
    """Delete all but the `keep` most recently used entries, and stale temporary files.

    Parameters
    ----------
    directory : pathlib.Path
        Cache directory.
    keep : int, optional
        Entries to keep. Default `MAX_FILES`.
    """
    entries = []
    for path in _files(directory, _ENTRY_NAME):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(key=lambda item: item[0], reverse=True)
    for _, path in entries[max(keep, 0) :]:
        _discard(path)
    now = time.time()
    for path in _files(directory, _TEMP_NAME):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                path.unlink()


def clear(directory: Path | None = None) -> None:
    """Delete every entry (and temporary file) of the run cache; other files are left alone.

    Parameters
    ----------
    directory : pathlib.Path, optional
        Cache directory; default `cache_dir()`.
    """
    directory = cache_dir() if directory is None else directory
    if directory is None:
        return
    for path in [*_files(directory, _ENTRY_NAME), *_files(directory, _TEMP_NAME)]:
        _discard(path)


def dataset_key(directory: Path, data_sha256: str | None = None) -> str:
    """Key of a data directory's checked tables: its files' bytes, the code and libraries.

    Parameters
    ----------
    directory : pathlib.Path
        A data directory whose table files all exist.
    data_sha256 : str, optional
        Its `ikm_sim.data.load.fingerprint`, when already known.

    Returns
    -------
    str
        64 hex digits.
    """
    from ikm_sim.data.load import fingerprint

    parts = {
        "kind": "checked dataset",
        "format": str(FORMAT),
        "storage": ARROW,
        "data_sha256": fingerprint(directory) if data_sha256 is None else data_sha256,
        "data_directory": str(Path(directory).resolve()),
        "source_sha256": source_hash(),
        "libraries": _library_versions(),
    }
    return run_key(parts)


def load_dataset(directory: Path | None = None) -> Any:
    """`ikm_sim.data.load.load_data`, but a directory checked before is read back from disk.

    Checking every cell of the embedded data costs about a second at every start; its checked
    tables are stored like a run, under `dataset_key` (the files' bytes, the checker's code and
    the libraries) in the cache's ``datasets/`` directory, so an unchanged directory is read
    from Parquet instead. A directory that
    fails the check is never stored, and any problem reading the files falls back to the full
    check, which then reports it.

    Parameters
    ----------
    directory : pathlib.Path, optional
        Data directory; default the embedded dataset.

    Returns
    -------
    ikm_sim.data.load.Dataset
    """
    from ikm_sim.data.load import Dataset, fingerprint, load_data
    from ikm_sim.data.schema import TABLES
    from ikm_sim.paths import DATA_DIR

    directory = Path(directory) if directory is not None else DATA_DIR
    runs = cache_dir()
    cache = runs / DATASETS if runs is not None else None  # apart from runs: pruned apart
    try:
        data_sha256 = fingerprint(directory) if cache is not None else None
        key = dataset_key(directory, data_sha256) if cache is not None else None
    except OSError:
        data_sha256 = key = None  # a missing table: the full check says which
    stored = load(key, cache) if key is not None else None
    if stored is not None and data_sha256 is not None and set(stored.tables) == set(TABLES):
        return Dataset(directory=directory, fingerprint=data_sha256, **stored.tables)
    data = load_data(directory)
    if key is not None:
        tables = StoredRun({name: data.table(name) for name in TABLES}, "dataset")
        store(key, tables, cache, suffix=ARROW)
    return data

"""Atomic writes: a failed write leaves the earlier file or files exactly as they were.

Every file the package writes goes through one of these: `write_bytes_atomic` /
`write_text_atomic` for one file, `staged_directory` for a set of files that replace their
namesakes in a directory (other files there stay), `replaced_directory` for a directory that is
replaced as a whole (files of the earlier version that the new one lacks disappear).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staged_directory(out_dir: Path) -> Iterator[Path]:
    """Stage files for `out_dir`; move them in only when the block finishes without error.

    Yields a temporary sibling directory. On success every file in it replaces its namesake
    in `out_dir` (other files in `out_dir` stay); the files they replace are moved aside first,
    so if moving one in fails, the ones already moved are put back and `out_dir` is as it was.
    On failure in the block the staging directory is removed and `out_dir` is left exactly as
    it was.

    Parameters
    ----------
    out_dir : pathlib.Path
        Target directory (created if missing).

    Yields
    ------
    pathlib.Path
        The staging directory to write into.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        yield tmp
        _move_in([p for p in sorted(tmp.rglob("*")) if p.is_file()], tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _move_in(files: list[Path], source: Path, out_dir: Path) -> None:
    """Move `files` (under `source`) to the same places under `out_dir`, all or none."""
    aside = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    moved: list[tuple[Path, Path | None]] = []  # (target, where its earlier version went)
    try:
        for i, path in enumerate(files):
            target = out_dir / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            earlier = aside / str(i) if target.exists() else None
            if earlier is not None:
                os.replace(target, earlier)
            moved.append((target, earlier))
            os.replace(path, target)
    except BaseException:
        for target, earlier in reversed(moved):
            if earlier is not None:
                os.replace(earlier, target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


@contextlib.contextmanager
def replaced_directory(out_dir: Path) -> Iterator[Path]:
    """Build a new `out_dir` in a staging sibling; swap it in whole when the block succeeds.

    On success the earlier `out_dir` (if any) is renamed aside, the staging directory takes
    its name and the earlier one is deleted; if the swap itself fails, the earlier directory
    is put back. On any failure in the block the staging directory is removed and `out_dir`
    is left exactly as it was.

    Parameters
    ----------
    out_dir : pathlib.Path
        The directory to replace (its parent is created if missing).

    Yields
    ------
    pathlib.Path
        The staging directory to write the complete new contents into.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        yield tmp
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
            try:
                os.replace(out_dir, old)  # replaces the empty placeholder directory
            except BaseException:
                old.rmdir()
                raise
        try:
            os.replace(tmp, out_dir)
        except BaseException:
            if old is not None:
                os.replace(old, out_dir)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and ``os.replace`` (never half written).

    Parameters
    ----------
    path : pathlib.Path
        Target file (its directory is created if missing).
    data : bytes
        Contents.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 `text` to `path` atomically (see `write_bytes_atomic`).

    Parameters
    ----------
    path : pathlib.Path
        Target file.
    text : str
        Contents.
    """
    write_bytes_atomic(path, text.encode("utf-8"))

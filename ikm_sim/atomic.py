"""Atomic writes: a failed write leaves the earlier file or files exactly as they were.

Every file the package writes goes through one of these: `write_bytes_atomic` /
`write_text_atomic` for one file, `staged_directory` for a set of files that replace their
namesakes in a directory (other files there stay), `replaced_directory` for a directory that is
replaced as a whole (files of the earlier version that the new one lacks disappear), and
`swap_all` (with `sibling_stage`) for several staged files and directories swapped in at once.
Every swap, whichever of these starts it, is done by `swap_all`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
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
        files = [p for p in sorted(tmp.rglob("*")) if p.is_file()]
        swap_all([(p, out_dir / p.relative_to(tmp)) for p in files])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
        swap_all([(tmp, out_dir)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def sibling_stage(target: Path, kind: str = "update") -> Path:
    """A new empty temporary directory beside `target` (same file system, so renames work)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-{kind}-", dir=target.parent))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def swap_all(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Move every staged file or directory onto its target, all or none.

    Every existing target is first renamed to a backup beside it, then its staged version is
    renamed into place. If any step fails, the targets already swapped are put back from their
    backups (and new ones removed), so the earlier files stay byte for byte as they were. The
    staged paths must sit on the same file system as their targets (see `sibling_stage`).

    Parameters
    ----------
    pairs : sequence of (staged, target)
        Staged file or directory and the path it replaces (which may not exist yet).

    Raises
    ------
    OSError
        The failure, after the targets were restored.
    """
    done: list[tuple[Path, Path | None]] = []  # (target, backup)
    try:
        for staged, target in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}-backup-{os.getpid()}")
                _remove(backup)
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(staged, target)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None and backup.exists():
                _remove(target)
                os.replace(backup, target)
            elif backup is None:
                _remove(target)
        raise
    for _, backup in done:
        if backup is not None:
            _remove(backup)


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

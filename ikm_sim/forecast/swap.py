"""Swap several staged files and directories into place, all or none.

Every target is first renamed to a backup beside it, then its staged version is renamed into
place. If any step fails, the targets already swapped are put back from their backups, so the
earlier files stay byte for byte as they were. Renames within one directory are atomic on
POSIX file systems; the staged paths must sit on the same file system as their targets
(siblings, see `sibling_stage`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path


def sibling_stage(target: Path, kind: str = "update") -> Path:
    """A new empty temporary directory beside `target` (same file system)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-{kind}-", dir=target.parent))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def swap_all(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Move every staged path onto its target; on failure restore every target.

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
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}-backup-{os.getpid()}")
                _remove(backup)
                os.rename(target, backup)
            done.append((target, backup))
            os.rename(staged, target)
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None and backup.exists():
                _remove(target)
                os.rename(backup, target)
            elif backup is None:
                _remove(target)
        raise
    for _, backup in done:
        if backup is not None:
            _remove(backup)

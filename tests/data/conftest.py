"""Fixtures of the data tests: the mini data directory and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MINI_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "mini_data"


@pytest.fixture
def mini_dir() -> Path:
    """The shipped mini data directory (read-only use)."""
    return MINI_DATA


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the mini data directory that a test may corrupt."""
    target = tmp_path / "mini_data"
    shutil.copytree(MINI_DATA, target)
    return target

"""Shared fixtures: the small synthetic dataset for unit tests, the embedded one for smoke tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikm_sim.data.load import Dataset, load_data

FIXTURES = Path(__file__).parent / "fixtures"
MINI_DATA = FIXTURES / "mini_data"


@pytest.fixture(scope="session")
def mini_data() -> Dataset:
    """The 3-municipality synthetic dataset in tests/fixtures/mini_data."""
    return load_data(MINI_DATA)


@pytest.fixture(autouse=True)
def _isolated_run_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's persisted runs (`ikm_sim.run_cache`) out of the developer's cache."""
    monkeypatch.setenv("IKM_SIM_RUN_CACHE", str(tmp_path / "run-cache"))

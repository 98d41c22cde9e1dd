"""Every app test starts from the benchmark's speed (`ikm_sim.ui.speed` keeps measurements of
earlier runs in the process; a faked run's would change the time the pages quote)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ikm_sim.ui import speed


@pytest.fixture(autouse=True)
def _no_speed_measured() -> Iterator[None]:
    speed.clear()
    yield
    speed.clear()

"""Every chart the pages draw is valid Vega-Lite.

The app passes chart specs to the browser unvalidated (`ikm_sim.ui.widgets.chart_with_downloads`
skips Altair's schema check to save ~50 ms per chart), so this test validates each one: it runs
the pages with a stand-in runner and checks every chart they hand to the widget.
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import ikm_sim
from ikm_sim.ui import state, widgets
from tests.ui.fakes import make_result
from tests.ui.test_app import APP

PAGES = (
    "ikm_sim/ui/pages/overview.py",
    "ikm_sim/ui/pages/municipality.py",
    "ikm_sim/ui/pages/calibration.py",
    "ikm_sim/ui/pages/data.py",
)


def test_every_chart_of_the_pages_is_valid_vega_lite(monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = widgets.chart_with_downloads

    def validating(chart: Any, key: str, *args: Any, **kwargs: Any) -> None:
        chart.to_dict()  # validates against the Vega-Lite schema; raises on an invalid spec
        checked.append(key)
        real(chart, key, *args, **kwargs)

    monkeypatch.setattr(widgets, "chart_with_downloads", validating)
    monkeypatch.setattr(
        ikm_sim,
        "run",
        lambda scenario=None, data=None, progress=None: make_result(1),
        raising=False,
    )
    state.clear_caches()
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        assert not at.exception, at.exception
        for page in PAGES:
            at.switch_page(page).run()
            assert not at.exception, (page, at.exception)
    finally:
        state.clear_caches()
    assert len(checked) >= 6, checked

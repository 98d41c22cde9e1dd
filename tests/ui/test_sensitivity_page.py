"""AppTest of the sensitivity page: loads without running, charts and table after the button,
errors as messages that keep earlier results, and one real (small) Morris run."""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ikm_sim.uncertainty.sensitivity as sens
from ikm_sim.errors import IkmSimError
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.ui.pages import sensitivity as page
from tests.ui.test_app import APP

SENSITIVITY_PAGE = "ikm_sim/ui/pages/sensitivity.py"
D = len(BehaviouralParameters.model_fields)


class FakeMorris:
    """Stand-in for `ikm_sim.uncertainty.sensitivity.sensitivity`: a small fixed ranking."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.error: str | None = None

    def __call__(
        self,
        scenario: Any,
        region: str | None = None,
        trajectories: int = 10,
        spec: Any = None,
        data: Any = None,
        years: tuple[int, ...] = (2030,),
        workers: int | None = None,
        progress: Any = None,
        engine: str | None = None,
    ) -> pd.DataFrame:
        self.calls.append(
            {"region": region, "trajectories": trajectories, "years": years, "workers": workers}
        )
        if progress is not None:
            progress(trajectories * (D + 1) // 2, trajectories * (D + 1))
        if self.error:
            raise IkmSimError(self.error)
        names = list(BehaviouralParameters.model_fields)
        frames = []
        outputs = [f"national_gap_{y}" for y in years]
        outputs += [f"{region}_gap_{y}" for y in years] if region else []
        for i, output in enumerate(outputs):
            mu = np.linspace(1234.5, 1.5, D) / (1 + 9 * i)
            frames.append(
                pd.DataFrame(
                    {
                        "output": output,
                        "parameter": names if i == 0 else names[::-1],
                        "mu_star": mu,
                        "mu_star_conf": mu / 10,
                        "sigma": mu / 5,
                        "rank": np.arange(1, D + 1),
                        "low": 0.5,
                        "high": 1.5,
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMorris:
    morris = FakeMorris()
    st.cache_data.clear()
    monkeypatch.setattr(sens, "sensitivity", morris)
    return morris


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(SENSITIVITY_PAGE).run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest) -> Any:
    return next(b for b in at.button if b.key == page.RUN_KEY)


def _specs(at: AppTest) -> list[str]:
    return [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")
    ]


def test_page_loads_without_running_and_switches_language(fake: FakeMorris) -> None:
    at = _open()
    assert at.title[0].value == "Jutīguma analīze"
    assert _button(at).label == "Aprēķināt jutīgumu"
    assert at.selectbox(key=f"{page.MUNI_KEY}__lv").value == "LV0001000"
    assert at.selectbox(key=f"{page.YEAR_KEY}__lv").value == "2030"
    assert at.selectbox(key=f"{page.YEAR_KEY}__lv").options == ["2030./2031.", "2035./2036."]
    assert at.selectbox(key=page.R_KEY).value == page.DEFAULT_TRAJECTORIES == 4
    assert any(f"4 × ({D} + 1) = {4 * (D + 1)} modeļa paraugi" in c.value for c in at.caption)
    assert any("Aprēķināt jutīgumu" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")
    assert fake.calls == []

    at.selectbox(key=f"{page.MUNI_KEY}__lv").set_value("LV0021000").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Sensitivity analysis"
    assert _button(at).label == "Compute sensitivity"
    assert at.selectbox(key=f"{page.MUNI_KEY}__en").value == "LV0021000"
    assert any(f"{4 * (D + 1)} model samples" in c.value for c in at.caption)
    assert fake.calls == []


def test_button_shows_charts_table_and_downloads(fake: FakeMorris) -> None:
    at = _open()
    _button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert fake.calls == [
        {"region": "LV0001000", "trajectories": 4, "years": (2030,), "workers": 1}
    ]
    specs = _specs(at)
    assert len(specs) == 2
    assert "Kas nosaka iztrūkumu: Latvija, 2030./2031. mācību gadā" in specs[0]
    assert "Kas nosaka iztrūkumu: Rīga, 2030./2031. mācību gadā" in specs[1]
    assert "Atgriezušies un karjeras mainītāji" in specs[0]
    assert "returner_rate" not in specs[0].split('"datasets"')[0]  # labels, not codes

    table = at.dataframe[0].value
    assert len(table) == D
    assert list(table.columns[:3]) == ["Parametrs", "Diapazons", "Mērvienība"]
    assert table.iloc[0]["Parametrs"] == "Aiziešana no darba 20–24 g. vecumā"
    assert table.iloc[0]["μ*: Latvija, likmes"] == "1\u00a0234,5"
    assert table.iloc[0]["Vieta: Rīga"] == str(D)  # the fake reverses the municipal order
    assert table.iloc[0]["Diapazons"] == "0,50–1,50"
    labels = {getattr(b, "label", "") for b in at.get("download_button")}
    assert {"PNG attēls", "SVG attēls", "Dati (CSV)", "Dati (Excel)"} <= labels
    assert any("Morisa" in m.value and "skrīninga" in m.value for m in at.markdown)

    # English labels after a language switch, from the same results (no new run).
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert len(fake.calls) == 1
    specs = _specs(at)
    assert "What drives the gap: Latvia, school year 2030/31" in specs[0]
    assert "Returners and career changers" in specs[0]
    assert at.dataframe[0].value.iloc[0]["μ*: Latvia, FTE"] == "1,234.5"


def test_error_is_a_message_and_earlier_results_stay(fake: FakeMorris) -> None:
    at = _open()
    fake.error = "unknown municipality code 'LV0001000'"
    _button(at).click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "Jutīgumu neizdevās aprēķināt: unknown municipality code 'LV0001000'"
    ]
    assert not at.get("vega_lite_chart")

    fake.error = None
    _button(at).click().run()
    assert not at.error and len(at.get("vega_lite_chart")) == 2
    fake.error = "boom"
    at.selectbox(key=page.R_KEY).set_value(8).run()  # a new cache key: runs again
    _button(at).click().run()
    assert not at.exception, at.exception
    assert any("boom" in e.value for e in at.error)
    assert len(at.get("vega_lite_chart")) == 2  # the previous results are still shown
    assert any("Iestatījumi ir mainīti" in i.value for i in at.info)


def test_real_morris_with_two_trajectories() -> None:
    st.cache_data.clear()
    at = _open()
    at.selectbox(key=page.R_KEY).set_value(2).run()
    started = time.perf_counter()
    _button(at).click().run()
    seconds = time.perf_counter() - started
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert seconds < 60
    assert len(at.get("vega_lite_chart")) == 2
    table = at.dataframe[0].value
    assert len(table) == D
    mu = [float(v.replace("\u00a0", "").replace(",", ".")) for v in table["μ*: Latvija, likmes"]]
    assert mu == sorted(mu, reverse=True) and mu[0] > 0
    assert any("r = 2 trajektorijas" in c.value for c in at.caption)


def test_every_choice_is_estimated_well_under_a_minute() -> None:
    costs = [
        page.estimated_seconds(r * (D + 1), year)
        for r in page.TRAJECTORY_CHOICES
        for year in page.YEAR_CHOICES
    ]
    assert all(5 <= s <= 40 for s in costs), costs
    assert page.estimated_seconds(8 * (D + 1), 2035) > page.estimated_seconds(2 * (D + 1), 2030)

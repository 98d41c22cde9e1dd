"""AppTest of the sensitivity page with Sobol indices: method choice and cost before any run,
bar charts, table and downloads after the button, stale results after a method switch, and one
real (small) Sobol run."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ikm_sim.uncertainty.sobol as sob
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.ui import sensitivity_run as run
from ikm_sim.ui.pages import sensitivity as page
from tests.ui.test_sensitivity_page import FakeMorris, _button, _open, _specs

D = len(BehaviouralParameters.model_fields)
NBSP = "\u00a0"


def _lv(n: int) -> str:
    """A whole number as the Latvian interface writes it (thin-space thousands)."""
    return f"{n:,}".replace(",", NBSP)


class FakeSobol:
    """Stand-in for `ikm_sim.uncertainty.sobol.sobol`: fixed indices, calls recorded."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(
        self,
        scenario: Any,
        region: str | None = None,
        n: int = 32,
        spec: Any = None,
        data: Any = None,
        years: tuple[int, ...] = (2030,),
        workers: int | None = None,
        progress: Any = None,
        engine: str | None = None,
    ) -> sob.SobolResult:
        self.calls.append({"region": region, "n": n, "years": years, "workers": workers})
        if progress is not None:
            progress(n * (D + 2) // 2, n * (D + 2))
        names = list(BehaviouralParameters.model_fields)
        outputs = [f"national_gap_{y}" for y in years]
        outputs += [f"{region}_gap_{y}" for y in years] if region else []
        frames = []
        for i, output in enumerate(outputs):
            st_values = np.linspace(0.4, 0.0, D)
            frames.append(
                pd.DataFrame(
                    {
                        "output": output,
                        "parameter": names if i == 0 else names[::-1],
                        "S1": st_values * 0.8 - 0.01,
                        "S1_conf": 0.08,
                        "ST": st_values,
                        "ST_conf": 0.05,
                        "rank": np.arange(1, D + 1),
                        "low": 0.5,
                        "high": 1.5,
                    }
                )
            )
        return sob.SobolResult(pd.concat(frames, ignore_index=True)[list(sob.COLUMNS)])


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> tuple[FakeMorris, FakeSobol]:
    import ikm_sim.uncertainty.sensitivity as sens

    morris, sobol = FakeMorris(), FakeSobol()
    st.cache_data.clear()
    monkeypatch.setattr(sens, "sensitivity", morris)
    monkeypatch.setattr(sob, "sobol", sobol)
    return morris, sobol


def _choose_sobol(at: AppTest, lang: str = "lv") -> None:
    at.radio(key=f"{page.METHOD_KEY}__{lang}").set_value("sobol").run()
    assert not at.exception, at.exception


def test_method_choice_shows_the_sobol_cost_before_any_run(
    fakes: tuple[FakeMorris, FakeSobol],
) -> None:
    at = _open()
    method = at.radio(key=f"{page.METHOD_KEY}__lv")
    assert method.value == "morris"
    assert method.options == ["Morisa skrīnings", "Sobola indeksi"]
    _choose_sobol(at)
    size = at.selectbox(key=page.N_KEY)
    assert size.label == "Bāzes paraugi (N)"
    assert size.options == ["16", "32", "64"] and size.value == 32
    seconds = run.estimated_seconds(32 * (D + 2), 2030)
    cost = f"32 × ({D} + 2) = {_lv(32 * (D + 2))} modeļa paraugi"
    assert any(cost in c.value and f"aptuveni {seconds} s" in c.value for c in at.caption)
    size.set_value(64).run()
    assert any(
        f"64 × ({D} + 2) = {_lv(64 * (D + 2))} modeļa paraugi" in c.value for c in at.caption
    )

    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.radio(key=f"{page.METHOD_KEY}__en").value == "sobol"  # survives the switch
    assert at.radio(key=f"{page.METHOD_KEY}__en").options == ["Morris screening", "Sobol indices"]
    assert any(f"{64 * (D + 2):,} model samples" in c.value for c in at.caption)
    assert fakes[0].calls == [] and fakes[1].calls == []


def test_sobol_shows_bar_charts_table_and_downloads(fakes: tuple[FakeMorris, FakeSobol]) -> None:
    _, sobol = fakes
    at = _open()
    _choose_sobol(at)
    _button(at).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert sobol.calls == [{"region": "LV0001000", "n": 32, "years": (2030,), "workers": 1}]
    specs = _specs(at)
    assert len(specs) == 2
    assert "Kas nosaka iztrūkuma nenoteiktību: Latvija, 2030./2031. mācību gadā" in specs[0]
    assert "Kas nosaka iztrūkuma nenoteiktību: Rīga, 2030./2031. mācību gadā" in specs[1]
    assert "ST – kopā ar mijiedarbībām" in specs[0] and "S1 – atsevišķi" in specs[0]
    assert "Atgriezušies un karjeras mainītāji" in specs[0]

    table = at.dataframe[0].value
    assert len(table) == D
    assert list(table.columns[:4]) == ["Parametrs", "Diapazons", "Mērvienība", "Vieta: Latvija"]
    assert table.iloc[0]["ST: Latvija"] == "0,40 ± 0,05"
    assert table.iloc[0]["S1: Latvija"] == "0,31 ± 0,08"
    assert table.iloc[0]["Vieta: Rīga"] == str(D)  # the fake reverses the municipal order
    labels = {getattr(b, "label", "") for b in at.get("download_button")}
    assert {"PNG attēls", "SVG attēls", "Dati (CSV)", "Dati (Excel)"} <= labels
    assert any(
        "N = 32" in c.value and f"{_lv(32 * (D + 2))} paraugi" in c.value for c in at.caption
    )
    explain = next(m.value for m in at.markdown if "Kā lasīt" in m.value)
    assert "**S1**" in explain and "**ST**" in explain and "negatīvas" in explain

    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert len(sobol.calls) == 1  # the same results, relabelled
    assert "What drives the uncertainty of the gap: Latvia" in _specs(at)[0]
    assert at.dataframe[0].value.iloc[0]["ST: Latvia"] == "0.40 ± 0.05"
    explain = next(m.value for m in at.markdown if "How to read this" in m.value)
    assert "interactions" in explain and "sampling error" in explain


def test_switching_method_keeps_the_results_and_says_they_are_stale(
    fakes: tuple[FakeMorris, FakeSobol],
) -> None:
    morris, sobol = fakes
    at = _open()
    _button(at).click().run()  # Morris
    assert len(morris.calls) == 1 and "Kas nosaka iztrūkumu: Latvija" in _specs(at)[0]
    _choose_sobol(at)
    assert any("Iestatījumi ir mainīti" in i.value for i in at.info)
    assert "Kas nosaka iztrūkumu: Latvija" in _specs(at)[0]  # still the Morris charts
    _button(at).click().run()
    assert len(sobol.calls) == 1
    assert not any("Iestatījumi ir mainīti" in i.value for i in at.info)
    assert "nenoteiktību" in _specs(at)[0]


def test_every_sobol_choice_is_estimated_under_a_minute() -> None:
    costs = [
        run.estimated_seconds(run.design_samples("sobol", n, D), year)
        for n in run.SOBOL_CHOICES
        for year in page.YEAR_CHOICES
    ]
    assert all(10 <= s <= 60 for s in costs), costs
    assert run.estimated_seconds(64 * (D + 2), 2035) > run.estimated_seconds(16 * (D + 2), 2030)


def test_real_sobol_with_16_base_samples() -> None:
    st.cache_data.clear()
    at = _open()
    _choose_sobol(at)
    at.selectbox(key=page.N_KEY).set_value(16).run()
    started = time.perf_counter()
    _button(at).click().run()
    seconds = time.perf_counter() - started
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert seconds < 90
    assert len(at.get("vega_lite_chart")) == 2
    table = at.dataframe[0].value
    assert len(table) == D
    st_values = [
        float(v.split(" ± ")[0].replace(",", ".").replace("\u2212", "-"))
        for v in table["ST: Latvija"]
    ]
    assert st_values == sorted(st_values, reverse=True) and st_values[0] > 0.05
    assert any(f"N = 16, {_lv(16 * (D + 2))} paraugi" in c.value for c in at.caption)

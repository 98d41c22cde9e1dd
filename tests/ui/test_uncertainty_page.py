"""AppTest of the uncertainty page: loads without running, a faked run, a real 50-sample run."""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ikm_sim.uncertainty
from ikm_sim.data.load import load_data
from ikm_sim.indicators.near_term import near_term_years
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui.pages import uncertainty
from ikm_sim.uncertainty import Ensemble
from ikm_sim.uncertainty.pack import FAN_CHARTS
from tests.ui.fakes import YEARS
from tests.ui.test_app import APP

#: National gap, demand and supply, the municipality's and the subject's gap, and a fan of
#: every further quantity (vacancies, teachers, pupils, first-graders ...).
CHARTS = 5 + len(FAN_CHARTS) - 3

UNCERTAINTY_PAGE = "ikm_sim/ui/pages/uncertainty.py"


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(UNCERTAINTY_PAGE).run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest) -> Any:
    return next(b for b in at.button if b.key == uncertainty.RUN_KEY)


def test_page_loads_without_running_and_switches_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the ensemble ran before the button was pressed")

    # The page runs as a script: patch what its cached function imports at call time.
    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", forbidden)
    at = _open()
    assert at.title[0].value == "Nenoteiktība"
    assert _button(at).label == "Aprēķināt diapazonu"
    assert at.selectbox(key=uncertainty.N_KEY).value == 100
    assert at.selectbox(key=uncertainty.N_KEY).options == ["100", "200", "500", "1\u00a0000"]
    assert any("aptuveni" in c.value for c in at.caption)
    assert at.number_input(key=uncertainty.SEED_KEY).value == uncertainty.DEFAULT_SEED
    assert not at.get("vega_lite_chart")
    assert any("Aprēķināt diapazonu" in i.value for i in at.info)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Uncertainty"
    assert _button(at).label == "Compute range"


def test_failed_run_shows_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", failing)
    at = _open()
    at.number_input(key=uncertainty.SEED_KEY).set_value(7).run()
    _button(at).click().run()
    assert not at.exception, at.exception
    assert any("boom" in e.value for e in at.error)
    assert not at.get("vega_lite_chart")


def _fake_ensemble(samples: pd.DataFrame, *args: Any, **kwargs: Any) -> Ensemble:
    """A cheap stand-in for `run_ensemble` on the embedded codes (random but plausible)."""
    ds = load_data()
    regions = [str(r) for r in ds.municipalities["atvk"]]
    subjects = [str(s) for s in ds.subjects["code"]]
    years = np.arange(2023, FINAL_YEAR + 1)
    rng = np.random.default_rng(5)
    shape = (len(samples), len(years), len(regions), len(subjects))
    demand = 10.0 + rng.random(shape)
    supply = demand - rng.normal(0.3, 0.5, shape)
    progress = kwargs.get("progress")
    if progress is not None:
        progress(len(samples), len(samples))
    return Ensemble(
        years=years,
        regions=regions,
        subjects=subjects,
        values={
            "demand_fte": demand,
            "supply_fte": supply,
            "gap_fte": demand - supply,
            "vacancies_fte": np.clip(demand - supply, 0, None),
            "teachers": demand * 1.1,
            "pupils": 200.0 + rng.random(shape[:3]),
            "first_graders": 20.0 + rng.random(shape[:3]),
        },
        samples=samples.reset_index(drop=True),
    )


def _spec_text(at: AppTest) -> list[str]:
    return [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")
    ]


def test_subject_fan_and_pack_button_after_a_faked_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _fake_ensemble)
    uncertainty._ensemble_cached.clear()
    try:
        at = _open()
        at.number_input(key=uncertainty.SEED_KEY).set_value(99).run()
        _button(at).click().run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        # National gap, demand, supply; the municipality's gap; the subject's gap; the rest.
        assert len(at.get("vega_lite_chart")) == CHARTS
        assert any("Mācību priekšmetā" in h.value for h in at.subheader)
        select = at.selectbox(key=f"{uncertainty.SUBJECT_KEY}__lv")
        assert select.label == "Mācību priekšmets"
        assert "Matemātika" in select.options
        select.set_value("MAT").run()
        assert not at.exception, at.exception
        assert any("Skolotāju iztrūkums – Matemātika" in spec for spec in _spec_text(at))
        labels = [getattr(b, "label", "") for b in at.get("download_button")]
        assert labels.count("Nenoteiktības eksporta pakete (ZIP)") == 1
        assert any("Eksports" in h.value for h in at.subheader)

        # English: the subject stays, its name and the button follow the language.
        at.sidebar.radio(key="lang").set_value("en").run()
        assert not at.exception, at.exception
        assert at.selectbox(key=f"{uncertainty.SUBJECT_KEY}__en").value == "MAT"
        assert any("Teacher gap – Mathematics" in spec for spec in _spec_text(at))
        labels = [getattr(b, "label", "") for b in at.get("download_button")]
        assert "Uncertainty export pack (ZIP)" in labels
    finally:
        uncertainty._ensemble_cached.clear()


def test_compute_range_with_50_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    uncertainty._ensemble_cached.clear()
    at = _open()
    started = time.perf_counter()
    _button(at).click().run()
    seconds = time.perf_counter() - started
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    # National gap, demand and supply, the chosen municipality's and subject's gap.
    charts = at.get("vega_lite_chart")
    assert len(charts) == CHARTS, seconds
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in charts]
    assert all("p95" in spec for spec in specs)
    assert any("Skolotāju iztrūkums – Latvija" in spec for spec in specs)
    table = at.dataframe[0].value
    assert len(table) > 10
    assert all(str(v).endswith("%") for v in table.iloc[:, 1])
    # the cost percentiles: P50 (P5–P95), EUR million in constant 2025 prices, decimal comma
    costs = at.dataframe[1].value
    assert "Algu fonds" in costs.columns and "Valsts mērķdotācija" not in costs.columns
    assert (
        costs["Mērķdotācija"]
        .str.fullmatch(r"[\d\u00a0]+,\d \([\d\u00a0]+,\d–[\d\u00a0]+,\d\)")
        .all()
    )
    assert any("izmaksu" in h.value.lower() for h in at.subheader)
    assert at.selectbox(key=f"{uncertainty.MUNI_KEY}__lv").value is not None
    assert at.selectbox(key=f"{uncertainty.SUBJECT_KEY}__lv").value is not None
    labels = {getattr(b, "label", "") for b in at.get("download_button")}
    assert {"PNG attēls", "SVG attēls", "Dati (CSV)"} <= labels
    assert "Nenoteiktības eksporta pakete (ZIP)" in labels

    # A later failure keeps the previous results on screen.
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", failing)
    at.number_input(key=uncertainty.SEED_KEY).set_value(8).run()  # a new key: not cached
    _button(at).click().run()
    assert not at.exception, at.exception
    assert any("boom" in e.value for e in at.error)
    assert len(at.get("vega_lite_chart")) == CHARTS


def test_a_reloaded_page_shows_the_ensemble_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL names the ensemble; a new session (a reload, a sent link) reads it from the cache."""
    from ikm_sim.ui.ensembles import ENSEMBLE_KEY

    calls: list[int] = []

    def counted(samples: pd.DataFrame, *args: Any, **kwargs: Any) -> Ensemble:
        calls.append(len(samples))
        return _fake_ensemble(samples, *args, **kwargs)

    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", counted)
    uncertainty._ensemble_cached.clear()
    try:
        at = _open()
        at.selectbox(key=uncertainty.N_KEY).set_value(200).run()
        at.number_input(key=uncertainty.SEED_KEY).set_value(11).run()
        _button(at).click().run()
        assert not at.exception, at.exception
        assert calls == [200]
        tag = at.session_state[ENSEMBLE_KEY]
        assert tag.startswith("200-11-")
        caption = next(c.value for c in at.caption if "200" in c.value)
        assert "Bāzes scenārijs" in caption and "baseline" not in caption

        again = AppTest.from_file(APP, default_timeout=120)
        again.query_params["ensemble"] = tag
        again.run()
        again.switch_page(UNCERTAINTY_PAGE).run()
        assert not again.exception, again.exception
        assert calls == [200]  # from the cache, not run again
        assert len(again.get("vega_lite_chart")) == CHARTS
        assert again.selectbox(key=uncertainty.N_KEY).value == 200
        assert again.number_input(key=uncertainty.SEED_KEY).value == 11

        # another scenario's tag (its hash differs) is not taken for this one
        other = AppTest.from_file(APP, default_timeout=120)
        other.query_params["ensemble"] = tag[:-8] + "0" * 8
        other.run()
        other.switch_page(UNCERTAINTY_PAGE).run()
        assert not other.get("vega_lite_chart")
    finally:
        uncertainty._ensemble_cached.clear()


def test_the_municipality_page_shows_the_shortage_probability(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _fake_ensemble)
    uncertainty._ensemble_cached.clear()
    try:
        at = _open()
        at.switch_page("ikm_sim/ui/pages/municipality.py").run()
        tables = len(at.dataframe)
        assert any("Nenoteiktība" in c.value for c in at.caption)
        at.switch_page(UNCERTAINTY_PAGE).run()
        _button(at).click().run()
        at.switch_page("ikm_sim/ui/pages/municipality.py").run()
        assert not at.exception, at.exception
        assert len(at.dataframe) == tables + 1
        probability = at.dataframe[1].value
        assert list(probability.columns) == [f"{y}./{y + 1}." for y in near_term_years(YEARS)]
        cells = [v for row in probability.to_numpy() for v in row]
        assert all(v.endswith("%") for v in cells) and any(v != "0 %" for v in cells)
    finally:
        uncertainty._ensemble_cached.clear()


def test_downloads_name_the_ensembles_own_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The metadata of an ensemble's downloads: its own run time, model and data, not "–".

    They had been taken from the sidebar scenario's cached single run, without its time.
    """
    from ikm_sim.export_tables import metadata_table
    from ikm_sim.scenario import load_scenario
    from ikm_sim.ui.ensembles import ensemble

    monkeypatch.setattr(ikm_sim.uncertainty, "run_ensemble", _fake_ensemble)
    uncertainty._ensemble_cached.clear()
    try:
        res = ensemble(load_scenario("baseline"), 20, 7)
    finally:
        uncertainty._ensemble_cached.clear()
    assert res.meta["data_sha256"] == load_data().fingerprint
    assert len(res.meta["model_sha256"]) == 64
    assert res.meta["years"] == [2023, FINAL_YEAR]
    context = uncertainty._table_context(res, "lv", "Bāzes scenārijs")
    table = metadata_table(res.national, context, "x")
    fields = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert fields["Aprēķināts"] == res.meta["run_at"] != "–"
    assert fields["Datu SHA-256"] == res.meta["data_sha256"]

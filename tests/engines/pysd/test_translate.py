"""The model file, its translation cache, and the PySD pitfalls it must avoid."""

from __future__ import annotations

import re

import pytest

from ikm_sim.engines.pysd.translate import fresh_model, translated_file
from ikm_sim.inputs import time_path
from ikm_sim.paths import MODEL_FILE

UNSUPPORTED = ("GET DATA", "VECTOR ELM MAP", "DELAY MATERIAL", "SHIFT IF TRUE", "TIME SHIFT")


def test_model_uses_no_function_pysd_cannot_run():
    text = MODEL_FILE.read_text(encoding="utf-8").upper()
    for name in UNSUPPORTED:
        assert name not in text, f"{name} is not implemented in PySD 3.14"


def test_every_variable_has_units_and_a_comment(mini_data):
    doc = fresh_model(mini_data.directory).doc
    doc = doc[doc["Real Name"] != "Time"]  # PySD's built-in clock
    assert len(doc) > 100

    def blank(value: object) -> bool:
        return not isinstance(value, str) or not value.strip()

    missing_units = doc.loc[doc["Units"].map(blank), "Real Name"].tolist()
    missing_comment = doc.loc[doc["Comment"].map(blank), "Real Name"].tolist()
    assert not missing_units, f"variables without units: {missing_units}"
    assert not missing_comment, f"variables without a comment: {missing_comment}"


def test_dimensions_come_from_the_data_tables():
    text = MODEL_FILE.read_text(encoding="utf-8")
    assert re.search(r"Region:\s*GET DIRECT SUBSCRIPT\('\.\./data/municipalities\.csv'", text)
    assert re.search(r"Subject:\s*GET DIRECT SUBSCRIPT\('\.\./data/subjects\.csv'", text)


def test_aging_map_is_declared_on_the_source_subrange():
    # The reverse declaration translates into an outer product and fails at run time.
    text = MODEL_FILE.read_text(encoding="utf-8")
    assert "Age Younger: (A20-A74) -> Age Older" in text
    assert "Grade Lower: (G1-G11) -> Grade Higher" in text


def test_translated_subscripts_match_the_data(mini_data):
    model = fresh_model(mini_data.directory)
    assert list(model.subscripts["Region"]) == mini_data.regions
    assert list(model.subscripts["Subject"]) == mini_data.subject_codes
    assert model.subscripts["Age"][0] == "A20" and model.subscripts["Age"][-1] == "A75"


def test_translation_is_cached(mini_data):
    first = translated_file(mini_data.directory)
    mtime = first.stat().st_mtime_ns
    assert translated_file(mini_data.directory) == first
    assert first.stat().st_mtime_ns == mtime


def test_fresh_models_do_not_share_parameters(mini_data):
    a = fresh_model(mini_data.directory)
    a.run(params={"Returner Rate": 0.5}, return_columns=["Returner Rate"], final_time=2024)
    b = fresh_model(mini_data.directory)
    out = b.run(return_columns=["Returner Rate"], final_time=2024)
    assert out["Returner Rate"].iloc[0] == pytest.approx(0.02)


def test_lookup_params_apply_to_a_fresh_model_and_do_not_leak(mini_data):
    # A lookup (time path) set through run(params=...) must reach the equations that use it.
    kw = {"return_columns": ["Macitspeks Entrants"], "final_time": 2024}
    changed = fresh_model(mini_data.directory).run(
        params={"Macitspeks Intake": time_path(0.0), "Macitspeks Share": 1.0}, **kw
    )
    default = fresh_model(mini_data.directory).run(params={"Macitspeks Share": 1.0}, **kw)
    assert float(changed.to_numpy().sum()) == 0.0
    assert float(default.to_numpy()[0].sum()) > 50.0

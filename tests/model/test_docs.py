"""models/README.md documents every behavioural parameter, generated from the one definition."""

from __future__ import annotations

from ikm_sim.model.docs import README, render_readme
from ikm_sim.model.parameters import BehaviouralParameters


def test_parameter_table_is_in_sync_with_the_code():
    text = README.read_text(encoding="utf-8")
    assert render_readme(text) == text, "run: python -m ikm_sim.model.docs"


def test_every_parameter_is_documented():
    text = README.read_text(encoding="utf-8")
    for name in BehaviouralParameters.model_fields:
        assert f"| `{name}` |" in text

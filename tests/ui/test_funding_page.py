"""AppTest of the "Finansējums" page with the real model: budget path, top-up, what-if cost."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ikm_sim import costs
from ikm_sim.indicators.near_term import near_term_start
from ikm_sim.locale.formatting import format_number
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from ikm_sim.ui import state
from ikm_sim.ui.caches import _to_results
from ikm_sim.ui.cost_cards import what_if_effectiveness
from ikm_sim.ui.pages.builder import _RESULT
from tests.ui.test_app import APP, needs_runner

FUNDING_PAGE = "ikm_sim/ui/pages/funding.py"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(FUNDING_PAGE).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    return at


@needs_runner
def test_the_page_shows_the_budget_path_in_both_prices_and_languages() -> None:
    state.clear_caches()
    at = _open()
    assert at.title[0].value == "Finansējums un izmaksas"
    # constant 2025 prices by default, as on every other page, and said beside the cards
    assert at.segmented_control(key="funding_prices").value == costs.DEFAULT_PRICE_BASIS
    assert any("2025. gada cenās" in c.value for c in at.caption)
    constant = _metrics(at)
    at.segmented_control(key="funding_prices").set_value("nominal").run()
    assert not at.exception
    nominal = _metrics(at)
    wage = next(v for k, v in nominal.items() if k.startswith("Algu fonds"))
    assert "," in wage  # decimal comma
    national = costs.national_costs(run("baseline").funding)
    # the cards' school year chosen on the Overview (today's by default), not always 2050/51
    start = near_term_start(national.index)
    assert wage == format_number(float(national.loc[start, "wage_bill_eur"]) / 1e6, "lv", 1)
    assert any("nominālās cenās" in c.value for c in at.caption)
    assert constant != nominal  # later money is less in 2025 prices
    assert any(k.startswith("Piemaksas daļa") for k in constant)
    info = [i.value for i in at.info]
    assert any("Scenāriju veidotājā" in str(v) for v in info)
    # every chart, the municipality's too, says which scenario it shows (exported copies do)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) >= 2
    assert all("Bāzes scenārijs" in json.dumps(s["title"], ensure_ascii=False) for s in specs)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Funding and cost"
    english = _metrics(at)
    assert any(k.startswith("Wage bill") for k in english)
    assert any(k.startswith("Top-up share") for k in english)


@needs_runner
def test_the_builder_what_if_gets_its_cost_and_eur_per_fte_closed() -> None:
    state.clear_caches()
    data = state.load_dataset()
    base_sc = load_scenario("baseline")
    edited_sc = load_scenario("pay_growth")
    base, edited = _to_results(run(base_sc)), _to_results(run(edited_sc))
    effect = what_if_effectiveness(base, edited, "nominal", data.funding)
    assert (effect["lever"] == "total").all()
    nat_a, nat_b = (costs.national_costs(r.funding) for r in (base, edited))
    diff = (nat_b - nat_a)["public_cost_eur"]
    assert effect.set_index("year")["extra_cost_eur"].to_numpy() == pytest.approx(diff.to_numpy())
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.session_state[_RESULT] = {
        "results": edited,
        "base": (base_sc.model_dump_json(), "file:baseline", "scenarios/baseline.yaml"),
        "base_title": "Bāze",
        "title": "Algas",
        "name": "algas",
    }
    at.switch_page(FUNDING_PAGE).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    shown = _metrics(at)
    per_fte = next(v for k, v in shown.items() if k.startswith("EUR par slēgto likmi"))
    # the page shows money in the default prices (constant 2025 EUR)
    shown_effect = what_if_effectiveness(base, edited, costs.DEFAULT_PRICE_BASIS, data.funding)
    value = shown_effect.iloc[-1]["cum_eur_per_fte_closed"]
    assert pd.notna(value)
    assert per_fte.replace("\u00a0", "").replace("\u202f", "") == f"{value:,.0f}".replace(",", "")

"""Cost beside the forecasts and the lever ranking in a real browser, in Latvian and English.

The Overview's cards follow the chosen school year (default the coming one) with that year's
wage bill, grant and top-up beside them; a municipality opened with a what-if (from a link)
shows its own grant and the what-if's extra cost against the baseline; the Funding page ranks
the levers by EUR per FTE closed.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.indicators.near_term import near_term_start
from ikm_sim.settings import FINAL_YEAR
from tests.e2e.conftest import E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS

#: The cards' default school year: today's (`near_term_start`).
START = near_term_start(range(BASE_YEAR, FINAL_YEAR + 1))


def _nav(page: Page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    wait_for_app(page)


def _metric(page: Page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def _label(page: Page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text=label).first
    return metric.locator("[data-testid='stMetricLabel']").inner_text().strip()


def _nothing_cut(page: Page) -> None:
    """No card's label or value in the cost cards is cut short (an ellipsis in place of text)."""
    cut = page.locator(".st-key-cost_cards").evaluate(
        """box => Array.from(box.querySelectorAll(
            "[data-testid='stMetricValue'], [data-testid='stMetricValue'] *, "
            + "[data-testid='stMetricLabel'] p"))
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
    )
    assert cut == [], cut


def _number(text: str, decimal: str) -> float:
    plain = "".join(ch for ch in text if ch.isdigit() or ch in (decimal, "−", "-"))
    return float(plain.replace("−", "-").replace(decimal, "."))


def _english(page: Page) -> None:
    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)


def test_overview_cards_show_the_cost_of_the_chosen_year(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    coming = f"{START}./{START + 1}."
    expect(page.get_by_text(f"Izmaksas {coming} mācību gadā", exact=False)).to_be_visible()
    cards = page.locator(".st-key-cost_cards")
    expect(cards).to_contain_text("pastāvīgās 2025. gada cenās")
    wage_lv = _metric(page, "Algu fonds")
    grant_lv = _metric(page, "Valsts mērķdotācija")
    assert "," in wage_lv and _label(page, "Algu fonds").endswith("milj. EUR")  # the unit named
    assert _number(wage_lv, ",") > _number(grant_lv, ",") > 100
    _nothing_cut(page)
    screenshot(page, "cost_cards_overview_lv")

    _english(page)
    expect(page.locator("h1", has_text="National overview")).to_be_visible()
    wage_en = _metric(page, "Wage bill")
    assert "." in wage_en and _label(page, "Wage bill").endswith("EUR million")
    assert _number(wage_en, ".") == _number(wage_lv, ",")
    expect(page.locator(".st-key-cost_cards")).to_contain_text("constant 2025 prices")


def test_municipality_what_if_shows_its_own_cost_against_the_baseline(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/municipality?scenario=pay_growth&municipality=LV0001000&year=2030")
    wait_for_app(page)
    expect(page.locator("h1", has_text="Pašvaldības skats")).to_be_visible()
    expect(page.get_by_text("Izmaksas 2030./2031. mācību gadā", exact=False)).to_be_visible()
    grant = _metric(page, "Valsts mērķdotācija")
    top_up = _metric(page, "Pašvaldību piemaksa")
    extra = _metric(page, "Papildu izmaksas pret bāzi")
    per_fte = _metric(page, "EUR par slēgto likmi")
    assert _label(page, "Valsts mērķdotācija").endswith("milj. EUR")
    assert _label(page, "Pašvaldību piemaksa").endswith("milj. EUR")
    assert _number(extra, ",") > 0 and _number(top_up, ",") > 0  # a pay rise costs Rīga money
    assert per_fte == "–" or _number(per_fte, ",") > 0
    _nothing_cut(page)
    screenshot(page, "cost_cards_municipality_lv")

    _english(page)
    expect(page.locator("h1", has_text="Municipality view")).to_be_visible()
    assert _number(_metric(page, "State target grant"), ".") == _number(grant, ",")
    assert _number(_metric(page, "Extra cost against baseline"), ".") == _number(extra, ",")


def test_funding_page_ranks_the_levers(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _nav(page, "Finansējums")
    expect(page.get_by_role("heading", name="Sviru izmaksu efektivitāte")).to_be_visible()
    page.get_by_role("button", name="Aprēķināt sviru vērtējumu").click()
    wait_for_app(page)
    table = page.locator(".st-key-fund_rank_view")
    expect(table).to_be_visible()
    best_lv = _metric(page, "Pirmā vieta līdz 2030./2031.")
    assert best_lv and best_lv != "–"
    expect(page.locator("[data-testid='stVegaLiteChart']").last).to_be_visible()
    buttons = page.locator("[data-testid='stDownloadButton']", has_text="Dati (Excel)")
    assert buttons.count() >= 2  # the bars' data and the whole ranking table
    screenshot(page, "lever_ranking_lv")

    _english(page)
    expect(page.get_by_role("heading", name="Cost-effectiveness of the levers")).to_be_visible()
    expect(page.locator(".st-key-fund_rank_view")).to_be_visible()
    best_en = _metric(page, "First to 2030/31")
    assert best_en and best_en != best_lv  # the same lever, named in English
    screenshot(page, "lever_ranking_en")

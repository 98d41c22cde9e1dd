"""The "Finansējums" page in a real browser: its figures in Latvian and English.

A what-if is run in the scenario builder first, so the page shows its cost and EUR per FTE of
gap closed beside the budget path.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS


def _nav(page: Page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    wait_for_app(page)


def _metric(page: Page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def _number(text: str, decimal: str) -> float:
    plain = "".join(ch for ch in text if ch.isdigit() or ch in (decimal, "−", "-"))
    return float(plain.replace("−", "-").replace(decimal, "."))


def test_funding_page_figures_in_latvian_and_english(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _nav(page, "Scenāriju veidotājs")
    thumb = page.locator("[data-testid='stSlider']", has_text="Jauno pedagogu noturēšana")
    thumb.get_by_role("slider").focus()
    for _ in range(30):  # retention 0 -> 0.30
        thumb.get_by_role("slider").press("ArrowRight")
    page.get_by_role("button", name="Aprēķināt").click()
    wait_for_app(page)

    _nav(page, "Finansējums")
    expect(page.locator("h1", has_text="Finansējums un izmaksas")).to_be_visible()
    wage_lv = _metric(page, "Algu fonds, milj. EUR")
    grant_lv = _metric(page, "Mērķdotācija, milj. EUR")
    per_fte_lv = _metric(page, "EUR par slēgto likmi")
    assert "," in wage_lv and "," in grant_lv  # decimal comma
    assert _number(wage_lv, ",") > _number(grant_lv, ",") > 100  # million EUR a year
    assert per_fte_lv != "–" and _number(per_fte_lv, ",") > 0
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    screenshot(page, "funding_lv")

    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="Funding and cost")).to_be_visible()
    wage_en = _metric(page, "Wage bill, EUR million")
    per_fte_en = _metric(page, "EUR per FTE closed")
    assert "." in wage_en
    assert _number(wage_en, ".") == _number(wage_lv, ",")
    assert _number(per_fte_en, ".") == _number(per_fte_lv, ",")
    screenshot(page, "funding_en")

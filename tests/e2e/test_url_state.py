"""The view survives a reload and travels in a link: municipality and language in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import APP_TIMEOUT_MS, E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS


def _see_view(page: Page, municipality: str) -> None:
    """The English Municipality page showing `municipality`."""
    expect(page.locator("h1", has_text="Municipality view")).to_be_visible()
    select = page.get_by_role("combobox", name="Municipality", exact=True)
    expect(select).to_have_value(municipality)


def test_reload_and_sent_link_keep_the_view(page: Page, app_url: str, browser: Browser) -> None:
    page.goto(app_url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Pašvaldība").click()
    wait_for_app(page)
    select = page.get_by_role("combobox", name="Pašvaldība", exact=True)
    select.click()
    options = page.locator("[role='listbox'] [role='option']")
    expect(options.nth(2)).to_be_visible()
    options.nth(2).click()
    wait_for_app(page)
    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    chosen = page.get_by_role("combobox", name="Municipality", exact=True).input_value()
    _see_view(page, chosen)
    page.wait_for_url("**lang=en**")
    url = page.url
    query = parse_qs(urlparse(url).query)
    assert urlparse(url).path.rstrip("/").endswith("/municipality"), url
    assert query["lang"] == ["en"] and query["municipality"][0].startswith("LV"), url
    atvk = query["municipality"][0]
    expect(page.get_by_text(f"ATVK {atvk}")).to_be_visible()

    page.reload()
    wait_for_app(page)
    _see_view(page, chosen)
    expect(page.get_by_text(f"ATVK {atvk}")).to_be_visible()
    screenshot(page, "url_state_reloaded")

    context = browser.new_context(viewport={"width": 1400, "height": 3400}, locale="lv-LV")
    context.set_default_timeout(APP_TIMEOUT_MS)
    try:
        other = context.new_page()
        other.goto(url)
        wait_for_app(other)
        _see_view(other, chosen)
        expect(other.get_by_text(f"ATVK {atvk}")).to_be_visible()
        screenshot(other, "url_state_sent_link")
    finally:
        context.close()

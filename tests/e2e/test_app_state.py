"""An own what-if survives a reload and travels in a link; a long run can be cancelled."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import APP_TIMEOUT_MS, E2E_MARKS, screenshot, wait_for_app
from tests.e2e.test_journeys import _build_what_if, _metric, _nav

pytestmark = E2E_MARKS

#: Seconds a cancelled ensemble may take to stop: the chunk in hand (100 samples) on a
#: machine shared with other jobs.
STOP_WITHIN_S = 60


def _sidebar_scenario(page: Page) -> str:
    return page.get_by_role("combobox", name="Scenārijs", exact=True).input_value()


def test_own_what_if_survives_a_reload_and_a_sent_link(
    page: Page, app_url: str, browser: Browser
) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _build_what_if(page)
    title = _sidebar_scenario(page)
    expect(page.get_by_text("Scenārijs ir adreses saitē")).to_be_visible()
    _nav(page, "Valsts kopskats")
    page.wait_for_url("**own=1.**")
    url = page.url
    query = parse_qs(urlparse(url).query)
    assert query["scenario"][0].startswith("own:"), url
    assert len(query["own"][0]) < 1800, len(query["own"][0])
    gap = _metric(page, "Iztrūkums, likmes")

    page.reload()
    wait_for_app(page)
    assert _sidebar_scenario(page) == title
    assert _metric(page, "Iztrūkums, likmes") == gap
    screenshot(page, "own_link_reloaded")

    context = browser.new_context(viewport={"width": 1400, "height": 3400}, locale="lv-LV")
    context.set_default_timeout(APP_TIMEOUT_MS)
    try:
        other = context.new_page()
        other.goto(url)
        wait_for_app(other)
        assert _sidebar_scenario(other) == title
        assert _metric(other, "Iztrūkums, likmes") == gap
        expect(other.locator("h1", has_text="Valsts kopskats")).to_be_visible()
        screenshot(other, "own_link_sent")
        # a damaged link: one line, the default view
        other.goto(url.replace("own=1.", "own=1.x"))
        wait_for_app(other)
        expect(other.get_by_text("rāda noklusēto skatu")).to_be_visible()
        assert _sidebar_scenario(other).startswith("Bāzes scenārijs")
    finally:
        context.close()


def test_a_long_ensemble_can_be_cancelled(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _nav(page, "Nenoteiktība")
    expect(page.get_by_text("Aprēķins ilgs aptuveni")).to_be_visible()
    page.get_by_role("button", name="Aprēķināt diapazonu").click()
    wait_for_app(page)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    count = charts.count()
    assert count > 0
    shown = "Scenārijs Bāzes scenārijs (pašreizējā politika), 100"
    expect(page.get_by_text(shown)).to_be_visible()
    # the quote now rests on the speed just measured
    expect(page.get_by_text("Pēc šajā serverī izmērītā ātruma")).to_be_visible()

    select = page.get_by_role("combobox", name="Paraugu skaits", exact=True)
    select.click()
    page.get_by_role("option", name="1\u00a0000").click()
    wait_for_app(page)
    page.get_by_role("button", name="Aprēķināt diapazonu").click()
    cancel = page.get_by_role("button", name="Pārtraukt")
    expect(cancel).to_be_visible()
    # the first chunk is done: the run is under way
    expect(page.get_by_text(re.compile(r"Aprēķina paraugus: [1-9]"))).to_be_visible(
        timeout=STOP_WITHIN_S * 1000
    )
    started = time.monotonic()
    cancel.click()
    expect(
        page.get_by_text("Aprēķins pārtraukts; iepriekšējie rezultāti saglabāti.")
    ).to_be_visible(timeout=STOP_WITHIN_S * 1000)
    wait_for_app(page)
    stopped = time.monotonic() - started
    assert stopped < STOP_WITHIN_S, stopped
    expect(page.get_by_text("Aprēķina paraugus")).to_have_count(0)
    expect(page.get_by_text(shown)).to_be_visible()
    expect(charts).to_have_count(count)
    assert "ensemble=100-" in page.url, page.url
    screenshot(page, "ensemble_cancelled")

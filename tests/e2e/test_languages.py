"""Every page in Chromium: no English interface word in Latvian, no Latvian heading in English.

The words are kept here; a text the app draws in the wrong language (a label, a caption, a
table header, a message) fails the test with the page and the words it found. What the page
shows of the data itself (municipality and subject names, codes, file names) is not
interface text and is not checked.
"""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ikm_sim.ui.widgets import NO_RESULTS_SELECTOR as _NO_RESULTS
from tests.e2e.conftest import E2E_MARKS, wait_for_app

pytestmark = E2E_MARKS

#: Menu title of every page in Latvian and English, in menu order.
PAGES = (
    ("Valsts kopskats", "National overview"),
    ("Pašvaldība", "Municipality"),
    ("Scenāriju veidotājs", "Scenario builder"),
    ("Nenoteiktība", "Uncertainty"),
    ("Jutīgums", "Sensitivity"),
    ("Kalibrēšana un ticamība", "Calibration and validity"),
    ("Dati un to izcelsme", "Data and provenance"),
)
#: English interface words that must not appear in the Latvian interface (whole words).
ENGLISH = (
    "the", "and", "of", "with", "from", "for", "by", "Download", "download", "Scenario",
    "scenario", "Municipality", "municipality", "Teachers", "teachers", "Demand", "demand",
    "Supply", "supply", "Gap", "gap", "Vacancies", "vacancies", "Pupils", "pupils", "school",
    "year", "years", "Uncertainty", "Sensitivity", "Calibration", "Run", "Compute", "samples",
    "seed", "Choose", "Browse", "Drag", "drop", "Total", "Show", "Compare", "probability",
    "Overview", "Load", "Save", "Level", "Region", "Subject", "subject", "Error", "Warning",
    "backtest", "fit", "lead", "Mine", "Indicators", "change", "FTE", "Part",
)  # fmt: skip
#: Latvian words that must not appear in the English interface's headings and menu.
LATVIAN = (
    "Valsts", "kopskats", "Pašvaldība", "pašvaldības", "Scenārijs", "scenāriju", "Vakances",
    "Pedagogi", "pedagogu", "mācību", "gadi", "Nenoteiktība", "Jutīgums", "Dati", "izcelsme",
    "Kalibrēšana", "ticamība", "Iztrūkums", "Skolēni", "Salīdzinājums", "Nākamie", "Mans",
    "Eksports", "veidotājs", "likmes",
)  # fmt: skip


#: A file name's extension after a word (a file name is data, not interface text).
_FILE = r"\.(?:csv|yaml|yml|md|png|svg|pdf|json|xlsx|zip)\b"


def _found(text: str, words: tuple[str, ...]) -> list[str]:
    return sorted(
        {w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])(?!{_FILE})", text)}
    )


def _interface_text(page: Page) -> str:
    """The visible text of the page's main area and sidebar."""
    return "\n".join(
        page.locator(selector).inner_text()
        for selector in ("[data-testid='stMain']", "[data-testid='stSidebar']")
    )


def _headings(page: Page) -> str:
    """Page title, headings and the sidebar's menu and labels."""
    parts = page.locator("h1, h2, h3, [data-testid='stSidebarNav'], label").all_inner_texts()
    return "\n".join(parts)


def test_no_english_in_latvian_and_no_latvian_headings_in_english(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    english: dict[str, list[str]] = {}
    for lv, _ in PAGES:
        page.locator("[data-testid='stSidebarNav'] a", has_text=lv).click()
        wait_for_app(page)
        expect(page.locator("h1").first).to_be_visible()
        words = _found(_interface_text(page), ENGLISH)
        if words:
            english[lv] = words
    assert not english, f"English words in the Latvian interface: {english}"

    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    latvian: dict[str, list[str]] = {}
    for _, en in PAGES:
        page.locator("[data-testid='stSidebarNav'] a", has_text=en).click()
        wait_for_app(page)
        expect(page.locator("h1").first).to_be_visible()
        words = _found(_headings(page), LATVIAN)
        if words:
            latvian[en] = words
    assert not latvian, f"Latvian words in the English headings: {latvian}"


_AFTER_TEXT = """sel => {
    const span = document.querySelector(sel);
    const text = span && getComputedStyle(span, '::after').content;
    return text && text !== 'none' ? text : null;
}"""


def _empty_search_text(page: Page) -> str:
    """Type a name no municipality has; the text the empty list shows (drawn by the style)."""
    search = page.locator("[data-testid='stMain'] input[role='combobox']").first
    search.click()
    search.fill("Nekāda vieta")
    expect(page.locator(_NO_RESULTS)).to_be_visible()
    # The list is drawn in steps; the style's text is read once the span it styles is there.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(_AFTER_TEXT, arg=_NO_RESULTS, timeout=5000)
    content = page.evaluate(_AFTER_TEXT, _NO_RESULTS)
    page.keyboard.press("Escape")
    return str(content).strip('"')


def _search_placeholder(page: Page) -> str:
    """The text an emptied search box shows (Streamlit's own is English)."""
    search = page.locator("[data-testid='stMain'] input[role='combobox']").first
    return str(search.get_attribute("placeholder"))


def test_search_without_matches_and_long_scenario_titles(page: Page, app_url: str) -> None:
    """Streamlit's own "No results" and placeholder read in the interface's language; a long
    scenario title that the sidebar's box cuts is written out beneath it."""
    page.goto(f"{app_url}/municipality?scenario=programma_skola")
    wait_for_app(page)
    assert _empty_search_text(page) == "Nekas nav atrasts"
    assert _search_placeholder(page) == "Izvēlieties"
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(
        sidebar.get_by_text("Finansēšanas modelis “Programma skolā” no 2026./2027. mācību gada")
    ).to_be_visible()
    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    assert _empty_search_text(page) == "No results"
    assert _search_placeholder(page) == "Choose an option"
    expect(
        sidebar.get_by_text("The “Programma skolā” funding model from school year 2026/27")
    ).to_be_visible()
    # a link in English opened in a new session: the texts follow the URL's language
    fresh = page.context.new_page()
    fresh.goto(f"{app_url}/municipality?lang=en")
    wait_for_app(fresh)
    assert _empty_search_text(fresh) == "No results"
    fresh.close()

"""The sensitivity page in a real browser: Latvian first, real Morris (r = 2) and Sobol (N = 16)
runs, English.

Screenshots are saved under test-artifacts/screenshots/ (sensitivity_*.png).
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS

CHARTS = "[data-testid='stVegaLiteChart']"


def test_sensitivity_page_runs_morris_and_switches_language(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    page.goto(f"{app_url}/sensitivity")
    wait_for_app(page)
    expect(page.locator("h1", has_text="Jutīguma analīze")).to_be_visible()
    expect(page.locator("[data-testid='stSidebarNav'] a", has_text="Jutīgums")).to_be_visible()
    run = page.get_by_role("button", name="Aprēķināt jutīgumu")
    expect(run).to_be_visible()
    expect(page.get_by_text("Vēl nav aprēķināts.")).to_be_visible()
    expect(page.locator(CHARTS)).to_have_count(0)
    screenshot(page, "sensitivity_lv_empty")

    page.get_by_role("combobox", name="Trajektoriju skaits (r)").click()
    page.get_by_role("option", name="2", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("= 2 × (38 + 1) = 78 modeļa paraugi")).to_be_visible()

    started = time.perf_counter()
    run.click()
    wait_for_app(page)
    seconds = time.perf_counter() - started
    assert seconds < 40, seconds
    expect(page.locator(CHARTS)).to_have_count(2)
    expect(page.get_by_text("Kā lasīt.")).to_be_visible()
    expect(page.get_by_text("r = 2 trajektorijas, 78 paraugi")).to_be_visible()
    screenshot(page, "sensitivity_lv")

    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Dati (CSV)").last.click()
    csv_path = tmp_path / csv_info.value.suggested_filename
    csv_info.value.save_as(csv_path)
    assert csv_path.name.startswith("jutigums_baseline_2030_r2")
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "output,parameter,label,unit,mu_star,mu_star_conf,sigma,rank,low,high"
    assert len(lines) == 1 + 2 * 38  # Latvia and Rīga, every parameter

    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="Sensitivity analysis")).to_be_visible()
    expect(page.get_by_role("button", name="Compute sensitivity")).to_be_visible()
    expect(page.get_by_text("How to read this.")).to_be_visible()
    expect(page.locator(CHARTS)).to_have_count(2)  # the results survive the switch
    screenshot(page, "sensitivity_en")


def test_sensitivity_page_runs_sobol_and_switches_language(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    page.goto(f"{app_url}/sensitivity")
    wait_for_app(page)
    page.locator("[data-testid='stRadio'] label", has_text="Sobola indeksi").click()
    wait_for_app(page)
    expect(page.get_by_text("= 32 × (38 + 2) = 1\u00a0280 modeļa paraugi")).to_be_visible()
    page.get_by_role("combobox", name="Bāzes paraugi (N)").click()
    page.get_by_role("option", name="16", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("= 16 × (38 + 2) = 640 modeļa paraugi")).to_be_visible()

    started = time.perf_counter()
    page.get_by_role("button", name="Aprēķināt jutīgumu").click()
    wait_for_app(page)
    seconds = time.perf_counter() - started
    assert seconds < 90, seconds
    expect(page.locator(CHARTS)).to_have_count(2)
    expect(page.get_by_text("Sobola indeksi, N = 16, 640 paraugi")).to_be_visible()
    expect(page.get_by_text("Kā lasīt.")).to_be_visible()
    expect(page.locator(CHARTS).first).to_contain_text("ST – kopā ar mijiedarbībām")
    screenshot(page, "sensitivity_sobol_lv")

    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Dati (CSV)").last.click()
    csv_path = tmp_path / csv_info.value.suggested_filename
    csv_info.value.save_as(csv_path)
    assert csv_path.name.startswith("jutigums_baseline_2030_sobol_n16")
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "output,parameter,label,unit,S1,S1_conf,ST,ST_conf,rank,low,high"
    assert len(lines) == 1 + 2 * 38  # Latvia and Rīga, every parameter

    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    expect(page.get_by_text("Sobol indices, N = 16, 640 samples")).to_be_visible()
    expect(page.get_by_text("How to read this.")).to_be_visible()
    expect(page.locator(CHARTS)).to_have_count(2)  # the results survive the switch
    expect(page.locator(CHARTS).first).to_contain_text("What drives the uncertainty of the gap")
    screenshot(page, "sensitivity_sobol_en")

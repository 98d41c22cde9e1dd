"""The app in a real browser: language switch, municipality choice, chart downloads.

Screenshots of every view are saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS


def _open(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def test_latvian_by_default_then_english(page: Page, app_url: str) -> None:
    _open(page, app_url)
    expect(page.locator("h1", has_text="Valsts kopskats")).to_be_visible()
    expect(page.get_by_text("Daļa datu ir sintezēta.")).to_be_visible()
    screenshot(page, "overview_lv")
    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="National overview")).to_be_visible()
    expect(page.get_by_text("Part of the data is synthesized.")).to_be_visible()
    screenshot(page, "overview_en")


def test_municipality_view(page: Page, app_url: str) -> None:
    _open(page, app_url)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Pašvaldība").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="Pašvaldības skats")).to_be_visible()
    select = page.get_by_role("combobox", name="Pašvaldība", exact=True)
    before = select.input_value()
    select.click()
    options = page.locator("[role='listbox'] [role='option']")
    expect(options.nth(1)).to_be_visible()
    choice = options.nth(1).inner_text().strip()
    options.nth(1).click()
    wait_for_app(page)
    assert select.input_value() == choice != before
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    screenshot(page, "municipality")


def test_data_view(page: Page, app_url: str) -> None:
    _open(page, app_url)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Dati un to izcelsme").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="Dati un to izcelsme")).to_be_visible()
    screenshot(page, "data")


def test_chart_downloads(page: Page, app_url: str, tmp_path: Path) -> None:
    _open(page, app_url)
    with page.expect_download() as png_info:
        page.get_by_role("button", name="PNG attēls").first.click()
    png = png_info.value
    assert png.suggested_filename.endswith(".png")
    png_path = tmp_path / png.suggested_filename
    png.save_as(png_path)
    assert png_path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Dati (CSV)").first.click()
    csv = csv_info.value
    assert csv.suggested_filename.endswith(".csv")
    csv_path = tmp_path / csv.suggested_filename
    csv.save_as(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "year,school_year,demand_fte,supply_fte,gap_fte"
    assert len(lines) > 10


def _nav(page: Page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    wait_for_app(page)


def _gap_value(page: Page) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text="Iztrūkums").first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def _move_slider(page: Page, label: str, key: str, times: int) -> None:
    thumb = page.locator("[data-testid='stSlider']", has_text=label).get_by_role("slider")
    thumb.focus()
    for _ in range(times):
        thumb.press(key)


def test_builder_lever_run_and_downloads(page: Page, app_url: str, tmp_path: Path) -> None:
    _open(page, app_url)
    _nav(page, "Scenāriju veidotājs")
    expect(page.locator("h1", has_text="Scenāriju veidotājs")).to_be_visible()
    _move_slider(page, "Mācību stundu daļa likmē", "ArrowLeft", 5)  # 0.65 -> 0.60
    page.get_by_role("button", name="Aprēķināt").click()
    wait_for_app(page)
    first = _gap_value(page)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    expect(chart).to_be_visible()
    _move_slider(page, "Jauno pedagogu noturēšana", "ArrowRight", 30)  # retention 0 -> 0.30
    page.get_by_role("button", name="Aprēķināt").click()
    wait_for_app(page)
    second = _gap_value(page)
    assert first != second, (first, second)
    screenshot(page, "builder")

    with page.expect_download() as png_info:
        page.get_by_role("button", name="PNG attēls").first.click()
    png_path = tmp_path / png_info.value.suggested_filename
    png_info.value.save_as(png_path)
    assert png_path.name.startswith("salidzinajums_")
    assert png_path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Dati (CSV)").first.click()
    csv_path = tmp_path / csv_info.value.suggested_filename
    csv_info.value.save_as(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "year,school_year,scenario,series,fte"
    assert any(", mainīts" in line for line in lines) and any("Bāzes" in line for line in lines)


def test_region_rollup_view(page: Page, app_url: str) -> None:
    _open(page, app_url)
    _nav(page, "Pašvaldība")
    page.locator("[data-testid='stButtonGroup'] button", has_text="Plānošanas reģions").click()
    wait_for_app(page)
    expect(page.get_by_text("plānošanas reģions ·").first).to_be_visible()
    expect(page.get_by_text("Salīdzinājums ar valsti")).to_be_visible()
    screenshot(page, "region")


def test_calibration_view(page: Page, app_url: str) -> None:
    _open(page, app_url)
    _nav(page, "Kalibrēšana un ticamība")
    expect(page.locator("h1", has_text="Kalibrēšana un ticamība")).to_be_visible()
    screenshot(page, "calibration")

"""Policy staff take a chart and a table into a Latvian report (issue #18, journey 4).

In Chromium, in Latvian: the national demand/supply chart as PNG and PDF, the heat map's table
and Kuldīga's year-by-year vacancy table as XLSX and as the Latvian-Excel CSV; the test opens
every file and checks what a report needs (Latvian headers, names beside codes, school years
"2025./2026.", ``;`` and a decimal comma, the BOM) and that no download label is cut short.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS
BOM = b"\xef\xbb\xbf"
#: A number written with a decimal point (what a Latvian Excel would misread).
DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
KULDIGA = "LV0033000"


def _download(page: Page, button: Locator, folder: Path) -> Path:
    with page.expect_download() as info:
        button.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    assert path.stat().st_size > 0, path.name
    return path


def _button(page: Page, key: str) -> Locator:
    """The download button drawn with widget key `key`."""
    return page.locator(f".st-key-{key} button").first


def _cut_labels(page: Page) -> list[str]:
    """Download buttons whose label does not fit (the browser would end it with "…")."""
    return list(
        page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=\"stDownloadButton\"] button')]"
            ".filter(b => b.offsetWidth > 0 && b.scrollWidth > b.clientWidth + 1)"
            ".map(b => b.innerText)"
        )
    )


def _english_exports_shown(page: Page) -> list[str]:
    """Streamlit's own English export buttons on tables and charts that can be seen."""
    return list(
        page.evaluate(
            '() => [...document.querySelectorAll(\'[data-testid="stElementToolbarButton"] '
            "button')].filter(b => b.offsetWidth > 0).map(b => b.getAttribute('aria-label'))"
            ".filter(l => ['Download as CSV', 'Download as PNG', 'Show data'].includes(l))"
        )
    )


def _latvian_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(BOM), path.name
    rows = [line.split(";") for line in data.decode("utf-8-sig").splitlines()]
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows), path.name
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if DECIMAL_POINT.match(c)], path.name
    assert any(DECIMAL_COMMA.match(c) for c in cells), path.name
    return rows


def _workbook(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    assert path.read_bytes().startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    assert book.sheetnames == ["dati", "metadati"]
    return list(book["dati"].iter_rows(values_only=True)), list(
        book["metadati"].iter_rows(values_only=True)
    )


def test_chart_and_tables_for_a_latvian_report(page: Page, app_url: str, tmp_path: Path) -> None:
    page.goto(app_url)
    wait_for_app(page)
    expect(page.locator("h1", has_text="Valsts kopskats")).to_be_visible()
    assert _cut_labels(page) == []
    # The served app: no Deploy button, no developer menu, no English export buttons.
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    expect(page.locator("[data-testid='stMainMenu']")).to_have_count(0)
    page.locator("[data-testid='stVegaLiteChart']").first.hover()
    assert _english_exports_shown(page) == []

    png = _download(page, _button(page, "balance_png"), tmp_path)
    assert png.name.endswith(".png") and png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 10_000
    pdf = _download(page, _button(page, "balance_pdf"), tmp_path)
    assert pdf.name.endswith(".pdf") and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 1_000

    # The heat map's table: its school year, municipality and subject names beside their codes.
    heat = _latvian_csv(_download(page, _button(page, "heat_report_csv"), tmp_path))
    assert heat[0][:5] == [
        "Mācību gads",
        "ATVK kods",
        "Pašvaldība",
        "Mācību priekšmeta kods",
        "Mācību priekšmets",
    ]
    assert len({row[0] for row in heat[1:]}) == 1 and re.fullmatch(r"\d{4}\./\d{4}\.", heat[1][0])
    assert "Iztrūkums, likmes" in heat[0]
    assert any(row[2] == "Rīga" for row in heat[1:])

    # Kuldīga's year-by-year vacancies, the table a municipality takes into its report.
    page.locator("[data-testid='stSidebarNav'] a", has_text="Pašvaldība").click()
    wait_for_app(page)
    select = page.get_by_role("combobox", name="Pašvaldība", exact=True)
    select.click()
    select.fill("Kuldīg")
    page.get_by_role("option", name="Kuldīgas novads").click()
    wait_for_app(page)
    expect(page.get_by_text("Kurzemes plānošanas reģions")).to_be_visible()
    assert _cut_labels(page) == []
    page.locator("[data-testid='stDataFrame']").first.hover()
    assert _english_exports_shown(page) == []
    screenshot(page, "report_tables_kuldiga")

    path = _download(page, _button(page, "muni_vacancy_table_report_csv"), tmp_path)
    assert path.name.endswith("_lv.csv") and KULDIGA in path.name
    rows = _latvian_csv(path)
    header = rows[0]
    assert header[:5] == [
        "Mācību gads",
        "ATVK kods",
        "Pašvaldība",
        "Mācību priekšmeta kods",
        "Mācību priekšmets",
    ]
    assert "Vakances, likmes" in header
    assert {row[0] for row in rows[1:]} >= {"2025./2026.", "2030./2031."}
    assert {row[2] for row in rows[1:]} == {"Kuldīgas novads"}
    assert "Matemātika" in {row[4] for row in rows[1:]}

    data, meta = _workbook(_download(page, _button(page, "muni_vacancy_table_xlsx"), tmp_path))
    assert list(data[0][:5]) == header[:5]
    assert any(r[0] == "2025./2026." and r[2] == "Kuldīgas novads" for r in data[1:])
    vacancies = header.index("Vakances, likmes")
    assert all(isinstance(r[vacancies], int | float) for r in data[1:])  # numbers, not text
    meta_text = " ".join(str(cell) for row in meta for cell in row if cell is not None)
    assert "Daļa datu ir sintezēta" in meta_text and "Bāzes scenārijs" in meta_text
    assert re.search(r"[0-9a-f]{64}", meta_text)  # model and data hashes


def test_english_table_follows_the_language(page: Page, app_url: str, tmp_path: Path) -> None:
    page.goto(app_url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebar'] label", has_text="English").click()
    wait_for_app(page)
    expect(page.locator("h1", has_text="National overview")).to_be_visible()
    path = _download(page, _button(page, "balance_report_csv"), tmp_path)
    assert path.name.endswith("_en.csv") and path.read_bytes().startswith(BOM)
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == 'School year,"Demand, FTE","Supply, FTE","Gap, FTE"'
    assert lines[3].startswith("2025/26,")

"""The users' journeys end to end in Chromium, in Latvian (issue #18).

(1) A ministry planner raises pay growth and the STEM study places in the scenario builder,
runs, shows the what-if on every page and reads on the Overview which subjects are short in
2030./2031., against the baseline. (2) A municipal education board (Kuldīga) opens that what-if
on its page, reads the next five school years by subject, compares it with the baseline and
downloads the years as XLSX. (3) Policy staff take the municipality's chart (PNG, PDF) and its
coming years' table (the Latvian-Excel CSV) into a report. An analyst reads the backtest errors
by lead on the Calibration page and takes them as a workbook. And the ensemble of the
Uncertainty page survives a reload and gives the municipality's shortage probability by year.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import Locator, Page, expect

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.indicators.near_term import near_term_years
from ikm_sim.settings import FINAL_YEAR
from tests.e2e.conftest import E2E_MARKS, screenshot, wait_for_app

pytestmark = E2E_MARKS
BOM = b"\xef\xbb\xbf"
KULDIGA = "LV0033000"
#: The coming school years, as the Latvian interface writes them.
COMING = [f"{y}./{y + 1}." for y in near_term_years(range(BASE_YEAR, FINAL_YEAR + 1))]
DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")


def _nav(page: Page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    wait_for_app(page)


def _button(page: Page, key: str) -> Locator:
    """The button drawn with widget key `key`."""
    return page.locator(f".st-key-{key} button").first


def _download(page: Page, button: Locator, folder: Path) -> Path:
    with page.expect_download() as info:
        button.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    assert path.stat().st_size > 0, path.name
    return path


def _move_slider(page: Page, label: str, key: str, times: int) -> None:
    # anchored: "Studiju vietas: STEM" must not also find "Papildu studiju vietas: STEM"
    starts = re.compile(rf"^{re.escape(label)}")
    thumb = page.locator("[data-testid='stSlider']", has_text=starts).get_by_role("slider")
    thumb.focus()
    for _ in range(times):
        thumb.press(key)


def _metric(page: Page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def _choose(page: Page, combobox: str, typed: str, option: str) -> None:
    select = page.get_by_role("combobox", name=combobox, exact=True)
    select.click()
    select.fill(typed)
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def _workbook(path: Path) -> tuple[list[tuple[object, ...]], str]:
    """The data rows and the metadata sheet's text of a downloaded workbook."""
    assert path.read_bytes().startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    assert book.sheetnames == ["dati", "metadati"]
    meta = " ".join(
        str(c) for row in book["metadati"].iter_rows(values_only=True) for c in row if c
    )
    return list(book["dati"].iter_rows(values_only=True)), meta


def _build_what_if(page: Page) -> None:
    """In the builder: more pay growth and STEM study places, run, show it on every page."""
    _nav(page, "Scenāriju veidotājs")
    _move_slider(page, "Algas reālais pieaugums", "ArrowRight", 4)
    _move_slider(page, "Studiju vietas: STEM", "ArrowRight", 6)
    page.get_by_role("button", name="Aprēķināt").click()
    wait_for_app(page)
    expect(page.get_by_text("ir jūsu scenāriju sarakstā sānjoslā")).to_be_visible()
    page.get_by_role("button", name="Rādīt visās lapās").click()
    wait_for_app(page)
    expect(page.get_by_text("Visas lapas rāda šo scenāriju.")).to_be_visible()
    sidebar = page.get_by_role("combobox", name="Scenārijs", exact=True)
    assert sidebar.input_value().startswith("Mans: "), sidebar.input_value()


def test_planner_what_if_against_the_baseline(page: Page, app_url: str, tmp_path: Path) -> None:
    # The cards follow a chosen school year (default the coming one, which no lever reaches
    # yet); the planner's link opens them at 2030./2031., and the year stays across pages.
    page.goto(f"{app_url}/?year=2030")
    wait_for_app(page)
    expect(page.get_by_text("Rādītāji 2030./2031. mācību gadā")).to_be_visible()
    baseline_gap = _metric(page, "Iztrūkums")
    _build_what_if(page)
    _nav(page, "Valsts kopskats")
    expect(page.locator("h1", has_text="Valsts kopskats")).to_be_visible()
    expect(page.get_by_text("Rādītāji 2030./2031. mācību gadā")).to_be_visible()
    assert _metric(page, "Iztrūkums") != baseline_gap
    screenshot(page, "journey_planner_overview")
    # The heat map is of 2030./2031. by default: which subjects are short, in which places.
    heat = _download(page, _button(page, "heat_xlsx"), tmp_path)
    assert "_2030_" in heat.name, heat.name
    rows, meta = _workbook(heat)
    header = list(rows[0])
    assert "Mācību priekšmets" in header and "Iztrūkums, likmes" in header
    subject = header.index("Mācību priekšmets")
    assert len({r[subject] for r in rows[1:]}) > 3
    assert "Mans: " in meta
    # The subjects ranked by their gap in 2030./2031.: which are short.
    heading = "Mācību priekšmeti pēc iztrūkuma 2030./2031. mācību gadā"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    rows, meta = _workbook(_download(page, _button(page, "ranking_xlsx"), tmp_path))
    header = list(rows[0])
    for column in ("Mācību gads", "Vieta", "Mācību priekšmets", "Iztrūkums, likmes"):
        assert column in header, header
    assert {r[header.index("Mācību gads")] for r in rows[1:]} == {"2030./2031."}
    gap, name = header.index("Iztrūkums, likmes"), header.index("Mācību priekšmets")
    short = [r[name] for r in rows[1:] if isinstance(r[gap], int | float) and r[gap] > 0]
    assert short and all(isinstance(n, str) and not n.isupper() for n in short), short
    assert "Mans: " in meta


def test_municipality_reads_its_next_five_years(page: Page, app_url: str, tmp_path: Path) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _build_what_if(page)
    _nav(page, "Pašvaldība")
    _choose(page, "Pašvaldība", "Kuldīg", "Kuldīgas novads")
    # the cards and the comparison with Latvia are of the same chosen school year
    expect(page.get_by_text(f"Rādītāji {COMING[0]} mācību gadā")).to_have_count(2)
    heading = f"Nākamie pieci mācību gadi: {COMING[0]}–{COMING[-1]}"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    # the coming years, the every-fifth-year vacancies and the comparison with Latvia
    tables = page.locator("[data-testid='stDataFrame']")
    expect(tables).to_have_count(3)
    expect(tables.first).to_be_visible()
    # The whole years by subject, as a workbook: Latvian headers, names, school years.
    rows, meta = _workbook(_download(page, _button(page, "muni_near_term_table_xlsx"), tmp_path))
    header = list(rows[0])
    assert header[:5] == [
        "Mācību gads",
        "ATVK kods",
        "Pašvaldība",
        "Mācību priekšmeta kods",
        "Mācību priekšmets",
    ]
    for column in ("Vakances, likmes", "Iztrūkums, likmes", "Pieprasījums, likmes"):
        assert column in header, header
    assert sorted({str(r[0]) for r in rows[1:]}) == COMING
    assert {r[2] for r in rows[1:]} == {"Kuldīgas novads"}
    assert "Matemātika" in {r[4] for r in rows[1:]}
    assert "Mans: " in meta
    # Against the baseline, for Kuldīga.
    _choose(page, "Salīdzināt ar scenāriju", "Bāzes", "Bāzes scenārijs (pašreizējā politika)")
    expect(page.get_by_text("A: Bāzes scenārijs (pašreizējā politika)")).to_be_visible()
    expect(tables).to_have_count(4)
    expect(tables.last).to_be_visible()
    screenshot(page, "journey_municipality")


def test_policy_staff_take_the_coming_years_into_a_report(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _nav(page, "Pašvaldība")
    _choose(page, "Pašvaldība", "Kuldīg", "Kuldīgas novads")
    png = _download(page, _button(page, "muni_vacancies_png"), tmp_path)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and KULDIGA in png.name
    pdf = _download(page, _button(page, "muni_vacancies_pdf"), tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    path = _download(page, _button(page, "muni_near_term_table_report_csv"), tmp_path)
    data = path.read_bytes()
    assert data.startswith(BOM) and path.name.endswith("_lv.csv")
    rows = [line.split(";") for line in data.decode("utf-8-sig").splitlines()]
    assert rows[0][:5] == [
        "Mācību gads",
        "ATVK kods",
        "Pašvaldība",
        "Mācību priekšmeta kods",
        "Mācību priekšmets",
    ]
    assert sorted({r[0] for r in rows[1:]}) == COMING
    cells = [c for r in rows[1:] for c in r]
    assert not [c for c in cells if DECIMAL_POINT.match(c)]


def test_analyst_reads_backtest_errors_by_lead(page: Page, app_url: str, tmp_path: Path) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _nav(page, "Kalibrēšana un ticamība")
    expect(page.locator("h1", has_text="Kalibrēšana un ticamība")).to_be_visible()
    expect(page.get_by_role("heading", name="Atpakaļtests: prognozes kļūdas")).to_be_visible()
    expect(page.get_by_text("Kļūdas pēc prognozes attāluma").first).to_be_visible()
    screenshot(page, "journey_analyst_calibration")
    rows, _ = _workbook(_download(page, _button(page, "calib_backtest_xlsx"), tmp_path))
    assert list(rows[0])[:4] == ["Rādītājs", "Prognoze", "Prognozes attālums, gadi", "MAPE, %"]
    assert {1, 2, 3} <= {r[2] for r in rows[1:]}
    assert "Pedagogi skolās" in {r[0] for r in rows[1:]}
    assert {"modelis", "bez izmaiņām"} <= {r[1] for r in rows[1:]}


def test_ensemble_survives_a_reload(page: Page, app_url: str) -> None:
    page.goto(app_url)
    wait_for_app(page)
    _nav(page, "Nenoteiktība")
    page.get_by_role("button", name="Aprēķināt diapazonu").click()
    wait_for_app(page)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts.first).to_be_visible()
    count = charts.count()
    # The scenario's title, not its file name.
    expect(page.get_by_text("Scenārijs Bāzes scenārijs (pašreizējā politika), 100")).to_be_visible()
    page.wait_for_url("**ensemble=100-**")
    page.reload()
    wait_for_app(page)
    expect(charts).to_have_count(count)
    expect(page.get_by_text("Vēl nav aprēķināts")).to_have_count(0)
    # The municipality's shortage probability by year, from that ensemble.
    _nav(page, "Pašvaldība")
    expect(
        page.get_by_text("Iztrūkuma varbūtība (iztrūkums virs 5 % no pieprasījuma)")
    ).to_be_visible()
    screenshot(page, "journey_probability")

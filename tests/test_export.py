"""Exports: images through vl-convert (offline), CSV/XLSX tables, small-cell suppression."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from ikm_sim import charts, export
from tests.ui.fakes import make_result

RESULT = make_result()


@pytest.fixture(scope="module")
def balance_lv():
    return charts.balance_chart(RESULT.supply_demand, "lv", "Bāzes scenārijs")


def test_png(balance_lv) -> None:
    png = export.chart_png(balance_lv, "lv")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


def test_svg_is_xml_with_latvian_title_and_numbers(balance_lv) -> None:
    svg = export.chart_svg(balance_lv, "lv")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode("utf-8")
    assert "Pedagogu pieprasījums un piedāvājums" in text
    assert "Mācību gads" in text
    assert "2025./2026." in text  # school-year tick labels
    # Latvian thousands separator (non-breaking space) on the y axis: e.g. "12 000".
    assert "\u00a0000" in text or "&#xa0;000" in text.lower() or "&#160;000" in text


def test_svg_english_uses_english_locale() -> None:
    chart = charts.balance_chart(RESULT.supply_demand, "en")
    text = export.chart_svg(chart, "en").decode("utf-8")
    assert "Teacher demand and supply" in text
    assert "2025/26" in text
    assert ",000" in text


def test_pdf(balance_lv) -> None:
    assert export.chart_pdf(balance_lv, "lv").startswith(b"%PDF")


def test_chart_table_is_the_drawn_data(balance_lv) -> None:
    table = export.chart_table(balance_lv)
    assert list(table.columns[:2]) == ["year", "school_year"]
    assert len(table) == RESULT.supply_demand["year"].nunique()


def test_csv_has_bom_and_reads_back() -> None:
    df = pd.DataFrame({"pašvaldība": ["Rīga", "Ādaži"], "vakances_fte": [1.5, 2.0]})
    data = export.table_csv(df)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, df)


def test_xlsx_round_trip() -> None:
    df = pd.DataFrame(
        {
            "year": [2023, 2024],
            "region": ["LV0001000", "LV0021000"],
            "gap_fte": [12.5, -3.0],
            "name": ["Rīga", "Alūksnes novads"],
        }
    )
    data = export.table_xlsx(df, "rezultāti")
    assert data.startswith(b"PK")
    back = pd.read_excel(io.BytesIO(data), sheet_name="rezultāti", engine="openpyxl")
    pd.testing.assert_frame_equal(back, df)


def test_suppress_small_cells() -> None:
    df = pd.DataFrame(
        {
            "region": ["A", "A", "B", "B"],
            "subject": ["MAT", "BIO", "MAT", "BIO"],
            "teachers": [0.0, 3.0, 12.0, 4.99],
            "hires": [1, 5, 0, 2],
            "demand_fte": [0.5, 2.0, 10.0, 1.0],
        }
    )
    out = export.suppress_small_cells(df, ["teachers", "hires"])
    assert out["teachers"].isna().tolist() == [False, True, False, True]
    assert out["hires"].isna().tolist() == [True, False, False, True]
    assert out.loc[0, "teachers"] == 0  # zeros disclose nobody and stay
    assert out["suppressed"].tolist() == [True, True, False, True]
    # FTE columns are not counts of persons and are untouched
    pd.testing.assert_series_equal(out["demand_fte"], df["demand_fte"])
    # the input is not modified
    assert df["teachers"].tolist() == [0.0, 3.0, 12.0, 4.99]
    # blanked cells are empty in the CSV
    csv = export.table_csv(out).decode("utf-8-sig").splitlines()
    assert csv[2].split(",")[2] == ""
    custom = export.suppress_small_cells(df, ["teachers"], threshold=10, flag_column="flag")
    assert np.isnan(custom.loc[3, "teachers"]) and custom["flag"].sum() == 2


def test_suppress_unknown_column() -> None:
    with pytest.raises(KeyError, match="nope"):
        export.suppress_small_cells(pd.DataFrame({"a": [1]}), ["nope"])

"""Exports: images through vl-convert (offline), CSV/XLSX tables, small-cell suppression."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

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
    # no English labels for screen readers (Vega's own: "X-axis titled …", "year: 2023; …")
    assert "axis titled" not in text and "year: " not in text and "fte: " not in text


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


# --- the export pack ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack_zip() -> bytes:
    import ikm_sim
    from ikm_sim.ui.caches import _to_results
    from ikm_sim.ui.packs import make_pack

    scenario = ikm_sim.load_scenario("pay_growth")
    result = make_result()
    result.meta = {
        "scenario": scenario.model_dump(mode="json", by_alias=True),
        "model_sha256": "abc123",
        "package_version": "0.1.0",
    }
    yaml_text = (Path(__file__).resolve().parents[1] / "scenarios" / "pay_growth.yaml").read_text(
        encoding="utf-8"
    )
    return make_pack(_to_results(result), yaml_text, "Algas aug", "lv")


def test_pack_members(pack_zip: bytes) -> None:
    import zipfile

    names = set(zipfile.ZipFile(io.BytesIO(pack_zip)).namelist())
    for ext in ("png", "svg", "pdf"):
        assert f"grafiki/pieprasijums_piedavajums.{ext}" in names
    for stem in ("valsts_kopsavilkums", "pasvaldibas_prieksmeti", "skoleni"):
        assert f"tabulas/{stem}.csv" in names and f"tabulas/{stem}.xlsx" in names
    assert {
        "scenarijs.yaml",
        "run.json",
        "PIEŅĒMUMI.md",
        "tabulas/pedagogi_pec_vecuma.csv",
    } <= names


def test_pack_publication_tables_are_suppressed(pack_zip: bytes) -> None:
    import zipfile

    zf = zipfile.ZipFile(io.BytesIO(pack_zip))
    for name, columns in (
        ("pasvaldibas_prieksmeti", ["hires", "leavers", "retirements", "teachers"]),
        ("pedagogi_pec_vecuma", ["teachers"]),
    ):
        table = pd.read_csv(io.BytesIO(zf.read(f"tabulas/{name}.csv")), encoding="utf-8-sig")
        assert table["suppressed"].any(), name
        for column in columns:
            values = table[column].dropna()
            assert not ((values > 0) & (values < 5)).any(), (name, column)
    xlsx = pd.read_excel(
        io.BytesIO(zf.read("tabulas/pasvaldibas_prieksmeti.xlsx")), engine="openpyxl"
    )
    # The workbook is the report table: Latvian headers, the flag in words.
    assert (xlsx["Slēpta šūna (1–4 personas)"] == "jā").any()
    national = pd.read_csv(io.BytesIO(zf.read("tabulas/valsts_kopsavilkums.csv")))
    assert "suppressed" not in national.columns  # national totals are not person-level cells


def test_pack_yaml_validates_and_note_is_latvian(pack_zip: bytes, tmp_path: Path) -> None:
    import json
    import zipfile

    import ikm_sim

    zf = zipfile.ZipFile(io.BytesIO(pack_zip))
    path = tmp_path / "scenarijs.yaml"
    path.write_bytes(zf.read("scenarijs.yaml"))
    assert ikm_sim.load_scenario(path).name == "pay_growth"
    assert json.loads(zf.read("run.json"))["model_sha256"] == "abc123"
    note = zf.read("PIEŅĒMUMI.md").decode("utf-8")
    assert "sintezēta" in note
    assert "Pedagogu alga pret vidējo algu" in note and "lineāri" in note
    assert "abc123" in note and "pasvaldibas_prieksmeti" in note


def test_describe_setting_forms() -> None:
    from ikm_sim.export_pack import describe_setting

    assert describe_setting("lesson_share", {"steps": {2026: 0.6}}) == "no 2026. gada 0,6"
    assert "lineāri" in describe_setting(
        "relative_pay", {"ramp": {"from": 2025, "to": 2031, "end": 1.19}}
    )
    assert describe_setting("births_variant", "low") == "zemais"
    text = describe_setting(
        "consolidation", {"national": 1.1, "planning_regions": {"Latgale": {"steps": {2026: 1.2}}}}
    )
    assert text.startswith("valstī 1,1") and "Latgale: no 2026. gada 1,2" in text
    assert describe_setting("relative_pay", {2026: 1.0, 2027: 1.03}).startswith("pa gadiem")


def test_every_lever_has_a_latvian_name_in_the_pack_note() -> None:
    """A lever added to the registry must get its Latvian name in the pack's assumptions note."""
    from ikm_sim.export_pack import LEVER_NAMES_LV
    from ikm_sim.scenario.registry import LEVERS

    assert sorted(set(LEVERS) - set(LEVER_NAMES_LV)) == []

"""Report-ready tables (ikm_sim.export_tables): headers, names, school years, rounding, files."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from ikm_sim import charts, export, export_tables
from ikm_sim.export_pack import PackTable, build_pack
from ikm_sim.export_tables import TableContext
from ikm_sim.locale.i18n import t
from tests.ui.fakes import MUNICIPALITY_NAMES, SUBJECT_NAMES_LV, make_result

RESULT = make_result()
META = {
    "scenario": {"name": "baseline", "title_lv": "Bāzes scenārijs"},
    "model_file": "teacher_workforce.mdl",
    "model_sha256": "abc123",
    "data_sha256": "def456",
    "package_version": "0.1.0",
    "run_at": "2026-12-07T00:00:00+00:00",
}
STATUS = pd.DataFrame(
    {"table": ["t", "t"], "status": ["published", "synthesized"], "rows": [10, 90]}
)
#: A noisy row: the float the issue quotes and a share.
NOISY = pd.DataFrame(
    {
        "year": [2025],
        "region": ["LV0001000"],
        "subject": ["MAT"],
        "demand_fte": [1234.5678],
        "gap_fte": [-1.5999999999999943],
        "teachers": [12.6],
        "share_60plus": [0.28346],
    }
)


def _ctx(lang: str) -> TableContext:
    subjects = SUBJECT_NAMES_LV if lang == "lv" else {"MAT": "Mathematics"}
    munis = MUNICIPALITY_NAMES if lang == "lv" else {"LV0001000": "Riga"}
    return TableContext(lang, subjects, munis, META, "Bāzes scenārijs", STATUS)


def test_report_table_latvian() -> None:
    table = export_tables.report_table(NOISY, _ctx("lv"))
    assert list(table.columns) == [
        "Mācību gads",
        "ATVK kods",
        "Pašvaldība",
        "Mācību priekšmeta kods",
        "Mācību priekšmets",
        "Pieprasījums, likmes",
        "Iztrūkums, likmes",
        "Pedagogi, personas",
        "Pedagogi vecumā 60+, %",
    ]
    row = table.iloc[0]
    assert row["Mācību gads"] == "2025./2026."
    assert row["Pašvaldība"] == "Rīga" and row["Mācību priekšmets"] == "Matemātika"
    assert row["Pieprasījums, likmes"] == pytest.approx(1234.6)
    assert row["Iztrūkums, likmes"] == pytest.approx(-1.6)
    assert row["Pedagogi, personas"] == 13
    assert row["Pedagogi vecumā 60+, %"] == pytest.approx(28.3)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("lv", ["līdz 29 gadiem", "30–49 gadi", "50–59 gadi", "60 gadu un vairāk"]),
        ("en", ["under 30", "30–49", "50–59", "60 and over"]),
    ],
)
def test_report_table_names_age_groups_in_words(lang: str, words: list[str]) -> None:
    """Age groups read as the age chart's legend does, not as the tidy table's codes."""
    by_age = pd.DataFrame(
        {
            "year": 2025,
            "region": "LV0001000",
            "subject": "MAT",
            "age_group": ["<30", "30-49", "50-59", "60+"],
            "teachers": 40.0,
        }
    )
    table = export_tables.report_table(by_age, _ctx(lang))
    assert table[t("col_age_group", lang)].tolist() == words
    assert export_tables.tidy_table(by_age)["age_group"].tolist() == [
        "<30",
        "30-49",
        "50-59",
        "60+",
    ]


def test_report_table_english() -> None:
    table = export_tables.report_table(NOISY, _ctx("en"))
    assert list(table.columns[:5]) == [
        "School year",
        "ATVK code",
        "Municipality",
        "Subject code",
        "Subject",
    ]
    assert "Demand, FTE" in table.columns and "Teachers aged 60+, %" in table.columns
    assert table.iloc[0]["School year"] == "2025/26"
    assert table.iloc[0]["Municipality"] == "Riga"


def test_latvian_csv_opens_in_latvian_excel() -> None:
    data = export_tables.report_csv(NOISY, _ctx("lv"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Mācību gads", "ATVK kods", "Pašvaldība"]
    assert lines[1] == "2025./2026.;LV0001000;Rīga;MAT;Matemātika;1234,6;-1,6;13;28,3"
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Iztrūkums, likmes"].iloc[0] == pytest.approx(-1.6)


def test_english_report_csv_is_comma_and_point() -> None:
    lines = export_tables.report_csv(NOISY, _ctx("en")).decode("utf-8-sig").splitlines()
    assert lines[1] == "2025/26,LV0001000,Riga,MAT,Mathematics,1234.6,-1.6,13,28.3"


def test_tidy_csv_keeps_codes_and_drops_float_noise() -> None:
    text = export_tables.tidy_csv(NOISY).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "year,region,subject,demand_fte,gap_fte,teachers,share_60plus"
    assert lines[1] == "2025,LV0001000,MAT,1234.568,-1.6,12.6,0.2835"
    assert "9999" not in text


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_xlsx_has_report_and_metadata_sheets(lang: str) -> None:
    data = export_tables.report_xlsx(RESULT.supply_demand, _ctx(lang), "pasvaldibas")
    assert data.startswith(b"PK")
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl")
    data_sheet, meta_sheet = ("dati", "metadati") if lang == "lv" else ("data", "metadata")
    assert list(sheets) == [data_sheet, meta_sheet]
    table = sheets[data_sheet]
    year = "Mācību gads" if lang == "lv" else "School year"
    assert table[year].iloc[0] == ("2023./2024." if lang == "lv" else "2023/24")
    assert len(table) == len(RESULT.supply_demand)
    meta = sheets[meta_sheet].fillna("").astype(str)
    text = " ".join(meta.iloc[:, 0].tolist() + meta.iloc[:, 1].tolist())
    for expected in ("abc123", "def456", "Bāzes scenārijs", "baseline"):
        assert expected in text
    assert ("sintezēta" if lang == "lv" else "synthesized") in text
    assert ("likmes" if lang == "lv" else "FTE") in text


def test_chart_table_in_a_report() -> None:
    chart = charts.balance_chart(RESULT.supply_demand, "lv", "Bāzes scenārijs")
    table = export_tables.report_table(export.chart_table(chart), _ctx("lv"))
    # The chart's localized school_year column is not repeated beside the year.
    assert list(table.columns) == [
        "Mācību gads",
        "Pieprasījums, likmes",
        "Piedāvājums, likmes",
        "Iztrūkums, likmes",
    ]


def test_suppressed_cells_stay_empty_and_the_flag_is_a_word() -> None:
    frame = export.suppress_small_cells(NOISY.assign(hires=[3.0]), ["hires"])
    table = export_tables.report_table(frame, _ctx("lv"))
    assert pd.isna(table["Pieņemti darbā, personas gadā"].iloc[0])
    assert table["Slēpta šūna (1–4 personas)"].iloc[0] == "jā"
    line = export_tables.report_csv(frame, _ctx("lv")).decode("utf-8-sig").splitlines()[1]
    assert line.endswith(";;jā")


def test_unknown_table_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown table download"):
        export_tables.table_file(NOISY, "ods", _ctx("lv"), "x")


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_pack_writes_every_table_three_ways(lang: str) -> None:
    tables = [PackTable("a", NOISY), PackTable("b", RESULT.pupils, xlsx=False)]
    zf = zipfile.ZipFile(io.BytesIO(build_pack({}, tables, "", META, "", lang, _ctx(lang))))
    names = set(zf.namelist())
    assert {"tabulas/a.xlsx", f"tabulas/a_{lang}.csv", "tabulas/a.csv"} <= names
    assert "tabulas/b.xlsx" not in names and f"tabulas/b_{lang}.csv" in names
    first = zf.read(f"tabulas/a_{lang}.csv").decode("utf-8-sig").splitlines()[0]
    assert first.startswith("Mācību gads;" if lang == "lv" else "School year,")


def test_a_table_with_its_own_names_and_a_variable_column() -> None:
    frame = pd.DataFrame(
        {
            "year": [2030],
            "region": ["LV0001000"],
            "region_name": ["Rīga"],
            "variable": ["gap_fte"],
            "p50": [1.23456],
        }
    )
    table = export_tables.report_table(frame, _ctx("lv"))
    columns = ["Mācību gads", "ATVK kods", "Pašvaldība", "Rādītājs", "P50 (mediāna)"]
    assert list(table.columns) == columns
    assert table.iloc[0]["Rādītājs"] == "Iztrūkums, likmes"
    assert table.iloc[0]["P50 (mediāna)"] == pytest.approx(1.2)


def test_cli_run_writes_the_report_tables(tmp_path) -> None:
    from typer.testing import CliRunner

    from ikm_sim.cli import app

    out = tmp_path / "run"
    result = CliRunner().invoke(
        app, ["run", "baseline", "--out", str(out), "--final-year", "2027", "--tables", "lv"]
    )
    assert result.exit_code == 0, result.output
    tables = out / "tabulas"
    names = {p.name for p in tables.iterdir()}
    for stem in ("valsts_kopsavilkums", "pasvaldibas_prieksmeti", "pedagogi_pec_vecuma", "skoleni"):
        assert {f"{stem}.xlsx", f"{stem}_lv.csv", f"{stem}.csv"} <= names
    lines = (tables / "pasvaldibas_prieksmeti_lv.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Mācību gads;ATVK kods;Pašvaldība;Mācību priekšmeta kods;")
    assert lines[1].startswith("2023./2024.;LV0001000;Rīga;")
    assert (out / "supply_demand.csv").is_file()  # the machine-readable results stay


def test_cli_run_refuses_an_unknown_table_language(tmp_path) -> None:
    from typer.testing import CliRunner

    from ikm_sim.cli import app

    result = CliRunner().invoke(
        app, ["run", "baseline", "--out", str(tmp_path / "x"), "--tables", "de"]
    )
    assert result.exit_code == 1
    assert "--tables de: use lv or en" in result.output
    assert not (tmp_path / "x").exists()


def test_money_tables_are_in_euros_with_school_years_and_names() -> None:
    # the Funding page's tables: money was headed "EUR, personas" and kept 3 decimals, the
    # price basis and levers were English codes, "to year" a calendar year
    money = pd.DataFrame(
        {
            "to_year": [2030, 2035],
            "lever": ["relative_pay", "retention"],
            "wage_bill_eur": [730492691.09, 748953808.754],
            "cum_gap_closed_fte_years": [5615.709, 12.34],
            "eur_per_fte_closed": [131004.685, float("nan")],
            "rank": [1.0, float("nan")],
            "prices": ["constant", "nominal"],
        }
    )
    lv = export_tables.report_table(money, TableContext(lang="lv"))
    assert list(lv.columns) == [
        "Līdz gadam",
        "Svira",
        "Algu fonds, EUR",
        "Slēgtais iztrūkums kopā, likmju gadi",
        "EUR par slēgto likmi",
        "Vieta",
        "Cenas",
    ]
    assert lv["Līdz gadam"].tolist() == ["2030./2031.", "2035./2036."]
    assert lv["Svira"].tolist()[0] != "relative_pay" and "alga" in lv["Svira"].tolist()[0].lower()
    assert lv["Algu fonds, EUR"].tolist() == [730492691.0, 748953809.0]
    assert lv["Slēgtais iztrūkums kopā, likmju gadi"].tolist() == [5615.7, 12.3]
    assert lv["Cenas"].tolist() == ["2025. gada cenās", "nominālās cenās"]
    en = export_tables.report_table(money, TableContext(lang="en"))
    assert "Wage bill, EUR" in en.columns and "To year" in en.columns
    assert en["Prices"].tolist() == ["constant 2025 prices", "nominal prices"]


def test_percentile_tables_name_their_quantity_and_the_ensemble() -> None:
    fan = pd.DataFrame(
        {
            "year": [2030],
            "variable": ["gap_fte"],
            "p5": [359.4671],
            "p50": [1181.089],
            "p95": [2000.0],
        }
    )
    ctx = TableContext(
        lang="lv",
        run_meta={"scenario": {"name": "baseline"}, "ensemble": {"n": 100, "seed": 20250}},
    )
    table = export_tables.report_table(fan, ctx)
    assert list(table.columns) == [
        "Mācību gads",
        "Rādītājs",
        "P5 (5. procentile)",
        "P50 (mediāna)",
        "P95 (95. procentile)",
    ]
    assert table.iloc[0]["Rādītājs"] == "Iztrūkums, likmes"
    assert table.iloc[0]["P5 (5. procentile)"] == pytest.approx(359.5)
    meta = export_tables.metadata_table(fan, ctx, "diapazons_iztrukums")
    text = " ".join(meta.iloc[:, 1].astype(str))
    assert "100 paraugi, sēkla 20250" in text and "baseline" in text


def test_a_municipalitys_small_counts_of_persons_are_blanked_in_every_download() -> None:
    ages = pd.DataFrame(
        {"age": [21, 22, 45], "teachers": [1.0, 4.4, 37.0], "share_60plus": [0.0, 0.0, 0.1]}
    )
    ctx = TableContext(lang="lv", small_area=True)
    table = export_tables.report_table(ages, ctx)
    assert table["Pedagogi, personas"].isna().tolist() == [True, True, False]
    assert table["Slēpta šūna (1–4 personas)"].tolist() == ["jā", "jā", "nē"]
    tidy = export_tables.table_file(ages, "tidy_csv", ctx, "vecums").decode("utf-8-sig")
    assert ",1.0," not in tidy and "4.4" not in tidy and "37.0" in tidy
    meta = export_tables.metadata_table(ages, ctx, "vecums")
    assert "1 līdz 4" in " ".join(meta.iloc[:, 1].astype(str))
    # national tables keep every count
    national = export_tables.report_table(ages, TableContext(lang="lv"))
    assert national["Pedagogi, personas"].tolist() == [1, 4, 37]


def test_percentiles_round_as_their_quantity() -> None:
    fan = pd.DataFrame(
        {
            "year": [2030, 2030, 2030],
            "variable": ["pupils", "first_graders", "gap_fte"],
            "p50": [216612.37, 20818.6, 359.4671],
        }
    )
    table = export_tables.report_table(fan, TableContext(lang="lv"))
    assert table["Rādītājs"].tolist() == [
        "Skolēni, personas",
        "Pirmklasnieki, personas",
        "Iztrūkums, likmes",
    ]
    assert table["P50 (mediāna)"].tolist() == [216612.0, 20819.0, 359.5]


def test_no_negative_zero_in_a_report() -> None:
    table = export_tables.report_table(
        pd.DataFrame({"gap_closed_fte": [-0.01, 0.04]}), TableContext(lang="lv")
    )
    values = table.iloc[:, 0].tolist()
    assert values == [0.0, 0.0] and all(str(v) == "0.0" for v in values)

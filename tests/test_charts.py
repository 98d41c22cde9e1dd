"""Chart builders: checked through the Vega-Lite spec (``chart.to_dict()``)."""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ikm_sim import charts
from ikm_sim.charts._base import every_nth_year, school_year_expr
from ikm_sim.export_columns import suppressed
from ikm_sim.locale.formatting import NBSP, year_range_label
from tests.ui.fakes import MUNICIPALITY_NAMES, REGIONS, SUBJECT_NAMES_LV, YEARS, make_result

RESULT = make_result()


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.to_dict()


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    (values,) = spec["datasets"].values()
    return values


def _titles(spec: dict[str, Any]) -> tuple[str, list[str]]:
    title = spec["title"]
    text = title["text"]
    return (" ".join(text) if isinstance(text, list) else text), title["subtitle"]


def _axis_titles(spec: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("title"), str) and "field" in node:
                found.add(node["title"])
            axis = node.get("axis")
            if isinstance(axis, dict) and isinstance(axis.get("title"), str):
                found.add(axis["title"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec.get("layer", spec.get("encoding")))
    if "layer" in spec:
        for layer in spec["layer"]:
            walk(layer.get("encoding"))
    return found


ALL_CHARTS = {
    "balance": lambda lang: charts.balance_chart(RESULT.supply_demand, lang, "Bāze"),
    "age": lambda lang: charts.age_chart(RESULT.teachers_by_age, 2030, lang),
    "age_subject": lambda lang: charts.age_chart(
        RESULT.teachers_by_age, 2030, lang, by_subject=True, subject_names=SUBJECT_NAMES_LV
    ),
    "heat": lambda lang: charts.gap_heatmap(
        RESULT.supply_demand, 2035, lang, 3, SUBJECT_NAMES_LV, MUNICIPALITY_NAMES
    ),
    "entrants": lambda lang: charts.entrants_chart(RESULT.supply_demand, lang, SUBJECT_NAMES_LV),
    "vacancies": lambda lang: charts.vacancies_chart(
        RESULT.supply_demand, REGIONS[1], lang, SUBJECT_NAMES_LV, MUNICIPALITY_NAMES
    ),
    "pupils": lambda lang: charts.pupils_chart(RESULT.pupils, REGIONS[1], lang, MUNICIPALITY_NAMES),
    "provenance": lambda lang: charts.provenance_chart(
        pd.DataFrame(
            {
                "table": ["pupils", "pupils", "births"],
                "status": ["published", "synthesized", "published"],
                "rows": [10, 90, 30],
            }
        ),
        lang,
    ),
}


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_chart_has_titles_locale_and_inline_data(name: str, lang: str) -> None:
    chart = ALL_CHARTS[name](lang)
    spec = _spec(chart)
    title, subtitle = _titles(spec)
    assert title
    note = "Sintezēti dati" if lang == "lv" else "Synthesized data"
    assert any(note in line for line in subtitle)
    number = spec["config"]["locale"]["number"]
    if lang == "lv":
        assert number["decimal"] == "," and number["thousands"] == NBSP
    else:
        assert number["decimal"] == "." and number["thousands"] == ","
    assert "url" not in json.dumps(spec.get("data", {}))
    assert 0 < len(_rows(spec)) <= 5000
    assert spec["description"].startswith(title.split(",")[0][:10])


@pytest.mark.parametrize(
    ("lang", "title", "axes"),
    [
        (
            "lv",
            "Pedagogu pieprasījums un piedāvājums",
            {"Mācību gads", "Likmes (pilnas slodzes ekvivalenti)"},
        ),
        ("en", "Teacher demand and supply", {"School year", "Full-time equivalents (FTE)"}),
    ],
)
def test_balance_chart(lang: str, title: str, axes: set[str]) -> None:
    spec = _spec(charts.balance_chart(RESULT.supply_demand, lang, "Bāze"))
    text, subtitle = _titles(spec)
    assert text.startswith(title)
    assert year_range_label(YEARS[0], YEARS[-1], lang) in text
    assert axes <= _axis_titles(spec)
    rows = _rows(spec)
    assert len(rows) == len(YEARS)
    assert {"year", "school_year", "demand_fte", "supply_fte", "gap_fte"} <= set(rows[0])
    first = rows[0]
    assert first["gap_fte"] == pytest.approx(first["demand_fte"] - first["supply_fte"])
    # x axis labels are school years, from a Vega expression
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["labelExpr"] == school_year_expr(lang)
    assert any("Bāze" in line for line in subtitle)
    # colours: demand/supply lines and shortage/surplus bands share one explicit scale
    colour = spec["layer"][2]["encoding"]["color"]["scale"]
    assert len(colour["domain"]) == 4


def test_age_chart_colours_and_rows() -> None:
    spec = _spec(charts.age_chart(RESULT.teachers_by_age, 2030, "lv"))
    rows = _rows(spec)
    assert len(rows) == 56  # ages 20..75
    assert spec["encoding"]["color"]["scale"]["domain"][-1] == "60 gadu un vairāk"
    assert spec["encoding"]["y"]["title"] == "Vecums, gadi"
    assert spec["encoding"]["x"]["title"] == "Pedagogu skaits"
    assert sum(r["teachers"] for r in rows) == pytest.approx(
        RESULT.teachers_by_age.query("year == 2030")["teachers"].sum()
    )
    by_subject = _spec(
        charts.age_chart(
            RESULT.teachers_by_age, 2030, "en", by_subject=True, subject_names=SUBJECT_NAMES_LV
        )
    )
    domain = by_subject["encoding"]["color"]["scale"]["domain"]
    assert domain[-1] == "Other subjects" and len(domain) == 8  # 7 largest subjects + other
    assert by_subject["encoding"]["color"]["scale"]["range"][-1] == "#999999"
    assert len(_rows(by_subject)) <= 56 * 8


def test_age_chart_one_municipality() -> None:
    spec = _spec(
        charts.age_chart(
            RESULT.teachers_by_age,
            2024,
            "lv",
            region=REGIONS[2],
            municipality_names=MUNICIPALITY_NAMES,
        )
    )
    _, subtitle = _titles(spec)
    assert "Aizkraukles novads" in " ".join(subtitle)
    assert "2024./2025." in _titles(spec)[0]


def test_a_municipalitys_age_chart_leaves_out_ages_of_a_countable_few() -> None:
    tba = RESULT.teachers_by_age
    one = tba[(tba["year"] == 2024) & (tba["region"] == REGIONS[2])]
    per_age = one.groupby("age")["teachers"].sum().round()
    few = set(per_age[(per_age > 0) & (per_age < 5)].index)
    assert few  # the fake has them
    spec = _spec(charts.age_chart(tba, 2024, "lv", region=REGIONS[2], hide_small=True))
    shown = {r["age"] for r in _rows(spec)}
    assert not shown & few and shown
    assert all(float(r["teachers"]).is_integer() for r in _rows(spec))  # persons, as its table
    assert "vecumi ar 1–4 pedagogiem nav rādīti" in " ".join(_titles(spec)[1])


def test_a_municipalitys_age_table_keeps_every_age_and_its_download_blanks_the_few() -> None:
    """The chart leaves the ages of 1–4 teachers out; its table keeps them, to be blanked."""
    tba = RESULT.teachers_by_age
    one = tba[(tba["year"] == 2024) & (tba["region"] == REGIONS[2])]
    per_age = one.groupby("age")["teachers"].sum().round()
    few = set(per_age[(per_age > 0) & (per_age < 5)].index)
    table = charts.age_table(tba, 2024, "lv", region=REGIONS[2])
    assert set(table["age"]) == set(per_age.index) and list(table.columns) == [
        "age",
        "group",
        "teachers",
    ]
    assert set(table["group"]) <= {
        "līdz 29 gadiem",
        "30–49 gadi",
        "50–59 gadi",
        "60 gadu un vairāk",
    }
    published = suppressed(table)
    assert set(published.loc[published["suppressed"], "age"]) == few
    assert published.loc[published["suppressed"], "teachers"].isna().all()


def test_heatmap_keeps_largest_gaps() -> None:
    data = charts.gap_heatmap_data(RESULT.supply_demand, 2035, top_n=2)
    assert data["region"].nunique() == 2
    assert "LV0001000" in set(data["region"])  # the large city has the largest gap
    spec = _spec(
        charts.gap_heatmap(
            RESULT.supply_demand, 2035, "en", 2, SUBJECT_NAMES_LV, MUNICIPALITY_NAMES
        )
    )
    rows = _rows(spec)
    assert len(rows) == 2 * 9
    assert {r["year"] for r in rows} == {2035}  # its table names the school year
    assert {"Municipality", "Subject", "Gap, FTE"} & _axis_titles(spec)
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["scale"]["scheme"] == "blueorange" and colour["scale"]["domainMid"] == 0
    assert spec["autosize"]["type"] == "pad"


def test_entrants_and_vacancies_charts() -> None:
    spec = _spec(charts.entrants_chart(RESULT.supply_demand, "lv", SUBJECT_NAMES_LV))
    rows = _rows(spec)
    assert len(rows) == len(YEARS) * 8
    assert spec["encoding"]["y"]["title"] == "Jaunie pedagogi gadā"
    total = sum(r["entrants_needed"] for r in rows)
    assert total == pytest.approx(RESULT.supply_demand["entrants_needed"].sum())

    vac = _spec(
        charts.vacancies_chart(
            RESULT.supply_demand, REGIONS[1], "en", SUBJECT_NAMES_LV, MUNICIPALITY_NAMES
        )
    )
    assert "Daugavpils" in _titles(vac)[0]
    assert vac["encoding"]["y"]["title"] == "Vacancies, FTE"
    # whole-number axis labels, never the same label twice (a few FTE in a small municipality)
    assert vac["encoding"]["y"]["axis"]["tickMinStep"] == 1
    assert sum(r["vacancies_fte"] for r in _rows(vac)) == pytest.approx(
        RESULT.supply_demand.query("region == @REGIONS[1]")["vacancies_fte"].sum()
    )


def test_vacancies_table_is_wide_with_school_years() -> None:
    table = charts.vacancies_table(RESULT.supply_demand, REGIONS[0], "lv", SUBJECT_NAMES_LV)
    assert table.columns[0] == "2023./2024."
    assert table.columns[-1] == f"{YEARS[-1]}./{YEARS[-1] + 1}."
    assert table.index.name == "Mācību priekšmets"
    assert "Mūzika" in table.index


def test_pupils_chart_grade_groups() -> None:
    data = charts.pupils_data(RESULT.pupils, None, "lv")
    assert set(data["grade_group"]) == {
        "1.–3. klase",
        "4.–6. klase",
        "7.–9. klase",
        "10.–12. klase",
    }
    assert data["pupils"].sum() == pytest.approx(RESULT.pupils["pupils"].sum())
    spec = _spec(charts.pupils_chart(RESULT.pupils, None, "en"))
    assert "All of Latvia" in _titles(spec)[0]
    assert len(_rows(spec)) == len(YEARS) * 4


def test_year_ticks() -> None:
    assert every_nth_year(range(2023, 2046)) == [2025, 2030, 2035, 2040, 2045]
    assert every_nth_year(range(2021, 2046))[0] == 2021
    assert every_nth_year([2023, 2024]) == [2023, 2024]


def test_compare_chart_spec_has_both_scenarios_dashed_base() -> None:
    base, edited = make_result(1).supply_demand, make_result(2).supply_demand
    chart = charts.compare_chart(base, edited, "lv", "Bāzes", "Mainīts")
    spec = chart.to_dict()
    assert spec["encoding"]["strokeDash"]["scale"]["domain"] == ["Bāzes", "Mainīts"]
    data = chart.data
    assert set(data["scenario"]) == {"Bāzes", "Mainīts"}
    assert set(data["series"]) == {"Pieprasījums", "Piedāvājums"}
    assert len(data) == 4 * base["year"].nunique()
    assert data["school_year"].iloc[0] == "2023./2024."
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_gap_change_chart_is_edited_minus_base() -> None:
    base, edited = make_result(1).supply_demand, make_result(2).supply_demand
    chart = charts.gap_change_chart(base, edited, "en", "Edited")
    data = chart.data.set_index("year")
    expected = edited.groupby("year")["gap_fte"].sum() - base.groupby("year")["gap_fte"].sum()
    assert np.allclose(data["gap_fte_diff"], expected.loc[data.index])
    title = chart.to_dict()["title"]["text"]
    assert " ".join(title if isinstance(title, list) else [title]).startswith("Change of the gap")
    wide = charts.compare_data(base, edited)
    assert {"vacancies_fte_diff", "demand_fte_a", "supply_fte_b"} <= set(wide.columns)


def test_heatmap_rows_follow_the_shortage_they_were_chosen_by() -> None:
    # A: +10 and −20 (net −10, shortage 10); B: +5 (net +5, shortage 5): A is chosen first
    sd = pd.DataFrame(
        {
            "year": 2035,
            "region": ["A", "A", "B"],
            "subject": ["MAT", "PRE", "MAT"],
            "gap_fte": [10.0, -20.0, 5.0],
            "demand_fte": [100.0, 100.0, 50.0],
            "supply_fte": [90.0, 120.0, 45.0],
        }
    )
    spec = _spec(charts.gap_heatmap(sd, 2035, "lv", top_n=2))
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["A", "B"]

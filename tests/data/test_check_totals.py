"""Checks of ``published_totals.csv``: units, breakdowns, keys, sums, superseding history."""

from __future__ import annotations

from pathlib import Path

from ikm_sim.data.check import check_data
from ikm_sim.data.load import load_data
from tests.data.test_check import _extend_to_all_municipalities, only, read_rows, write_rows

HEADER = ["series", "year", "atvk", "subject", "grade", "value", "unit", "status", "source_grade"]
SRC = "test: invented figure"


def add_totals(directory: Path, *rows: list[str]) -> None:
    path = directory / "published_totals.csv"
    existing = read_rows(path)
    write_rows(path, [*existing, *[[*r, SRC] for r in rows]])


def test_valid_totals_pass_and_load(mini_copy: Path) -> None:
    add_totals(
        mini_copy,
        ["pupils_1_12", "2024", "", "", "", "74000", "persons", "published", "B"],
        ["pupils_1_12", "2024", "LV0001000", "", "", "50000", "persons", "published", "B"],
        ["pupils_ukrainian", "2024", "LV0001000", "", "3", "120", "persons", "published", "B"],
        ["vacancies_general_fte", "2024", "LV0021000", "MAT", "", "2.5", "FTE", "published", "A"],
    )
    assert check_data(mini_copy) == []
    ds = load_data(mini_copy)
    assert len(ds.published_totals) == 4
    assert ds.published_totals["grade"].isna().sum() == 3


def test_unit_must_fit_the_series(mini_copy: Path) -> None:
    add_totals(mini_copy, ["pupils_1_12", "2024", "", "", "", "74000", "FTE", "published", "B"])
    assert only(check_data(mini_copy)) == (
        'published_totals.csv line 2, column "unit": "FTE" does not fit series "pupils_1_12"; '
        'expected "persons"'
    )


def test_breakdown_not_published_for_the_series(mini_copy: Path) -> None:
    add_totals(
        mini_copy, ["births", "2024", "LV0001000", "", "", "4000", "persons", "published", "A"]
    )
    assert only(check_data(mini_copy)) == (
        'published_totals.csv line 2, column "atvk": series "births" is published by nothing '
        "(national totals only); leave this cell empty"
    )


def test_duplicate_national_row(mini_copy: Path) -> None:
    row = ["pupils_grade_1", "2024", "", "", "", "5000", "persons", "published", "B"]
    add_totals(mini_copy, row, row)
    assert "duplicate key (series=pupils_grade_1, year=2024, atvk=, subject=, grade=)" in only(
        check_data(mini_copy)
    )


def test_unknown_municipality_and_bad_grade(mini_copy: Path) -> None:
    add_totals(
        mini_copy,
        ["pupils_ukrainian", "2024", "LV0099000", "", "13", "5", "persons", "published", "B"],
    )
    problems = check_data(mini_copy)
    assert len(problems) == 2, problems
    assert any('column "grade": "13"' in p for p in problems)
    assert any('"LV0099000" is not a known municipality' in p for p in problems)


def test_municipal_rows_above_the_national_total(mini_copy: Path) -> None:
    add_totals(
        mini_copy,
        ["pupils_1_12", "2024", "", "", "", "1000", "persons", "published", "B"],
        ["pupils_1_12", "2024", "LV0001000", "", "", "900", "persons", "published", "B"],
        ["pupils_1_12", "2024", "LV0021000", "", "", "200", "persons", "published", "B"],
    )
    assert only(check_data(mini_copy)) == (
        "published_totals.csv: pupils_1_12 in 2024 by municipality sums to 1100, more than "
        "the national total 1000 on line 2"
    )


def test_a_published_total_supersedes_history_in_the_total_checks(mini_copy: Path) -> None:
    _extend_to_all_municipalities(mini_copy)
    rows = read_rows(mini_copy / "history.csv")
    total = next(int(r[2]) for r in rows if r[0] == "pupils_1_12" and r[1] == "2023")
    add_totals(
        mini_copy,
        ["pupils_1_12", "2023", "", "", "", str(total + 2000), "persons", "published", "B"],
    )
    problem = only(check_data(mini_copy))
    assert problem.startswith(f"pupils.csv: pupils in 2023 sum to {total}, but published_totals")

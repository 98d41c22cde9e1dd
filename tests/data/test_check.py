"""`check_data` and `ikm-sim data check`: the mini fixture passes, corruptions are explained."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.data._csv import MAX_PER_KIND
from ikm_sim.data.check import check_data
from ikm_sim.data.schema import OFFICIAL_ATVK, TABLES

# --- helpers -------------------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(directory: Path, table: str, line: int, column: str, value: str) -> None:
    """Set one cell; `line` is the 1-based line number (header = 1)."""
    path = directory / f"{table}.csv"
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def get_cell(directory: Path, table: str, line: int, column: str) -> str:
    rows = read_rows(directory / f"{table}.csv")
    return rows[line - 1][rows[0].index(column)]


def rename_column(directory: Path, table: str, old: str, new: str) -> None:
    path = directory / f"{table}.csv"
    rows = read_rows(path)
    rows[0][rows[0].index(old)] = new
    write_rows(path, rows)


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


# --- the fixture ---------------------------------------------------------------------------


def test_fixture_passes(mini_dir: Path) -> None:
    assert check_data(mini_dir) == []


def test_fixture_has_every_table_and_the_expected_extent(mini_dir: Path) -> None:
    assert sorted(p.name for p in mini_dir.glob("*.csv")) == sorted(
        t.filename for t in TABLES.values()
    )
    codes = [r[0] for r in read_rows(mini_dir / "subjects.csv")[1:]]
    assert len(codes) == 17
    assert len(read_rows(mini_dir / "municipalities.csv")) == 4


def test_column_order_may_differ(mini_copy: Path) -> None:
    path = mini_copy / "pupils.csv"
    rows = read_rows(path)
    write_rows(path, [list(reversed(r)) for r in rows])
    assert check_data(mini_copy) == []


def test_bom_and_crlf_are_accepted(mini_copy: Path) -> None:
    path = mini_copy / "births.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert check_data(mini_copy) == []


def test_missing_directory(tmp_path: Path) -> None:
    message = only(check_data(tmp_path / "nowhere"))
    assert "nowhere" in message
    assert "not found" in message


# --- (1) files -----------------------------------------------------------------------------


def test_missing_file(mini_copy: Path) -> None:
    (mini_copy / "vacancies.csv").unlink()
    assert only(check_data(mini_copy)) == "vacancies.csv: missing file"


def test_misnamed_file_gets_did_you_mean(mini_copy: Path) -> None:
    (mini_copy / "vacancies.csv").rename(mini_copy / "vacancy.csv")
    assert 'vacancies.csv: missing file; did you mean "vacancy.csv"?' in check_data(mini_copy)


def test_non_utf8_file(mini_copy: Path) -> None:
    path = mini_copy / "municipalities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1257"))
    message = only(check_data(mini_copy))
    assert message.startswith("municipalities.csv line 2: not valid UTF-8")
    assert "0xee" in message  # "ī" of Rīga in the Baltic code page


def test_ragged_row(mini_copy: Path) -> None:
    path = mini_copy / "teachers.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[9] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = only(check_data(mini_copy))
    assert message.startswith("teachers.csv line 10: 8 fields, expected 7")


def test_empty_file(mini_copy: Path) -> None:
    (mini_copy / "births.csv").write_text("", encoding="utf-8")
    assert "births.csv: the file is empty" in only(check_data(mini_copy))


# --- (2) header ----------------------------------------------------------------------------


def test_missing_column(mini_copy: Path) -> None:
    path = mini_copy / "subjects.csv"
    write_rows(path, [r[:4] + r[5:] for r in read_rows(path)])
    message = only(check_data(mini_copy))
    assert message.startswith('subjects.csv: missing column "level"')
    assert "(expected columns: code, name_lv, name_en, area, level, split_groups)" in message


def test_misspelled_column_gets_did_you_mean(mini_copy: Path) -> None:
    rename_column(mini_copy, "curriculum", "subject", "subjct")
    problems = check_data(mini_copy)
    assert 'curriculum.csv line 1, column "subjct": unknown column; did you mean "subject"?' in (
        problems
    )
    assert any(p.startswith('curriculum.csv: missing column "subject"') for p in problems)


def test_repeated_column(mini_copy: Path) -> None:
    path = mini_copy / "births.csv"
    write_rows(path, [[*r, r[1]] for r in read_rows(path)])
    assert only(check_data(mini_copy)) == (
        'births.csv line 1, column "births": the column appears twice'
    )


# --- (3) types -----------------------------------------------------------------------------


def test_non_numeric_value(mini_copy: Path) -> None:
    set_cell(mini_copy, "pupils", 5, "pupils", "abc")
    assert only(check_data(mini_copy)) == (
        'pupils.csv line 5, column "pupils": found "abc", expected a number'
    )


def test_decimal_comma_gets_a_hint(mini_copy: Path) -> None:
    set_cell(mini_copy, "teachers", 3, "fte", "54,5")
    assert "use a decimal point" in only(check_data(mini_copy))


def test_int_must_be_whole(mini_copy: Path) -> None:
    set_cell(mini_copy, "teachers", 4, "age", "47.5")
    assert only(check_data(mini_copy)) == (
        'teachers.csv line 4, column "age": found "47.5", expected a whole number'
    )


def test_float_must_be_finite(mini_copy: Path) -> None:
    set_cell(mini_copy, "pupils", 3, "pupils", "inf")
    assert "expected a number" in only(check_data(mini_copy))


def test_bool_must_be_true_or_false(mini_copy: Path) -> None:
    set_cell(mini_copy, "subjects", 4, "split_groups", "yes")
    assert only(check_data(mini_copy)) == (
        'subjects.csv line 4, column "split_groups": found "yes", expected true or false'
    )


def test_empty_cell_in_a_required_column(mini_copy: Path) -> None:
    set_cell(mini_copy, "births", 3, "births", "")
    message = only(check_data(mini_copy))
    assert message.startswith('births.csv line 3, column "births": empty cell')


# --- (4) bounds, allowed values, patterns --------------------------------------------------


def test_negative_count(mini_copy: Path) -> None:
    set_cell(mini_copy, "pupils", 17, "pupils", "-3")
    assert only(check_data(mini_copy)) == (
        'pupils.csv line 17, column "pupils": "-3" is below the minimum 0'
    )


def test_above_maximum(mini_copy: Path) -> None:
    set_cell(mini_copy, "curriculum", 2, "grade", "13")
    assert 'curriculum.csv line 2, column "grade": "13" is above the maximum 12' in check_data(
        mini_copy
    )


def test_value_not_in_allowed_list(mini_copy: Path) -> None:
    set_cell(mini_copy, "subjects", 6, "level", "schol")
    message = only(check_data(mini_copy))
    assert message.startswith('subjects.csv line 6, column "level": "schol" is not allowed')
    assert 'did you mean "school"?' in message


def test_pattern(mini_copy: Path) -> None:
    set_cell(mini_copy, "births_by_municipality", 2, "atvk", "0001000")
    problems = check_data(mini_copy)
    assert (
        'births_by_municipality.csv line 2, column "atvk": "0001000" does not match the '
        r"pattern LV\d{7}" in problems
    )


# --- (5) keys ------------------------------------------------------------------------------


def test_duplicate_key(mini_copy: Path) -> None:
    path = mini_copy / "pupils.csv"
    rows = read_rows(path)
    write_rows(path, [*rows, rows[1]])
    message = only(check_data(mini_copy))
    assert message == (
        f"pupils.csv line {len(rows) + 1}: duplicate key "
        "(year=2021, atvk=LV0001000, grade=1); first on line 2"
    )


# --- (6) references ------------------------------------------------------------------------


def test_unknown_municipality_code(mini_copy: Path) -> None:
    set_cell(mini_copy, "teachers", 5, "atvk", "LV0099000")
    message = only(check_data(mini_copy))
    assert message.startswith(
        'teachers.csv line 5, column "atvk": "LV0099000" is not a known municipality '
        "(known: the 3 ATVK codes in municipalities.csv)"
    )


def test_municipality_code_that_is_not_official(mini_copy: Path) -> None:
    set_cell(mini_copy, "municipalities", 3, "atvk", "LV0055000")
    problems = check_data(mini_copy)
    assert any(
        p.startswith('municipalities.csv line 3, column "atvk": "LV0055000" is not one of the 42')
        and "Madonas novads" in p
        for p in problems
    )
    # the rows of the dropped municipality are now unknown elsewhere
    assert any(p.startswith("pupils.csv line 14") for p in problems)


def test_unknown_subject_code(mini_copy: Path) -> None:
    set_cell(mini_copy, "vacancies", 3, "subject", "MATH")
    message = only(check_data(mini_copy))
    assert message.startswith(
        'vacancies.csv line 3, column "subject": "MATH" is not a known subject (known: the 17'
    )
    assert message.endswith('did you mean "MAT"?')


# --- (7) totals and consistency ------------------------------------------------------------


def test_births_not_summing(mini_copy: Path) -> None:
    assert get_cell(mini_copy, "births", 6, "year") == "2020"
    national = int(get_cell(mini_copy, "births", 6, "births"))
    set_cell(mini_copy, "births", 6, "births", str(national + 500))
    message = only(check_data(mini_copy))
    assert message == (
        f"births_by_municipality.csv: births in 2020 sum to {national}, but births.csv line 6 "
        f"says {national + 500} (tolerance 0.5% or 1 person)"
    )


def test_births_within_tolerance(mini_copy: Path) -> None:
    national = int(get_cell(mini_copy, "births", 6, "births"))
    set_cell(mini_copy, "births", 6, "births", str(national + 1))
    assert check_data(mini_copy) == []


def test_births_year_without_national_row(mini_copy: Path) -> None:
    path = mini_copy / "births.csv"
    write_rows(path, read_rows(path)[:-1])
    assert only(check_data(mini_copy)) == (
        "births_by_municipality.csv: year 2023 has births by municipality but no row in births.csv"
    )


def test_history_low_above_value(mini_copy: Path) -> None:
    rows = read_rows(mini_copy / "history.csv")
    line = next(i for i, r in enumerate(rows, 1) if r[0] == "share_working_pensioners")
    set_cell(mini_copy, "history", line, "low", "0.2")
    assert only(check_data(mini_copy)) == (
        f'history.csv line {line}, column "low": 0.2 is above the value 0.14; '
        "expected low <= value <= high"
    )


def test_history_high_below_value(mini_copy: Path) -> None:
    rows = read_rows(mini_copy / "history.csv")
    line = next(i for i, r in enumerate(rows[1:], 2) if r[4])
    set_cell(mini_copy, "history", line, "high", "0.01")
    assert f'history.csv line {line}, column "high": 0.01 is below' in only(check_data(mini_copy))


def test_history_unit_must_fit_series(mini_copy: Path) -> None:
    set_cell(mini_copy, "history", 2, "unit", "FTE")
    assert only(check_data(mini_copy)) == (
        'history.csv line 2, column "unit": "FTE" does not fit series "pupils_1_12"; '
        'expected "persons"'
    )


def test_fte_above_two_and_a_half_times_headcount(mini_copy: Path) -> None:
    set_cell(mini_copy, "teachers", 2, "fte", "100")
    heads = get_cell(mini_copy, "teachers", 2, "headcount")
    assert only(check_data(mini_copy)) == (
        f'teachers.csv line 2, column "fte": 100 FTE is more than 2.5 × headcount ({heads})'
    )


def test_workload_periods_overlap(mini_copy: Path) -> None:
    set_cell(mini_copy, "workload_rules", 3, "year_from", "2020")
    assert only(check_data(mini_copy)) == (
        'workload_rules.csv line 3, column "year_from": the period from 2020 overlaps the '
        "period on line 2, which runs to 2022"
    )


def test_workload_period_reversed(mini_copy: Path) -> None:
    set_cell(mini_copy, "workload_rules", 2, "year_to", "1999")
    assert "is before year_from 2000" in only(check_data(mini_copy))


def test_regional_extract_skips_national_totals(mini_copy: Path) -> None:
    set_cell(mini_copy, "history", 2, "value", "215000")
    assert check_data(mini_copy) == []


def _extend_to_all_municipalities(directory: Path) -> None:
    """Add the other official municipalities with zero pupils and teachers (totals unchanged)."""
    mun = read_rows(directory / "municipalities.csv")
    present = {r[0] for r in mun[1:]}
    extra = [c for c in OFFICIAL_ATVK if c not in present]
    for code in extra:
        kind = "state_city" if code < "LV0020000" else "novads"
        name = f"Test {code}"
        mun.append([code, name, name, "Latgale", kind, "1000", "2024", "derived"])
    write_rows(directory / "municipalities.csv", mun)
    pupils = read_rows(directory / "pupils.csv")
    pupils += [["2023", code, "1", "0", "derived"] for code in extra]
    write_rows(directory / "pupils.csv", pupils)
    teachers = read_rows(directory / "teachers.csv")
    teachers += [["2023", code, "MAT", "40", "0", "0", "derived"] for code in extra]
    write_rows(directory / "teachers.csv", teachers)


def test_national_totals_checked_when_all_municipalities_present(mini_copy: Path) -> None:
    _extend_to_all_municipalities(mini_copy)
    assert check_data(mini_copy) == []
    rows = read_rows(mini_copy / "history.csv")
    pupils_line = next(i for i, r in enumerate(rows, 1) if r[0] == "pupils_1_12" and r[1] == "2023")
    ped_line = next(i for i, r in enumerate(rows, 1) if r[0] == "pedagogues_general")
    pupils_total = int(rows[pupils_line - 1][2])
    set_cell(mini_copy, "history", pupils_line, "value", str(pupils_total + 1000))
    set_cell(mini_copy, "history", ped_line, "value", str(int(rows[ped_line - 1][2]) + 5))
    problems = check_data(mini_copy)
    assert len(problems) == 2, problems
    assert problems[0] == (
        f"pupils.csv: pupils in 2023 sum to {pupils_total}, but history.csv line {pupils_line} "
        f"(pupils_1_12) says {pupils_total + 1000} (tolerance 0.5%)"
    )
    assert problems[1].startswith("teachers.csv: school-level headcount in 2023 sums to ")
    assert f"history.csv line {ped_line} (pedagogues_general)" in problems[1]


# --- capping and no cascades ---------------------------------------------------------------


def test_repeated_messages_are_capped(mini_copy: Path) -> None:
    path = mini_copy / "pupils.csv"
    rows = read_rows(path)
    for r in rows[1:31]:
        r[3] = "-1"
    write_rows(path, rows)
    problems = check_data(mini_copy)
    assert len(problems) == MAX_PER_KIND + 1
    assert problems[-1] == 'pupils.csv, column "pupils": ... and 10 more like the above'


def test_several_problems_are_all_reported(mini_copy: Path) -> None:
    set_cell(mini_copy, "pupils", 5, "pupils", "abc")
    set_cell(mini_copy, "teachers", 5, "atvk", "LV0099000")
    (mini_copy / "retirement_age.csv").unlink()
    problems = check_data(mini_copy)
    assert len(problems) == 3
    assert {p.split(" ")[0].rstrip(":") for p in problems} == {
        "pupils.csv",
        "teachers.csv",
        "retirement_age.csv",
    }


# --- the command line ----------------------------------------------------------------------


def test_cli_check_passes_on_the_fixture(mini_dir: Path) -> None:
    result = CliRunner().invoke(app, ["data", "check", str(mini_dir)])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_cli_check_fails_on_a_corrupted_copy(mini_copy: Path) -> None:
    set_cell(mini_copy, "pupils", 17, "pupils", "-3")
    result = CliRunner().invoke(app, ["data", "check", str(mini_copy)])
    assert result.exit_code == 1
    assert "pupils.csv line 17" in result.output
    assert "below the minimum 0" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_check_on_a_missing_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["data", "check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "not found" in result.output
    assert "Traceback" not in result.output

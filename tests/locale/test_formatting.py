from __future__ import annotations

import math

import pytest

from ikm_sim.locale.formatting import (
    D3_NUMBER_LOCALES,
    MINUS,
    NBSP,
    check_lang,
    format_number,
    format_percent,
    format_quantity,
    school_year_label,
    year_range_label,
)


@pytest.mark.parametrize(
    ("value", "decimals", "lv", "en"),
    [
        (25986, 0, f"25{NBSP}986", "25,986"),
        (1234.5, 1, f"1{NBSP}234,5", "1,234.5"),
        (999, 0, "999", "999"),
        (0.25, 2, "0,25", "0.25"),
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
        (-1500, 0, f"{MINUS}1{NBSP}500", f"{MINUS}1,500"),
    ],
)
def test_format_number(value: float, decimals: int, lv: str, en: str) -> None:
    assert format_number(value, "lv", decimals) == lv
    assert format_number(value, "en", decimals) == en


def test_format_number_signed_and_zero() -> None:
    assert format_number(12.0, "lv", signed=True) == "+12"
    assert format_number(-12.0, "en", signed=True) == f"{MINUS}12"
    # Values that round to zero carry no sign.
    assert format_number(-0.2, "lv") == "0"
    assert format_number(0.04, "lv", 1, signed=True) == "0,0"


def test_missing_values() -> None:
    assert format_number(None, "lv") == "–"
    assert format_number(math.nan, "en") == "–"
    assert format_percent(math.nan, "lv") == "–"


def test_format_percent() -> None:
    assert format_percent(0.123, "lv") == f"12,3{NBSP}%"
    assert format_percent(0.123, "en") == "12.3%"
    assert format_percent(1, "lv", 0) == f"100{NBSP}%"


def test_school_year_labels() -> None:
    assert school_year_label(2025, "lv") == "2025./2026."
    assert school_year_label(2025, "en") == "2025/26"
    assert school_year_label(2099, "en") == "2099/00"
    assert year_range_label(2023, 2045, "lv") == "2023./2024.–2045./2046."
    assert year_range_label(2023, 2045, "en") == "2023/24–2045/46"


def test_format_quantity() -> None:
    assert format_quantity(1234, "likmes", "lv") == f"1{NBSP}234{NBSP}likmes"
    assert format_quantity(1234, "FTE", "en") == f"1,234{NBSP}FTE"


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        format_number(1, "de")
    assert check_lang("lv") == "lv"


def test_d3_locales_match_python_formats() -> None:
    lv = D3_NUMBER_LOCALES["lv"]
    assert lv["decimal"] == "," and lv["thousands"] == NBSP
    en = D3_NUMBER_LOCALES["en"]
    assert en["decimal"] == "." and en["thousands"] == ","

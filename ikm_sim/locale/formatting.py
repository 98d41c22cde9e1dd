"""Number, percentage and school-year formats for Latvian and English.

Latvian (``"lv"``) writes a decimal comma and groups thousands with a non-breaking space
(``"25 986"``, ``"1 234,5"``); English (``"en"``) writes a decimal point and a comma separator
(``"25,986"``, ``"1,234.5"``). The grouping space is U+00A0 so a number never breaks across
lines; charts use the same characters through the Vega-Lite locale (see `ikm_sim.charts`).

Babel (CLDR) is not used: its Latvian percent has no space ("12,3%") and its minus is a
hyphen, while the EU style guide for Latvian (10.5.2) and the Latvian Language Agency write
"15 %" with a non-breaking space, and the charts' d3-format writes U+2212. Its decimal mark
and grouping match the two lines of `format_number`, so a dependency would add nothing.

Years follow the data contract: ``year`` is the calendar year a school year starts in, so
2025 is the school year "2025./2026." (Latvian) or "2025/26" (English).
"""

from __future__ import annotations

import math
from typing import Literal

Lang = Literal["lv", "en"]

#: Languages the interface speaks; the first is the default.
LANGUAGES: tuple[Lang, ...] = ("lv", "en")
#: Thousands separator used in Latvian numbers (non-breaking space).
NBSP = "\u00a0"
#: Minus sign used for negative numbers (U+2212, typographic minus).
MINUS = "\u2212"
#: What an empty or missing value is shown as.
MISSING = "–"


def check_lang(lang: str) -> Lang:
    """Return `lang` if it is a supported language code.

    Parameters
    ----------
    lang : str
        ``"lv"`` or ``"en"``.

    Returns
    -------
    {"lv", "en"}
        The same code.

    Raises
    ------
    ValueError
        If the code is not supported.
    """
    if lang == "lv":
        return "lv"
    if lang == "en":
        return "en"
    raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")


def _is_missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(
    value: float | int | None, lang: str = "lv", decimals: int = 0, signed: bool = False
) -> str:
    r"""Format a number with the language's decimal mark and thousands separator.

    Parameters
    ----------
    value : float, int or None
        The number; None and NaN give ``"–"``.
    lang : {"lv", "en"}
        Language of the format.
    decimals : int
        Digits after the decimal mark (rounded as Python's ``format`` does).
    signed : bool
        Prefix positive numbers with ``"+"`` (for gaps and changes).

    Returns
    -------
    str
        E.g. ``"25 986"`` / ``"1 234,5"`` in Latvian, ``"25,986"`` / ``"1,234.5"`` in English;
        negative numbers use the minus sign U+2212.

    Examples
    --------
    >>> format_number(1234.5, "lv", 1)
    '1\xa0234,5'
    >>> format_number(1234.5, "en", 1)
    '1,234.5'
    """
    lang = check_lang(lang)
    if _is_missing(value):
        return MISSING
    assert value is not None
    text = f"{abs(value):,.{decimals}f}"
    if lang == "lv":
        text = text.replace(",", NBSP).replace(".", ",")
    # A value that rounds to zero carries no sign.
    is_zero = not any(ch in "123456789" for ch in text)
    if value < 0 and not is_zero:
        return MINUS + text
    if signed and value > 0 and not is_zero:
        return "+" + text
    return text


def format_percent(share: float | None, lang: str = "lv", decimals: int = 1) -> str:
    """Format a share (0–1) as a percentage.

    Parameters
    ----------
    share : float or None
        The share, 0.123 for 12.3 %; None and NaN give ``"–"``.
    lang : {"lv", "en"}
        Language of the format.
    decimals : int
        Digits after the decimal mark.

    Returns
    -------
    str
        ``"12,3 %"`` (with a non-breaking space, as Latvian typography writes it) or
        ``"12.3%"``.
    """
    lang = check_lang(lang)
    if _is_missing(share):
        return MISSING
    assert share is not None
    number = format_number(share * 100, lang, decimals)
    return f"{number}{NBSP}%" if lang == "lv" else f"{number}%"


def school_year_label(year: int, lang: str = "lv") -> str:
    """Label the school year that starts in calendar year `year`.

    Parameters
    ----------
    year : int
        Calendar year the school year starts in (the contract's ``year``).
    lang : {"lv", "en"}
        Language of the label.

    Returns
    -------
    str
        ``"2025./2026."`` in Latvian, ``"2025/26"`` in English.
    """
    lang = check_lang(lang)
    year = int(year)
    if lang == "lv":
        return f"{year}./{year + 1}."
    return f"{year}/{(year + 1) % 100:02d}"


def year_range_label(first: int, last: int, lang: str = "lv") -> str:
    """Label a span of school years, e.g. for a chart title.

    Parameters
    ----------
    first, last : int
        First and last contract years (start years of the school years).
    lang : {"lv", "en"}
        Language of the label.

    Returns
    -------
    str
        ``"2023./2024.–2045./2046."`` or ``"2023/24–2045/46"``.
    """
    return f"{school_year_label(first, lang)}–{school_year_label(last, lang)}"


def format_quantity(value: float | None, unit: str, lang: str = "lv", decimals: int = 0) -> str:
    """Format a number followed by its unit, joined by a non-breaking space.

    Parameters
    ----------
    value : float or None
        The number.
    unit : str
        Unit label already in the right language (e.g. ``"likmes"``, ``"FTE"``).
    lang : {"lv", "en"}
        Language of the number format.
    decimals : int
        Digits after the decimal mark.

    Returns
    -------
    str
        E.g. ``"1 234 likmes"``.
    """
    return f"{format_number(value, lang, decimals)}{NBSP}{unit}".rstrip()


#: Vega-Lite / d3-format number locales, used by charts and static exports.
D3_NUMBER_LOCALES: dict[str, dict[str, object]] = {
    "lv": {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", f"{NBSP}€"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}

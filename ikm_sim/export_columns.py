"""The columns of report tables: their kinds, headers with units, and rounding.

One place decides how every column of a downloaded table is headed (`column_label`: its name
in the interface language and its unit) and rounded (`ROUNDING` by the column's kind in
`COLUMN_KINDS`), and which columns count persons (`person_columns`, blanked for small areas by
`suppressed`). `ikm_sim.export_tables` writes the tables with them.
"""

from __future__ import annotations

import pandas as pd

from ikm_sim import export
from ikm_sim.locale.i18n import TEXTS, t
from ikm_sim.results_schema import UNITS

#: Decimals of each kind of value: (report table, tidy table). FTE to 0.1, persons to whole
#: numbers, shares (kept as 0–1 in the tidy table, shown in % in the report) to 0.1 pp.
ROUNDING: dict[str, tuple[int, int]] = {
    "eur": (0, 2),
    "fte": (1, 3),
    "fte_named": (1, 3),
    "rank": (0, 0),
    "persons": (0, 2),
    "share": (1, 4),
    "percent": (1, 3),
    "other": (3, 4),
}
#: Columns of percentile tables (rounded as the quantity in their row's ``variable``).
PERCENTILE_COLUMNS = ("p5", "p25", "p50", "p75", "p95", "mean")
#: Kind of each numeric column: the results' units plus the chart and pack columns.
COLUMN_KINDS: dict[str, str] = {
    **{
        column: {"FTE": "fte", "share": "share", "EUR/year": "eur"}.get(unit, "persons")
        for column, unit in UNITS.items()
    },
    "rows": "persons",
    "rank": "rank",
    "eur_k_per_fte": "other",
    **dict.fromkeys(
        (
            "public_cost_eur",
            "extra_cost_eur",
            "cum_extra_cost_eur",
            "eur_per_fte_closed",
            "eur_per_vacancy_avoided",
            "cum_eur_per_fte_closed",
            "cum_eur_per_vacancy_avoided",
            "supply_cost_eur",
        ),
        "eur",
    ),
    **dict.fromkeys(
        (
            "gap_closed_fte",
            "vacancies_avoided_fte",
            "cum_gap_closed_fte_years",
            "cum_vacancies_avoided_fte_years",
            "gap_change_fte",
            "vacancies_change_fte",
        ),
        "fte_named",  # FTE, the unit already in the header
    ),
    **dict.fromkeys(PERCENTILE_COLUMNS, "fte_named"),
    "first_graders": "persons",
    "school_pedagogues": "persons",
    "school_vacancies_fte": "fte",
    "share": "share",
    "here": "percent",
    "latvia": "percent",
    "diff": "percent",
    "fte": "fte",
    "p_shortage": "share",
    "gap_share": "share",
    **{
        f"{column}_{end}": "fte"
        for column in ("gap_fte", "demand_fte", "supply_fte", "vacancies_fte")
        for end in ("a", "b", "diff")
    },
}
#: Header text (a `TEXTS` key) of columns not named ``col_<column>`` there.
LABEL_KEYS = {
    "indicator": "cmp_indicator",
    "here": "cmp_here",
    "latvia": "cmp_latvia",
    "diff": "cmp_diff",
    "gap_fte_a": "col_gap_a",
    "gap_fte_b": "col_gap_b",
    "gap_fte_diff": "col_gap_diff",
    "demand_fte_diff": "col_demand_diff",
    "supply_fte_diff": "col_supply_diff",
    "vacancies_fte_diff": "col_vac_diff",
    "region_name": "col_municipality",
    "variable": "col_series",
    "lever_name": "col_lever",
    "lever": "col_lever_code",
    "basis": "col_prices",
}
#: Columns of school years by the calendar year they start in (written as "2030./2031.").
YEAR_COLUMNS = ("year", "to_year")
#: Columns naming a price basis (written as "2025. gada cenās" / "nominālās cenās").
PRICE_COLUMNS = ("prices", "basis")
#: Unit text (a `TEXTS` key) of each kind, written after the header.
UNIT_KEYS = {"fte": "unit_fte", "persons": "unit_persons", "share": "unit_percent"}
PERSONS_PER_YEAR = {c for c, unit in UNITS.items() if unit == "persons/year"}


def column_label(column: str, lang: str) -> str:
    """Return the report header of a column: its name in `lang` and its unit.

    Parameters
    ----------
    column : str
        Column code (``"demand_fte"``); an unknown code is its own header.
    lang : {"lv", "en"}
        Language of the header.

    Returns
    -------
    str
        E.g. ``"Pieprasījums, likmes"``, ``"Pedagogi vecumā 60+, %"``.
    """
    key = LABEL_KEYS.get(column, f"col_{column}")
    if key not in TEXTS:
        return column
    name = t(key, lang)
    kind = COLUMN_KINDS.get(column)
    if kind not in UNIT_KEYS or column == "rows":
        return name
    unit_key = "unit_persons_year" if column in PERSONS_PER_YEAR else UNIT_KEYS[kind]
    return f"{name}, {t(unit_key, lang)}"


def rounded_by_row(values: pd.Series, kinds: pd.Series) -> pd.Series:
    """Report rounding of each value by its row's kind (a percentile table's quantities)."""
    out = pd.to_numeric(values, errors="coerce").astype("float64").copy()
    for kind in kinds.unique():
        rows = kinds == kind
        out[rows] = rounded(out[rows], str(kind), True)
    return out


def rounded(values: pd.Series, kind: str, report: bool) -> pd.Series:
    """`values` rounded as `ROUNDING` says for `kind` (report: whole numbers as integers).

    Parameters
    ----------
    values : pandas.Series
        Numbers.
    kind : str
        A kind of `ROUNDING`.
    report : bool
        Round for the report table (shares in %) or for the tidy table.

    Returns
    -------
    pandas.Series
    """
    decimals = ROUNDING[kind][0 if report else 1]
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    if report and kind == "share":
        numbers = numbers * 100
    numbers = numbers.round(decimals) + 0.0  # + 0.0: no "-0,0" in a table
    if report and decimals == 0:
        return numbers.astype("Int64")
    return numbers


def is_float(values: pd.Series) -> bool:
    """Whether `values` are floats (not booleans)."""
    return pd.api.types.is_float_dtype(values) and not pd.api.types.is_bool_dtype(values)


def person_columns(df: pd.DataFrame) -> list[str]:
    """Columns of `df` that count persons (headcounts, hires, leavers; not ranks or rows)."""
    return [
        c
        for c in df.columns
        if COLUMN_KINDS.get(c) == "persons"
        and c not in ("rows", "rank")
        and pd.api.types.is_numeric_dtype(df[c])
    ]


def suppressed(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with counts of 1–4 persons blanked and the flag column (when it has counts)."""
    counts = person_columns(df)
    if not counts or "suppressed" in df.columns:
        return df
    # rounded first: a model's 4.6 persons is published as 5, its 0.4 as 0
    rounded = df.assign(**{c: pd.to_numeric(df[c], errors="coerce").round() for c in counts})
    return export.suppress_small_cells(rounded, counts)

"""Rankings of subjects and municipalities by a measure: largest first, the rest as "other"."""

from __future__ import annotations

import pandas as pd


def order_by_total(df: pd.DataFrame, column: str, value: str) -> pd.Index:
    """The values of `column` by their total `value`, largest first.

    Parameters
    ----------
    df : pandas.DataFrame
        Long table.
    column : str
        Category column (e.g. ``"subject"``, ``"region"``).
    value : str
        Numeric column whose totals rank the categories.

    Returns
    -------
    pandas.Index
    """
    return df.groupby(column)[value].sum().sort_values(ascending=False).index


def top_categories(df: pd.DataFrame, column: str, value: str, n: int, other: str) -> pd.Series:
    """Map each value of `column` to itself if it is among the `n` largest totals, else `other`.

    Parameters
    ----------
    df : pandas.DataFrame
        Long table.
    column : str
        Category column (e.g. ``"subject"``).
    value : str
        Numeric column whose totals rank the categories.
    n : int
        How many categories keep their own colour.
    other : str
        Label of the rest.

    Returns
    -------
    pandas.Series
        Same index as `df`.
    """
    totals = order_by_total(df, column, value)
    keep = set(totals[:n]) if len(totals) > n + 1 else set(totals)
    return df[column].where(df[column].isin(keep), other)


def ranked_with_other_last(df: pd.DataFrame, column: str, value: str, other: str) -> list[str]:
    """The categories of `column` by total `value`, largest first, and `other` (if present) last."""
    order = order_by_total(df, column, value)
    return [c for c in order if c != other] + ([other] if other in set(order) else [])


def largest_gap_cells(supply_demand: pd.DataFrame, year: int, top_n: int = 15) -> pd.DataFrame:
    """Return the gap by municipality and subject in one year, for the largest-gap municipalities.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    year : int
        Contract year.
    top_n : int
        Municipalities kept, ranked by the sum of their positive gaps.

    Returns
    -------
    pandas.DataFrame
        ``region, subject, gap_fte, demand_fte, supply_fte`` (at most ``top_n`` × subjects rows).
    """
    df = supply_demand[supply_demand["year"] == year]
    cells = df.groupby(["region", "subject"], as_index=False)[
        ["gap_fte", "demand_fte", "supply_fte"]
    ].sum()
    keep = order_by_total(cells.assign(pos=cells["gap_fte"].clip(lower=0)), "region", "pos")[:top_n]
    return cells[cells["region"].isin(keep)].reset_index(drop=True)

"""Sums of the result tables: national and area totals, per year and subject, side by side.

A result table's value columns add up over municipalities, subjects, grades and ages, except
the shares (`ikm_sim.indicators.shares.SHARE_WEIGHTS`), which are weighted by their base
before summing and divided by the summed base after.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ikm_sim.indicators.shares import AGE_BANDS, SHARE_WEIGHTS
from ikm_sim.results_schema import SUPPLY_DEMAND_COLUMNS

#: Columns that say which cell a row of a result table is (the rest are values).
KEY_COLUMNS = ("year", "region", "subject", "grade", "age")
#: ``supply_demand`` columns that add up over municipalities and subjects (shares do not).
ADDITIVE_COLUMNS = [
    c for c in SUPPLY_DEMAND_COLUMNS if c not in KEY_COLUMNS and c not in SHARE_WEIGHTS
]


def sum_by(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum every value column of a result table over the rows that share `keys`.

    Parameters
    ----------
    table : pandas.DataFrame
        A result table (`ikm_sim.results_schema`) or a part of one.
    keys : list of str
        Columns kept (the index of the result).

    Returns
    -------
    pandas.DataFrame
        One row per combination of `keys`; a share column is the share of the summed rows
        (NaN where its weight sums to zero).
    """
    values = [c for c in table.columns if c not in KEY_COLUMNS and c not in keys]
    shares = {s: w for s, w in SHARE_WEIGHTS.items() if s in values}
    weighted = table.assign(**{s: table[s] * table[w] for s, w in shares.items()})
    out = weighted.groupby(keys, observed=True)[values].sum()
    for s, w in shares.items():
        out[s] = out[s] / out[w].where(out[w] > 0)
    return out


def area_total(
    table: pd.DataFrame, members: Sequence[str], keys: list[str], code: str
) -> pd.DataFrame:
    """The rows of the municipalities `members` summed into one area labelled `code`.

    Parameters
    ----------
    table : pandas.DataFrame
        A result table with a ``region`` column.
    members : sequence of str
        ATVK codes of the area's municipalities.
    keys : list of str
        Columns kept besides ``region`` (e.g. ``["year", "subject"]``).
    code : str
        Written into the ``region`` column.

    Returns
    -------
    pandas.DataFrame
        The columns of `table`, in its order.
    """
    part = table[table["region"].astype(str).isin(members)]
    out = sum_by(part, keys).reset_index()
    out.insert(1, "region", code)
    return out[list(table.columns)]


def national_totals(supply_demand: pd.DataFrame, pupils: pd.DataFrame) -> pd.DataFrame:
    """National totals per year: the additive measures, the 60+ share and pupils.

    Parameters
    ----------
    supply_demand, pupils : pandas.DataFrame
        The result tables.

    Returns
    -------
    pandas.DataFrame
        ``year``, `ADDITIVE_COLUMNS`, ``share_60plus`` and ``pupils``.
    """
    sums = sum_by(supply_demand, ["year"])[[*ADDITIVE_COLUMNS, *SHARE_WEIGHTS]]
    sums["pupils"] = pupils.groupby("year")["pupils"].sum()
    return sums.reset_index()


def yearly_totals(supply_demand: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """National sums of additive `columns` per year (index ``year``)."""
    return supply_demand.groupby("year")[list(columns)].sum()


#: The shortage: the gap of each municipality × subject cell where it is positive, summed.
#: A national or area gap nets one cell's surplus (preschool, one municipality) against
#: another's shortage; the shortage does not, so closing it is what a lever's money buys.
SHORTAGE = "shortage_fte"


def shortage_totals(supply_demand: pd.DataFrame) -> pd.Series:
    """Per year: the sum of the positive gaps of the municipality × subject cells (`SHORTAGE`).

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        A run's ``supply_demand`` table (or some municipalities' rows of it).

    Returns
    -------
    pandas.Series
        Indexed by year (int), FTE, named `SHORTAGE`.
    """
    keys = ["year", "region", "subject"]
    cells = supply_demand.groupby(keys, observed=True)["gap_fte"].sum().clip(lower=0.0)
    out = cells.groupby(level="year").sum()
    out.index = out.index.astype(int)
    return out.rename(SHORTAGE).rename_axis("year")


def national_balance(supply_demand: pd.DataFrame) -> pd.DataFrame:
    """Return national demand, supply and gap per year (sums over municipalities and subjects).

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, demand_fte, supply_fte, gap_fte`` (gap = demand − supply).
    """
    out = supply_demand.groupby("year", as_index=False)[["demand_fte", "supply_fte"]].sum()
    out["gap_fte"] = out["demand_fte"] - out["supply_fte"]
    return out


def by_year_subject(
    supply_demand: pd.DataFrame, column: str, region: str | None = None
) -> pd.DataFrame:
    """Sums of `column` per year and subject, nationally or in one municipality.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    column : str
        An additive column, e.g. ``"entrants_needed"``.
    region : str, optional
        ATVK code; None sums all municipalities.

    Returns
    -------
    pandas.DataFrame
        ``year, subject, <column>``.
    """
    df = supply_demand if region is None else supply_demand[supply_demand["region"] == region]
    return df.groupby(["year", "subject"], as_index=False)[[column]].sum()


def teachers_in_year(
    teachers_by_age: pd.DataFrame,
    year: int,
    region: str | None = None,
    by_subject: bool = False,
) -> pd.DataFrame:
    """Return teachers by single-year age in one year, nationally or in one municipality.

    Parameters
    ----------
    teachers_by_age : pandas.DataFrame
        The ``teachers_by_age`` result table.
    year : int
        Contract year (start of the school year).
    region : str, optional
        ATVK code; None sums all municipalities.
    by_subject : bool
        Keep the subject column.

    Returns
    -------
    pandas.DataFrame
        ``age, [subject,] teachers``.
    """
    df = teachers_by_age[teachers_by_age["year"] == year]
    if region is not None:
        df = df[df["region"] == region]
    keys = ["age", "subject"] if by_subject else ["age"]
    return df.groupby(keys, as_index=False)[["teachers"]].sum()


def teachers_by_age_group(teachers_by_age: pd.DataFrame) -> pd.DataFrame:
    """Return teachers per year, municipality, subject and age group (persons).

    Parameters
    ----------
    teachers_by_age : pandas.DataFrame
        The ``teachers_by_age`` result table (single years of age).

    Returns
    -------
    pandas.DataFrame
        ``year, region, subject, age_group, teachers`` with the groups of
        `ikm_sim.indicators.shares.AGE_BANDS`.
    """
    bins = [AGE_BANDS[0][0] - 1, *(hi for _, hi, _ in AGE_BANDS)]
    group = pd.cut(teachers_by_age["age"], bins=bins, labels=[b[2] for b in AGE_BANDS])
    out = (
        teachers_by_age.assign(age_group=group.astype(str))
        .groupby(["year", "region", "subject", "age_group"], observed=True)["teachers"]
        .sum()
        .reset_index()
    )
    out["region"] = out["region"].astype(str)
    out["subject"] = out["subject"].astype(str)
    return out


def national_pair(base: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """Return national demand, supply, gap and vacancies per year of two runs, side by side.

    Parameters
    ----------
    base, edited : pandas.DataFrame
        ``supply_demand`` result tables of the starting and the edited scenario.

    Returns
    -------
    pandas.DataFrame
        ``year`` and ``demand_fte_a/_b``, ``supply_fte_a/_b``, ``gap_fte_a/_b``,
        ``vacancies_fte_a/_b`` plus ``gap_fte_diff`` and ``vacancies_fte_diff`` (edited − base).
    """
    a = national_balance(base).set_index("year")
    b = national_balance(edited).set_index("year")
    a["vacancies_fte"] = yearly_totals(base, ["vacancies_fte"])["vacancies_fte"]
    b["vacancies_fte"] = yearly_totals(edited, ["vacancies_fte"])["vacancies_fte"]
    out = a.add_suffix("_a").join(b.add_suffix("_b"), how="outer")
    out["gap_fte_diff"] = out["gap_fte_b"] - out["gap_fte_a"]
    out["vacancies_fte_diff"] = out["vacancies_fte_b"] - out["vacancies_fte_a"]
    return out.reset_index()


def side_by_side(
    a: pd.DataFrame, b: pd.DataFrame, keys: list[str], measures: Sequence[str]
) -> pd.DataFrame:
    """Sums of `measures` by `keys` in two tables, with their difference.

    Parameters
    ----------
    a, b : pandas.DataFrame
        Tables with the `keys` and `measures` columns (e.g. two runs' ``supply_demand``).
    keys : list of str
        Columns kept.
    measures : sequence of str
        Additive columns compared.

    Returns
    -------
    pandas.DataFrame
        `keys`, then per measure ``<measure>_a``, ``<measure>_b`` and ``<measure>_diff`` (b − a).
    """
    ga = a.groupby(keys)[list(measures)].sum()
    gb = b.groupby(keys)[list(measures)].sum()
    out = pd.DataFrame(index=ga.index.union(gb.index))
    for m in measures:
        out[f"{m}_a"] = ga[m]
        out[f"{m}_b"] = gb[m]
        out[f"{m}_diff"] = out[f"{m}_b"] - out[f"{m}_a"]
    return out.reset_index()

"""The cards' figures: an area's totals in a chosen school year and their change since another.

An area is one municipality or the municipalities of a planning region (the rows of the
result tables that belong to it); nationally it is every row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ikm_sim.indicators import aggregate

#: Card name -> (result table, column) of the totals `area_kpis` gives.
KPI_COLUMNS = {
    "vacancies": ("supply_demand", "vacancies_fte"),
    "teachers": ("supply_demand", "teachers"),
    "pupils": ("pupils", "pupils"),
    "demand": ("supply_demand", "demand_fte"),
    "supply": ("supply_demand", "supply_fte"),
    "gap": ("supply_demand", "gap_fte"),
}


@dataclass(frozen=True)
class Kpi:
    """A total in the chosen year and its change since the year compared with.

    Attributes
    ----------
    value : float
        The total in the chosen year (0 when the table has no row for it).
    change : float
        `value` minus the total in the year compared with.
    """

    value: float
    change: float


def yearly_totals(table: pd.DataFrame, column: str) -> pd.Series:
    """The sum of `column` per year (index: int years; `aggregate.yearly_totals` of one column)."""
    totals = aggregate.yearly_totals(table, [column])[column]
    totals.index = totals.index.astype(int)
    return totals


def kpi(totals: pd.Series, year: int, since: int) -> Kpi:
    """The `Kpi` of yearly `totals` in `year`, compared with `since`.

    Parameters
    ----------
    totals : pandas.Series
        Totals by year (`yearly_totals`).
    year : int
        The chosen year.
    since : int
        The year compared with.

    Returns
    -------
    Kpi
    """
    value = float(totals.get(year, 0.0))
    return Kpi(value, value - float(totals.get(since, 0.0)))


def area_kpis(
    supply_demand: pd.DataFrame, pupils: pd.DataFrame, year: int, since: int
) -> dict[str, Kpi]:
    """Every card of `KPI_COLUMNS` for an area in `year`, compared with `since`.

    Parameters
    ----------
    supply_demand, pupils : pandas.DataFrame
        The area's rows of the ``supply_demand`` and ``pupils`` result tables.
    year : int
        The chosen school year.
    since : int
        The school year compared with (e.g. the data's last).

    Returns
    -------
    dict of str to Kpi
        Card name -> figure; a column the tables lack is left out.
    """
    tables = {"supply_demand": supply_demand, "pupils": pupils}
    return {
        name: kpi(yearly_totals(tables[source], column), year, since)
        for name, (source, column) in KPI_COLUMNS.items()
        if column in tables[source].columns
    }

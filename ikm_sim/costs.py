"""What a scenario costs and what it buys: the national money of a run and EUR per FTE closed.

One definition of each cost measure, used by `ikm_sim.compare` and the CLI:

- the national cost of a run per year (`national_costs`): the wage bill, state target grant and
  municipal top-up of the ``funding`` table's national row, its supply cost, and the total
  public cost = wage bill + supply cost (the grant and top-up only split the wage bill between
  the state and the municipalities, so they are not added again);
- gap closed = base gap - scenario gap, vacancies avoided = base vacancies - scenario vacancies
  (national sums, FTE; positive is better);
- EUR per FTE of gap closed = extra public cost / gap closed, and EUR per vacancy avoided the
  same with vacancies avoided; by year, and cumulative (extra EUR summed over the years ÷ FTE
  closed summed over the years, i.e. FTE-years).

A ratio is undefined (NaN, shown as "–") where less than `MIN_CLOSED_FTE` is closed (nothing
closed, or the gap widened) or where the extra cost is negative (money saved): a ratio of two
numbers of opposite meaning would mislead, so the tables carry both numbers instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ikm_sim.settings import FINAL_YEAR

#: National cost measures per year (EUR/year, nominal), in table order.
COST_MEASURES = ("wage_bill_eur", "grant_eur", "top_up_eur", "supply_cost_eur", "public_cost_eur")
#: Less gap closed (or vacancies avoided) than this, in FTE (FTE-years cumulative), counts as
#: nothing closed: a ratio over a sliver of an FTE says nothing.
MIN_CLOSED_FTE = 0.5
#: Years the cumulative cost-effectiveness is summarised to (those within the run are kept).
SUMMARY_YEARS = (2030, 2035, FINAL_YEAR)
#: Columns of the cost-effectiveness table by year (`cost_effectiveness`).
EFFECTIVENESS_COLUMNS = (
    "lever",
    "year",
    "extra_cost_eur",
    "gap_closed_fte",
    "vacancies_avoided_fte",
    "eur_per_fte_closed",
    "eur_per_vacancy_avoided",
    "cum_extra_cost_eur",
    "cum_gap_closed_fte_years",
    "cum_vacancies_avoided_fte_years",
    "cum_eur_per_fte_closed",
    "cum_eur_per_vacancy_avoided",
)
#: Columns of the cumulative summary (`cost_summary`).
SUMMARY_COLUMNS = (
    "lever",
    "to_year",
    "cum_extra_cost_eur",
    "cum_gap_closed_fte_years",
    "cum_vacancies_avoided_fte_years",
    "eur_per_fte_closed",
    "eur_per_vacancy_avoided",
)


def _blank(column: pd.Series) -> pd.Series:
    return column.isna() | (column.astype(object) == "")


def national_costs(funding: pd.DataFrame) -> pd.DataFrame:
    """The national cost measures of a run, per year.

    Parameters
    ----------
    funding : pandas.DataFrame
        A run's ``funding`` table (`ikm_sim.results_schema.FUNDING_COLUMNS`); its national rows
        have an empty (or missing) region and subject.

    Returns
    -------
    pandas.DataFrame
        Indexed by year, columns `COST_MEASURES` (EUR/year, nominal).
    """
    national = funding[_blank(funding["region"]) & _blank(funding["subject"])]
    out = national.set_index("year")[list(COST_MEASURES[:-1])].astype(float).sort_index()
    out.index = out.index.astype(int)
    out["public_cost_eur"] = out["wage_bill_eur"] + out["supply_cost_eur"]
    return out


def per_unit(extra_cost: object, closed: object) -> np.ndarray:
    """EUR per unit closed: `extra_cost` / `closed`, NaN where that ratio means nothing.

    Parameters
    ----------
    extra_cost : array-like
        Extra public cost, EUR (scenario - base; negative = money saved).
    closed : array-like
        Gap closed or vacancies avoided, FTE or FTE-years (positive = better).

    Returns
    -------
    numpy.ndarray
        The ratio where at least `MIN_CLOSED_FTE` is closed and the extra cost is not
        negative; NaN elsewhere.

    Examples
    --------
    >>> per_unit([1000.0, 1000.0, -1000.0], [10.0, -10.0, 10.0]).tolist()
    [100.0, nan, nan]
    """
    cost = np.asarray(extra_cost, dtype=float)
    units = np.asarray(closed, dtype=float)
    ok = (units >= MIN_CLOSED_FTE) & (cost >= 0)
    return np.where(ok, cost / np.where(ok, units, 1.0), np.nan)


def cost_effectiveness(changes: pd.DataFrame) -> pd.DataFrame:
    """EUR per FTE of gap closed and per vacancy avoided, by year and cumulative.

    Parameters
    ----------
    changes : pandas.DataFrame
        Per ``lever`` and ``year``: ``gap_change_fte``, ``vacancies_change_fte`` and
        ``public_cost_change_eur`` (scenario - base, or one lever alone - base).

    Returns
    -------
    pandas.DataFrame
        Columns `EFFECTIVENESS_COLUMNS`, levers in their order in `changes`, each by year;
        cumulative sums run from each lever's first year.
    """
    order = {lever: i for i, lever in enumerate(pd.unique(changes["lever"]))}
    df = (
        changes.assign(_order=changes["lever"].map(order))
        .sort_values(["_order", "year"], kind="stable")
        .reset_index(drop=True)
    )
    out = pd.DataFrame(
        {
            "lever": df["lever"],
            "year": df["year"].astype(int),
            "extra_cost_eur": df["public_cost_change_eur"],
            "gap_closed_fte": -df["gap_change_fte"],
            "vacancies_avoided_fte": -df["vacancies_change_fte"],
        }
    )
    out["eur_per_fte_closed"] = per_unit(out["extra_cost_eur"], out["gap_closed_fte"])
    out["eur_per_vacancy_avoided"] = per_unit(out["extra_cost_eur"], out["vacancies_avoided_fte"])
    sums = out.groupby("lever", sort=False)[
        ["extra_cost_eur", "gap_closed_fte", "vacancies_avoided_fte"]
    ].cumsum()
    out["cum_extra_cost_eur"] = sums["extra_cost_eur"]
    out["cum_gap_closed_fte_years"] = sums["gap_closed_fte"]
    out["cum_vacancies_avoided_fte_years"] = sums["vacancies_avoided_fte"]
    out["cum_eur_per_fte_closed"] = per_unit(
        out["cum_extra_cost_eur"], out["cum_gap_closed_fte_years"]
    )
    out["cum_eur_per_vacancy_avoided"] = per_unit(
        out["cum_extra_cost_eur"], out["cum_vacancies_avoided_fte_years"]
    )
    return out[list(EFFECTIVENESS_COLUMNS)]


def cost_summary(effectiveness: pd.DataFrame, years: Iterable[int] = SUMMARY_YEARS) -> pd.DataFrame:
    """The cumulative cost-effectiveness to given years (those within the run).

    Parameters
    ----------
    effectiveness : pandas.DataFrame
        The result of `cost_effectiveness`.
    years : iterable of int, optional
        Years summed to. Default `SUMMARY_YEARS` (2030, 2035 and the horizon).

    Returns
    -------
    pandas.DataFrame
        Columns `SUMMARY_COLUMNS`, one row per lever and year.
    """
    wanted = sorted(set(years))
    rows = effectiveness[effectiveness["year"].isin(wanted)]
    out = rows.drop(columns=["eur_per_fte_closed", "eur_per_vacancy_avoided"]).rename(
        columns={
            "year": "to_year",
            "cum_eur_per_fte_closed": "eur_per_fte_closed",
            "cum_eur_per_vacancy_avoided": "eur_per_vacancy_avoided",
        }
    )
    return out[list(SUMMARY_COLUMNS)].reset_index(drop=True)

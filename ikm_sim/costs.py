"""What a scenario costs and what it buys: the national money of a run and EUR per FTE closed.

One definition of each cost measure, used by `ikm_sim.compare` and the CLI:

- the national cost of a run per year (`national_costs`): the wage bill, state target grant and
  municipal top-up of the ``funding`` table's national row, its supply cost, and the total
  public cost = wage bill + supply cost (the grant and top-up only split the wage bill between
  the state and the municipalities, so they are not added again);
- gap closed = base shortage - scenario shortage, where the shortage is the positive gaps of
  the municipality × subject cells summed (`ikm_sim.indicators.aggregate.SHORTAGE`: a surplus
  of preschool teachers or of one municipality does not offset a shortage elsewhere, so a
  growing surplus closes nothing); vacancies avoided = base vacancies - scenario vacancies
  (national sums, FTE; positive is better);
- EUR per FTE of gap closed = extra public cost / gap closed, and EUR per vacancy avoided the
  same with vacancies avoided; by year, and cumulative (extra EUR summed over the years ÷ FTE
  closed summed over the years, i.e. FTE-years).

Money is nominal EUR unless converted to constant 2025 EUR (`constant_price_factor`, one
definition): the consumer-price level of a school year (4/12 of the calendar year it starts in
plus 8/12 of the next) against the level of calendar year `CONSTANT_PRICE_YEAR`. Calendar
price levels follow the published yearly consumer-price changes (``consumer_price_change`` of
``funding.csv``, CSP) to the last published year and, after it, **an assumed**
`ASSUMED_INFLATION` a year (the euro area's medium-term inflation target; an assumption, not a
forecast).

A ratio is undefined (NaN, shown as "–") where less than `MIN_CLOSED_FTE` is closed (nothing
closed, or the gap widened) or where the extra cost is negative (money saved): a ratio of two
numbers of opposite meaning would mislead, so the tables carry both numbers instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ikm_sim.errors import IkmSimError
from ikm_sim.indicators.aggregate import SHORTAGE
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


#: Year whose prices constant-EUR figures are in.
CONSTANT_PRICE_YEAR = 2025
#: ASSUMPTION: yearly consumer-price inflation after the last published year (the euro area's
#: medium-term target of 2 %), not a forecast.
ASSUMED_INFLATION = 0.02
#: How money is shown: nominal EUR, or constant `CONSTANT_PRICE_YEAR` EUR.
PRICE_BASES = ("nominal", "constant")
#: The price basis the app shows money in unless asked otherwise (every page the same).
DEFAULT_PRICE_BASIS = "constant"
#: Months of a school year in the calendar year it starts in (September-December).
_MONTHS_IN_FIRST_CALENDAR_YEAR = 4


def price_levels(funding: pd.DataFrame, years: Sequence[int]) -> pd.Series:
    """Calendar-year consumer-price levels, `CONSTANT_PRICE_YEAR` = 1.

    Parameters
    ----------
    funding : pandas.DataFrame
        The dataset's ``funding`` table (its ``consumer_price_change`` rows, % a year).
    years : sequence of int
        Calendar years wanted.

    Returns
    -------
    pandas.Series
        Price level by year: published changes up to the last published year, then
        `ASSUMED_INFLATION` a year; before the first published year held at its level.

    Raises
    ------
    IkmSimError
        If the table has no ``consumer_price_change`` row.
    """
    rows = funding[(funding["item"] == "consumer_price_change") & ~funding["plan"].astype(bool)]
    if rows.empty:
        raise IkmSimError("funding.csv: no consumer_price_change row; constant prices need one")
    change = pd.Series(
        rows["value"].to_numpy(dtype=float) / 100.0,
        index=rows["effective"].astype(str).str[:4].astype(int),
    ).sort_index()
    span = range(int(change.index.min()) - 1, max(max(years), CONSTANT_PRICE_YEAR) + 1)
    level, levels = 1.0, {}
    for year in span:
        if year > span[0]:
            level *= 1.0 + float(change.get(year, ASSUMED_INFLATION))
        levels[year] = level
    out = pd.Series(levels)
    out = out / out[CONSTANT_PRICE_YEAR]
    return out.reindex(list(years)).fillna(out.iloc[0])


def constant_price_factor(funding: pd.DataFrame, school_years: Sequence[int]) -> pd.Series:
    """Multiply nominal EUR of a school year by this to get constant `CONSTANT_PRICE_YEAR` EUR.

    Parameters
    ----------
    funding : pandas.DataFrame
        The dataset's ``funding`` table.
    school_years : sequence of int
        School years (2025 = 2025/26).

    Returns
    -------
    pandas.Series
        The factor by school year: 1 / (4/12 price level of its first calendar year + 8/12
        of its second).
    """
    years = [int(y) for y in school_years]
    cal = price_levels(funding, sorted({*years, *(y + 1 for y in years)}))
    first = _MONTHS_IN_FIRST_CALENDAR_YEAR / 12.0
    level = [first * cal[y] + (1.0 - first) * cal[y + 1] for y in years]
    return pd.Series(1.0 / np.asarray(level), index=years)


def in_prices(
    frame: pd.DataFrame, funding: pd.DataFrame, basis: str, columns: Sequence[str]
) -> pd.DataFrame:
    """`frame` with its money `columns` in nominal or constant EUR (by its ``year`` or index).

    Parameters
    ----------
    frame : pandas.DataFrame
        Nominal EUR, with a ``year`` column or indexed by year.
    funding : pandas.DataFrame
        The dataset's ``funding`` table.
    basis : {"nominal", "constant"}
        `PRICE_BASES`.
    columns : sequence of str
        The EUR columns to convert.

    Returns
    -------
    pandas.DataFrame
        A copy; unchanged for ``"nominal"``.
    """
    if basis not in PRICE_BASES:
        raise IkmSimError(f"price basis {basis!r}: choose one of {', '.join(PRICE_BASES)}")
    out = frame.copy()
    if basis == "nominal" or out.empty:
        return out
    years = out["year"] if "year" in out.columns else pd.Series(out.index, index=out.index)
    factor = constant_price_factor(funding, sorted(set(years.astype(int))))
    scale = years.astype(int).map(factor).to_numpy()
    for c in columns:
        out[c] = out[c].astype(float) * scale
    return out


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


#: The money of a municipality (its rows with an empty subject), in table order.
AREA_MEASURES = ("wage_bill_eur", "grant_eur", "top_up_eur")


def area_costs(funding: pd.DataFrame, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """The money of some municipalities summed, or the national cost measures, per year.

    Parameters
    ----------
    funding : pandas.DataFrame
        A run's ``funding`` table.
    regions : sequence of str, optional
        ATVK codes; None: the whole country (`national_costs`).

    Returns
    -------
    pandas.DataFrame
        Indexed by year: `AREA_MEASURES` (nominal EUR/year) of the municipalities' rows
        (the wage bill the state target grant is for, the grant, the top-up); nationally
        `COST_MEASURES`.
    """
    if regions is None:
        return national_costs(funding)
    wanted = {str(r) for r in regions}
    rows = funding[funding["region"].astype(str).isin(wanted) & _blank(funding["subject"])]
    out = rows.groupby("year")[list(AREA_MEASURES)].sum().astype(float).sort_index()
    out.index = out.index.astype(int)
    return out


def effectiveness_against(
    base: pd.DataFrame, what_if: pd.DataFrame, cost: str = "public_cost_eur"
) -> pd.DataFrame:
    """A what-if's extra cost, gap closed and EUR per FTE closed against its base, by year.

    Parameters
    ----------
    base, what_if : pandas.DataFrame
        Indexed by year, with ``shortage_fte`` (the gap closed is the shortage closed,
        `ikm_sim.indicators.aggregate.SHORTAGE`), ``vacancies_fte`` and the column `cost`
        (EUR, in the prices wanted).
    cost : str, optional
        The cost compared: ``public_cost_eur`` nationally; a municipality's
        ``wage_bill_eur`` (its supply cost is national).

    Returns
    -------
    pandas.DataFrame
        `cost_effectiveness` of what-if - base, lever ``total``.
    """
    columns = [SHORTAGE, "vacancies_fte", cost]
    diff = (what_if[columns] - base[columns]).dropna()
    changes = pd.DataFrame(
        {
            "lever": "total",
            "year": diff.index.astype(int),
            "gap_change_fte": diff[SHORTAGE].to_numpy(),
            "vacancies_change_fte": diff["vacancies_fte"].to_numpy(),
            "public_cost_change_eur": diff[cost].to_numpy(),
        }
    )
    return cost_effectiveness(changes)

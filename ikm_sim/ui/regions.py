"""Planning-region roll-up and the comparison of an area with the national average."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ikm_sim.indicators.aggregate import area_total
from ikm_sim.indicators.shares import area_rates
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t

#: Prefix of the pseudo region code of a planning region in rolled-up tables.
REGION_PREFIX = "PR:"


@dataclass(frozen=True)
class AreaTables:
    """Result tables restricted to one area (a municipality or a planning region).

    Attributes
    ----------
    code : str
        The area's code in the ``region`` column (ATVK, or ``"PR:<name>"``).
    supply_demand, pupils, teachers_by_age : pandas.DataFrame
        The result tables of the area's municipalities, with ``region`` set to `code`.
    """

    code: str
    supply_demand: pd.DataFrame
    pupils: pd.DataFrame
    teachers_by_age: pd.DataFrame


def planning_regions(municipalities: pd.DataFrame) -> dict[str, list[str]]:
    """Return the municipalities (ATVK codes) of each planning region, regions sorted by name."""
    groups = municipalities.groupby("planning_region")["atvk"].apply(lambda s: sorted(map(str, s)))
    return {str(k): list(v) for k, v in sorted(groups.items())}


def area_tables(
    supply_demand: pd.DataFrame,
    pupils: pd.DataFrame,
    teachers_by_age: pd.DataFrame,
    members: list[str],
    code: str,
) -> AreaTables:
    """Restrict the result tables to `members` and label them as one area `code`.

    Parameters
    ----------
    supply_demand, pupils, teachers_by_age : pandas.DataFrame
        Result tables of the whole country.
    members : list of str
        ATVK codes of the area's municipalities.
    code : str
        Code written into the ``region`` column (the charts select on it).

    Returns
    -------
    AreaTables
        Sums over the members by year, subject (and grade, age).
    """
    sd = area_total(supply_demand, members, ["year", "subject"], code)
    pupils_out = area_total(pupils, members, ["year", "grade"], code)
    tba = area_total(teachers_by_age, members, ["year", "subject", "age"], code)
    return AreaTables(code, sd, pupils_out, tba)


#: Rate (`ikm_sim.indicators.shares.area_rates`) -> its label's text key, in display order.
_RATE_KEYS = {
    "vacancy_rate": "cmp_vacancy_rate",
    "gap_rate": "cmp_gap_rate",
    "share_60plus": "cmp_60plus",
    "entrants_rate": "cmp_entrants_rate",
    "pupil_change": "cmp_pupil_change",
}


def _indicators(
    sd: pd.DataFrame, tba: pd.DataFrame, pupils: pd.DataFrame, year: int, first: int
) -> dict[str, float]:
    rates = area_rates(sd, tba, pupils, year, first)
    return {key: rates[name] for name, key in _RATE_KEYS.items()}


def national_comparison(
    area: AreaTables,
    supply_demand: pd.DataFrame,
    pupils: pd.DataFrame,
    teachers_by_age: pd.DataFrame,
    year: int,
    first: int,
    lang: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare an area with all of Latvia: shares that do not depend on the area's size.

    Parameters
    ----------
    area : AreaTables
        The area's tables.
    supply_demand, pupils, teachers_by_age : pandas.DataFrame
        The national result tables.
    year, first : int
        Year of the indicators, and the base year of the pupil change.
    lang : {"lv", "en"}
        Language of labels and numbers.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        The numbers (``indicator, here, latvia, diff``; percent and percentage points) and the
        same table formatted for display.
    """
    here = _indicators(area.supply_demand, area.teachers_by_age, area.pupils, year, first)
    latvia = _indicators(supply_demand, teachers_by_age, pupils, year, first)
    base = school_year_label(first, lang)
    labels = [t(k, lang, base=base) if k == "cmp_pupil_change" else t(k, lang) for k in here]
    numbers = pd.DataFrame(
        {
            "indicator": labels,
            "here": list(here.values()),
            "latvia": list(latvia.values()),
        }
    )
    numbers["diff"] = numbers["here"] - numbers["latvia"]
    shown = pd.DataFrame(
        {
            t("cmp_indicator", lang): numbers["indicator"],
            t("cmp_here", lang): [format_number(v, lang, 1) for v in numbers["here"]],
            t("cmp_latvia", lang): [format_number(v, lang, 1) for v in numbers["latvia"]],
            t("cmp_diff", lang): [format_number(v, lang, 1, signed=True) for v in numbers["diff"]],
        }
    )
    return numbers, shown

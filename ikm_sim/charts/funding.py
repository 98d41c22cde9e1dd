"""Money charts: a budget path by school year (million EUR, nominal or constant prices)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ikm_sim.charts._base import (
    add_school_year,
    every_nth_year,
    finish,
    number_format,
    year_axis,
)
from ikm_sim.locale.i18n import t

#: Colour-blind-safe colours of the money series (Okabe-Ito), by column code.
MONEY_COLOURS = {
    "wage_bill_eur": "#0072B2",
    "grant_eur": "#009E73",
    "top_up_eur": "#D55E00",
    "supply_cost_eur": "#CC79A7",
    "public_cost_eur": "#000000",
    "extra_cost_eur": "#E69F00",
}
#: One million, the unit of the charts' axes.
MILLION = 1e6


def money_data(table: pd.DataFrame, series: Mapping[str, str]) -> pd.DataFrame:
    """Long table of money series by year, in million EUR.

    Parameters
    ----------
    table : pandas.DataFrame
        EUR by year (a ``year`` column or the index), one column per money series.
    series : mapping of str to str
        Column code -> display name, in drawing order.

    Returns
    -------
    pandas.DataFrame
        ``year, code, series, eur_m``.
    """
    wide = table.reset_index() if "year" not in table.columns else table
    rows = [
        pd.DataFrame(
            {
                "year": wide["year"].astype(int),
                "code": code,
                "series": name,
                "eur_m": wide[code].astype(float) / MILLION,
            }
        )
        for code, name in series.items()
    ]
    return pd.concat(rows, ignore_index=True)


def money_chart(
    data: pd.DataFrame, lang: str, title: str, subtitle: str, scenario: str | None = None
) -> alt.Chart:
    """Line chart of money series by school year (million EUR).

    Parameters
    ----------
    data : pandas.DataFrame
        `money_data` output.
    lang : {"lv", "en"}
        Language of axes and numbers.
    title, subtitle : str
        Title and first subtitle line (what, units, prices).
    scenario : str, optional
        Scenario name, added to the subtitle.

    Returns
    -------
    alt.Chart
    """
    shown = add_school_year(data, lang)
    order = list(dict.fromkeys(shown["series"]))
    codes = list(dict.fromkeys(shown["code"]))
    chart = (
        alt.Chart(shown)
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=20, filled=True))
        .encode(
            x=alt.X(
                "year:Q",
                axis=year_axis(lang, every_nth_year(shown["year"])),
                scale=alt.Scale(nice=False),
            ),
            y=alt.Y("eur_m:Q", title=t("fund_axis_eur_m", lang)),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=order, range=[MONEY_COLOURS.get(c, "#56B4E9") for c in codes]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
                alt.Tooltip("series:N", title=t("series", lang)),
                alt.Tooltip("eur_m:Q", title=t("fund_axis_eur_m", lang), format=number_format(1)),
            ],
        )
    )
    return finish(chart, lang, title, subtitle, scenario)

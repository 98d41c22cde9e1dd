"""Charts comparing two runs: national demand and supply of both, and the change of the gap."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ikm_sim.charts._base import (
    add_school_year,
    every_nth_year,
    finish,
    number_format,
    year_axis,
    year_span,
)
from ikm_sim.indicators.aggregate import national_pair as compare_data
from ikm_sim.locale.i18n import t


def scenario_lines(
    data: pd.DataFrame,
    lang: str,
    series: list[str],
    names: tuple[str, str],
    *,
    x_scale: alt.Scale,
    y_scale: alt.Scale | None = None,
    fte_format: str,
) -> alt.Chart:
    """Two series per school year in two scenarios: colour by series, scenario A dashed.

    Parameters
    ----------
    data : pandas.DataFrame
        ``year, school_year, scenario, series, fte``.
    lang : {"lv", "en"}
        Language.
    series : list of str
        The two series' names, in colour order (orange, blue).
    names : tuple of str
        Names of scenarios A (dashed) and B (solid).
    x_scale, y_scale : altair.Scale
        Scales of the year and FTE axes (`y_scale` None: Altair's default).
    fte_format : str
        d3 format of the FTE in the tooltip.

    Returns
    -------
    alt.Chart
    """
    y = alt.Y("fte:Q", title=t("axis_fte", lang))
    if y_scale is not None:
        y = alt.Y("fte:Q", title=t("axis_fte", lang), scale=y_scale)
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=20, filled=True))
        .encode(
            x=alt.X("year:Q", axis=year_axis(lang, every_nth_year(data["year"])), scale=x_scale),
            y=y,
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=series, range=["#D55E00", "#0072B2"]),
                legend=alt.Legend(title=None),
            ),
            strokeDash=alt.StrokeDash(
                "scenario:N",
                scale=alt.Scale(domain=list(names), range=[[5, 4], [1, 0]]),
                legend=None,  # the subtitle says which line is which
            ),
            detail="scenario:N",
            tooltip=[
                alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
                alt.Tooltip("scenario:N", title=t("axis_scenario", lang)),
                alt.Tooltip("series:N", title=t("series", lang)),
                alt.Tooltip("fte:Q", title=t("unit_fte", lang), format=fte_format),
            ],
        )
    )


def compare_chart(
    base: pd.DataFrame, edited: pd.DataFrame, lang: str, base_name: str, edited_name: str
) -> alt.Chart:
    """Line chart of national demand and supply in two scenarios (the base dashed).

    Parameters
    ----------
    base, edited : pandas.DataFrame
        ``supply_demand`` tables of the starting and the edited scenario.
    lang : {"lv", "en"}
        Language of titles, axes and numbers.
    base_name, edited_name : str
        Scenario names for the subtitle and the tooltips.

    Returns
    -------
    alt.Chart
        Its data (``year, school_year, scenario, series, fte``) is what the CSV holds.
    """
    wide = compare_data(base, edited)
    rows = []
    for suffix, name in (("a", base_name), ("b", edited_name)):
        for column, key in (("demand_fte", "series_demand"), ("supply_fte", "series_supply")):
            rows.append(
                pd.DataFrame(
                    {
                        "year": wide["year"],
                        "scenario": name,
                        "series": t(key, lang),
                        "fte": wide[f"{column}_{suffix}"],
                    }
                )
            )
    data = add_school_year(pd.concat(rows, ignore_index=True), lang)
    demand, supply = t("series_demand", lang), t("series_supply", lang)
    chart = scenario_lines(
        data,
        lang,
        [demand, supply],
        (base_name, edited_name),
        x_scale=alt.Scale(nice=False),
        y_scale=alt.Scale(zero=False),
        fte_format=number_format(),
    )
    span = year_span(data, lang)
    return finish(
        chart,
        lang,
        t("chart_compare_title", lang, span=span),
        t("chart_compare_subtitle", lang, base=base_name),
        edited_name,
    )


def gap_change_chart(
    base: pd.DataFrame, edited: pd.DataFrame, lang: str, edited_name: str
) -> alt.Chart:
    """Bar chart of the change of the national gap, edited − base, per year.

    Parameters
    ----------
    base, edited : pandas.DataFrame
        ``supply_demand`` tables of the starting and the edited scenario.
    lang : {"lv", "en"}
        Language.
    edited_name : str
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        Orange bars where the gap grows, blue where it shrinks.
    """
    data = compare_data(base, edited)[["year", "gap_fte_a", "gap_fte_b", "gap_fte_diff"]]
    data = add_school_year(data, lang)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", axis=year_axis(lang, every_nth_year(data["year"]), angle=0)),
            y=alt.Y("gap_fte_diff:Q", title=t("axis_gap_change", lang)),
            color=alt.condition(
                "datum.gap_fte_diff > 0", alt.value("#D55E00"), alt.value("#0072B2")
            ),
            tooltip=[
                alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
                alt.Tooltip("gap_fte_diff:Q", title=t("axis_gap_change", lang), format="+,.0f"),
            ],
        )
    )
    span = year_span(data, lang)
    return finish(
        chart,
        lang,
        t("chart_gapdiff_title", lang, span=span),
        t("chart_gapdiff_subtitle", lang),
        edited_name,
        height=260,
    )

"""National charts: demand vs supply, teachers by age, the gap heat map, new teachers needed.

Every builder aggregates the contract table in pandas first, embeds the (small) result inline as
the chart's top-level data (so `ikm_sim.export.chart_table` returns exactly what is drawn), and
finishes the chart with `ikm_sim.charts._base.finish` (title, subtitle with units and the
synthesized-data note, locale, colours).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import pandas as pd

from ikm_sim.charts._base import (
    GAP_SCHEME,
    HALF_WIDTH,
    add_school_year,
    category_colours,
    every_nth_year,
    finish,
    label,
    number_format,
    stacked_subject_bars,
    year_axis,
    year_span,
)
from ikm_sim.export import SUPPRESSION_THRESHOLD
from ikm_sim.indicators.aggregate import by_year_subject
from ikm_sim.indicators.aggregate import national_balance as balance_data
from ikm_sim.indicators.aggregate import teachers_in_year as age_data
from ikm_sim.indicators.ranks import largest_gap_cells as gap_heatmap_data
from ikm_sim.indicators.ranks import order_by_total, ranked_with_other_last, top_categories
from ikm_sim.indicators.shares import AGE_BAND_TEXTS, AGE_BANDS
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t

#: Age groups of the age chart (`ikm_sim.indicators.shares.AGE_BANDS`) with their text keys.
AGE_GROUPS = tuple((low, high, AGE_BAND_TEXTS[label]) for low, high, label in AGE_BANDS)
_AGE_COLOURS = ("#56B4E9", "#0072B2", "#E69F00", "#D55E00")


def balance_chart(supply_demand: pd.DataFrame, lang: str, scenario: str | None = None) -> alt.Chart:
    """Line chart of national demand and supply with the gap shaded, to the last result year.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    lang : {"lv", "en"}
        Language of titles, axes and number formats.
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        Orange band where demand exceeds supply (shortage), blue where supply exceeds demand.
    """
    data = add_school_year(balance_data(supply_demand), lang)
    demand, supply = t("series_demand", lang), t("series_supply", lang)
    shortage, surplus = t("series_shortage", lang), t("series_surplus", lang)
    colour = alt.Scale(
        domain=[demand, supply, shortage, surplus],
        range=["#D55E00", "#0072B2", "#F5C28A", "#A6D1F0"],
    )
    legend = alt.Legend(title=None, orient="bottom")
    x = alt.X(
        "year:Q", axis=year_axis(lang, every_nth_year(data["year"])), scale=alt.Scale(nice=False)
    )
    fte = t("axis_fte", lang)
    tooltip = [
        alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
        alt.Tooltip("demand_fte:Q", title=demand, format=number_format()),
        alt.Tooltip("supply_fte:Q", title=supply, format=number_format()),
        alt.Tooltip("gap_fte:Q", title=t("axis_gap_fte", lang), format="+,.0f"),
    ]
    base = alt.Chart().encode(x=x)
    bands = []
    for low, name in (("supply_fte", shortage), ("demand_fte", surplus)):
        band = (
            base.transform_calculate(
                top="max(datum.demand_fte, datum.supply_fte)", series=json.dumps(name)
            )
            .mark_area(opacity=0.8)
            .encode(
                y=alt.Y(f"{low}:Q", title=fte, scale=alt.Scale(zero=False)),
                y2="top:Q",
                color=alt.Color("series:N", scale=colour, legend=legend),
            )
        )
        bands.append(band)
    lines = (
        base.transform_fold(["demand_fte", "supply_fte"], as_=["series_key", "value"])
        .transform_calculate(
            series=f"datum.series_key == 'demand_fte' ? {json.dumps(demand)} : {json.dumps(supply)}"
        )
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=28, filled=True))
        .encode(
            y="value:Q",
            color=alt.Color("series:N", scale=colour, legend=legend),
            tooltip=tooltip,
        )
    )
    hover = base.mark_rule(opacity=0).encode(tooltip=tooltip)
    chart = alt.layer(*bands, lines, hover, data=data)
    return finish(
        chart,
        lang,
        t("chart_balance_title", lang, span=year_span(data, lang)),
        t("chart_balance_subtitle", lang),
        scenario,
    )


def _age_group(age: int, lang: str) -> str:
    for low, high, key in AGE_GROUPS:
        if low <= age <= high:
            return t(key, lang)
    return t(AGE_GROUPS[0][2], lang)


def _subject_groups(
    data: pd.DataFrame, lang: str, subject_names: Mapping[str, str] | None, top_n: int
) -> tuple[pd.DataFrame, list[str], alt.Scale]:
    """Teachers by age and subject group (the `top_n` largest subjects, the rest "other")."""
    other = t("other", lang)
    data["subject_name"] = [label(c, subject_names) for c in data["subject"]]
    data["group"] = top_categories(data, "subject_name", "teachers", top_n, other)
    data = data.groupby(["age", "group"], as_index=False)[["teachers"]].sum()
    cats = ranked_with_other_last(data, "group", "teachers", other)
    return data, cats, category_colours(cats, other)


def _age_axis(data: pd.DataFrame, title: str) -> alt.Y:
    """The age axis, oldest on top, labelled every five years, 75 and over as "75+"."""
    ages = list(range(int(data["age"].min()), int(data["age"].max()) + 1)) if len(data) else []
    return alt.Y(
        "age:O",
        title=title,
        sort="descending",
        scale=alt.Scale(domain=ages[::-1]) if ages else alt.Undefined,
        axis=alt.Axis(
            values=[a for a in ages if a % 5 == 0],
            labelExpr="datum.value >= 75 ? '75+' : datum.value",
        ),
    )


def _without_few(data: pd.DataFrame) -> pd.DataFrame:
    """The ages with no teacher or at least `SUPPRESSION_THRESHOLD` of them (privacy).

    With one row per age the counts are whole persons, as in the table beside the chart (a
    0.3 bar was drawn where the table said 0).
    """
    counts = data.groupby("age")["teachers"].transform("sum").round()
    kept = data[~((counts > 0) & (counts < SUPPRESSION_THRESHOLD))]
    return kept.assign(teachers=kept["teachers"].round()) if kept["age"].is_unique else kept


def age_table(
    teachers_by_age: pd.DataFrame, year: int, lang: str, region: str | None = None
) -> pd.DataFrame:
    """The age chart's numbers: teachers by single-year age and age group, every age.

    Parameters
    ----------
    teachers_by_age : pandas.DataFrame
        The ``teachers_by_age`` result table.
    year : int
        Contract year.
    lang : {"lv", "en"}
        Language of the age groups' names.
    region : str, optional
        ATVK code of a municipality; None for all of Latvia.

    Returns
    -------
    pandas.DataFrame
        ``age, group, teachers``; a municipality's downloads blank its counts of 1–4
        (`ikm_sim.export_columns.suppressed`) where its chart leaves those ages out.
    """
    data = age_data(teachers_by_age, year, region, False)
    data["group"] = [_age_group(int(a), lang) for a in data["age"]]
    return data[["age", "group", "teachers"]]


def age_chart(
    teachers_by_age: pd.DataFrame,
    year: int,
    lang: str,
    region: str | None = None,
    by_subject: bool = False,
    subject_names: Mapping[str, str] | None = None,
    municipality_names: Mapping[str, str] | None = None,
    scenario: str | None = None,
    top_n: int = 7,
    hide_small: bool = False,
) -> alt.Chart:
    """Age pyramid (horizontal bars by single-year age) of teachers in one school year.

    Parameters
    ----------
    teachers_by_age : pandas.DataFrame
        The ``teachers_by_age`` result table.
    year : int
        Contract year shown.
    lang : {"lv", "en"}
        Language.
    region : str, optional
        ATVK code of a municipality; None for all of Latvia.
    by_subject : bool
        Colour by subject (the `top_n` largest, the rest as "other") instead of by age group.
    subject_names, municipality_names : mapping, optional
        Display names by code.
    scenario : str, optional
        Scenario name for the subtitle.
    top_n : int
        Subjects with their own colour.
    hide_small : bool
        Leave out the ages with 1 to 4 teachers (`ikm_sim.export.SUPPRESSION_THRESHOLD`; a
        municipality's chart, like its downloads, must not show a countable few), said in
        the subtitle.

    Returns
    -------
    alt.Chart
    """
    data = (age_data(teachers_by_age, year, region, True) if by_subject else
            age_table(teachers_by_age, year, lang, region))  # fmt: skip
    data = _without_few(data) if hide_small else data
    if by_subject:
        data, cats, scale = _subject_groups(data, lang, subject_names, top_n)
        colour_title = t("axis_subject", lang)
    else:
        cats = [t(k, lang) for _, _, k in AGE_GROUPS]
        scale = alt.Scale(domain=cats, range=list(_AGE_COLOURS))
        colour_title = t("axis_age_group", lang)
    data = data[["age", "group", "teachers"]]
    age_title = t("axis_age", lang)
    chart = (
        alt.Chart(data)
        .mark_bar(size=6)
        .encode(
            y=_age_axis(data, age_title),
            x=alt.X("sum(teachers):Q", title=t("axis_teachers", lang)),
            color=alt.Color("group:N", title=colour_title, scale=scale),
            order=alt.Order("group_rank:Q"),
            tooltip=[
                alt.Tooltip("age:O", title=age_title),
                alt.Tooltip("group:N", title=colour_title),
                alt.Tooltip("sum(teachers):Q", title=t("axis_teachers", lang), format=",.0f"),
            ],
        )
        .transform_calculate(group_rank=f"indexof({json.dumps(cats)}, datum.group)")
    )
    place = label(region, municipality_names) if region else t("all_latvia", lang)
    return finish(
        chart,
        lang,
        t("chart_age_title", lang, year=school_year_label(year, lang)),
        t("chart_age_subtitle", lang, place=place)
        + (t("chart_age_small_hidden", lang) if hide_small else ""),
        scenario,
        width=HALF_WIDTH,
        height=420,
    )


def _heatmap_layers(
    rows: list[str], cols: list[str], limit: float, lang: str
) -> tuple[alt.Chart, alt.Chart]:
    """The heat map's coloured cells (clamped at ±`limit`) and their numbers."""
    gap_title = t("axis_gap_fte", lang)
    base = alt.Chart().encode(
        x=alt.X(
            "subject_name:N",
            title=t("axis_subject", lang),
            sort=cols,
            axis=alt.Axis(labelAngle=-40, labelLimit=320, orient="top"),
        ),
        y=alt.Y("municipality:N", title=None, sort=rows, axis=alt.Axis(labelLimit=320)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "gap_fte:Q",
            title=gap_title,
            scale=alt.Scale(scheme=GAP_SCHEME, domain=[-limit, limit], domainMid=0, clamp=True),
            legend=alt.Legend(orient="right", direction="vertical", gradientLength=160),
        ),
        tooltip=[
            alt.Tooltip("municipality:N", title=t("axis_municipality", lang)),
            alt.Tooltip("subject_name:N", title=t("axis_subject", lang)),
            alt.Tooltip("gap_fte:Q", title=gap_title, format="+,.1f"),
            alt.Tooltip("demand_fte:Q", title=t("series_demand", lang), format=",.1f"),
            alt.Tooltip("supply_fte:Q", title=t("series_supply", lang), format=",.1f"),
        ],
    )
    text = (
        base.mark_text(fontSize=10)
        .encode(
            text=alt.Text("gap_fte:Q", format=",.0f"),
            color=alt.condition(
                f"abs(datum.gap_fte) > {0.6 * limit}", alt.value("white"), alt.value("#333333")
            ),
        )
        .transform_filter("abs(datum.gap_fte) >= 0.5")
    )
    return cells, text


def gap_heatmap(
    supply_demand: pd.DataFrame,
    year: int,
    lang: str,
    top_n: int = 15,
    subject_names: Mapping[str, str] | None = None,
    municipality_names: Mapping[str, str] | None = None,
    scenario: str | None = None,
) -> alt.Chart:
    """Heat map of the gap (demand − supply, FTE) by subject and municipality.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    year : int
        Contract year shown.
    lang : {"lv", "en"}
        Language.
    top_n : int
        Municipalities with the largest total shortage shown (rows, largest on top).
    subject_names, municipality_names : mapping, optional
        Display names by code.
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        Orange cells are shortages, blue cells surpluses; columns sorted by total gap.
    """
    data = gap_heatmap_data(supply_demand, year, top_n)
    data.insert(1, "municipality", [label(c, municipality_names) for c in data["region"]])
    data.insert(3, "subject_name", [label(c, subject_names) for c in data["subject"]])
    data.insert(0, "year", year)  # the downloaded table says which school year it shows
    # rows in the order they were chosen by: the shortage (positive gaps), not the net gap
    shortage = data.assign(pos=data["gap_fte"].clip(lower=0))
    rows = list(order_by_total(shortage, "municipality", "pos"))
    cols = list(order_by_total(data, "subject_name", "gap_fte"))
    # One large city would wash out every other cell: the colour scale spans the 90th
    # percentile of |gap| and clamps beyond it (the numbers in the cells stay exact).
    limit = float(data["gap_fte"].abs().quantile(0.9)) if len(data) else 1.0
    limit = max(limit, 1.0)
    chart = alt.layer(*_heatmap_layers(rows, cols, limit, lang), data=data)
    return finish(
        chart,
        lang,
        t("chart_heat_title", lang, year=school_year_label(year, lang)),
        f"{t('chart_heat_subtitle', lang, n=len(rows))}. "
        f"{t('chart_heat_clamp', lang, limit=format_number(limit, lang))}",
        scenario,
        width=max(320, 34 * len(cols)),
        height=max(160, 24 * len(rows)),
        fit_width=False,
    )


def entrants_data(supply_demand: pd.DataFrame) -> pd.DataFrame:
    """Return new teachers needed per year and subject, summed over municipalities.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.

    Returns
    -------
    pandas.DataFrame
        ``year, subject, entrants_needed``.
    """
    return by_year_subject(supply_demand, "entrants_needed")


def entrants_chart(
    supply_demand: pd.DataFrame,
    lang: str,
    subject_names: Mapping[str, str] | None = None,
    scenario: str | None = None,
    top_n: int = 7,
) -> alt.Chart:
    """Stacked bars of new teachers needed per school year, coloured by subject.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    lang : {"lv", "en"}
        Language.
    subject_names : mapping, optional
        Display names by subject code.
    scenario : str, optional
        Scenario name for the subtitle.
    top_n : int
        Subjects with their own colour; the rest are stacked as "other".

    Returns
    -------
    alt.Chart
    """
    chart, data = stacked_subject_bars(
        entrants_data(supply_demand),
        "entrants_needed",
        "axis_entrants",
        lang,
        subject_names,
        top_n,
        ",.0f",
    )
    return finish(
        chart,
        lang,
        t("chart_entrants_title", lang, span=year_span(data, lang)),
        t("chart_entrants_subtitle", lang),
        scenario,
        width=HALF_WIDTH,
    )

"""Overview charts: the observed history beside the forecast, and the subjects ranked by gap."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ikm_sim.charts._base import (
    add_school_year,
    every_nth_year,
    finish,
    label,
    number_format,
    year_axis,
)
from ikm_sim.locale.formatting import school_year_label
from ikm_sim.locale.i18n import t

#: Colours of the observed points and the forecast line.
OBSERVED_COLOUR = "#000000"
FORECAST_COLOUR = "#0072B2"


def history_forecast_data(observed: pd.Series, forecast: pd.Series, lang: str) -> pd.DataFrame:
    """The observed values and the forecast of one quantity as one table, told apart.

    Parameters
    ----------
    observed, forecast : pandas.Series
        Values by integer year (observed: published; forecast: the model's run).
    lang : {"lv", "en"}
        Language of the ``series`` labels and school years.

    Returns
    -------
    pandas.DataFrame
        ``year, school_year, series, value`` (``series``: observed or forecast).
    """
    parts = [
        pd.DataFrame(
            {"year": s.index.astype(int), "series": t(key, lang), "value": s.to_numpy(float)}
        )
        for s, key in ((observed, "series_observed"), (forecast, "series_forecast"))
        if len(s)
    ]
    if not parts:
        return add_school_year(pd.DataFrame(columns=["year", "series", "value"]), lang)
    return add_school_year(pd.concat(parts, ignore_index=True), lang)


def history_forecast_chart(
    observed: pd.Series,
    forecast: pd.Series,
    lang: str,
    quantity: str,
    scenario: str | None = None,
) -> alt.Chart:
    """Observed points and the forecast line of one national quantity, on one time axis.

    Parameters
    ----------
    observed, forecast : pandas.Series
        Values by integer year.
    lang : {"lv", "en"}
        Language.
    quantity : str
        The quantity's name with its unit (title and axis).
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        Black points (observed, published figures) and a blue line (the model's forecast),
        a dashed rule where the forecast starts.
    """
    data = history_forecast_data(observed, forecast, lang)
    seen, ahead = t("series_observed", lang), t("series_forecast", lang)
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[seen, ahead], range=[OBSERVED_COLOUR, FORECAST_COLOUR]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    axis = year_axis(lang, every_nth_year(data["year"]))
    x = alt.X("year:Q", axis=axis, scale=alt.Scale(nice=False, zero=False))
    y = alt.Y("value:Q", title=quantity, scale=alt.Scale(zero=False))
    tooltip = [
        alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
        alt.Tooltip("series:N", title=t("series", lang)),
        alt.Tooltip("value:Q", title=quantity, format=number_format()),
    ]
    base = alt.Chart().encode(x=x, y=y, color=colour, tooltip=tooltip)
    line = base.transform_filter(alt.datum.series == ahead).mark_line(strokeWidth=3)
    points = base.transform_filter(alt.datum.series == seen).mark_point(
        size=70, filled=True, opacity=1
    )
    start = int(forecast.index.min()) if len(forecast) else None
    layers: list[alt.Chart] = [line, points]
    if start is not None:
        rule = (
            alt.Chart(pd.DataFrame({"year": [start]}))
            .mark_rule(strokeDash=[4, 4], color="#888888")
            .encode(x="year:Q")
        )
        layers.insert(0, rule)
    chart = alt.layer(*layers, data=data)
    first = school_year_label(int(data["year"].min()), lang) if len(data) else ""
    last = school_year_label(int(data["year"].max()), lang) if len(data) else ""
    return finish(
        chart,
        lang,
        t("chart_history_title", lang, quantity=quantity, span=f"{first}–{last}"),
        t(
            "chart_history_subtitle",
            lang,
            start=school_year_label(start, lang) if start is not None else "",
        ),
        scenario,
    )


def subject_ranking_chart(
    ranking: pd.DataFrame,
    lang: str,
    year: int,
    place: str,
    subject_names: Mapping[str, str] | None = None,
    scenario: str | None = None,
) -> alt.Chart:
    """Horizontal bars of the gap of each subject in one year, largest shortage on top.

    Parameters
    ----------
    ranking : pandas.DataFrame
        `ikm_sim.indicators.near_term.subject_ranking`.
    lang : {"lv", "en"}
        Language.
    year : int
        The school year ranked.
    place : str
        Where (Latvia, a municipality), for the title.
    subject_names : mapping, optional
        Display names by subject code.
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        Orange bars for a shortage, blue for a surplus; its data is the CSV's.
    """
    data = ranking.assign(subject_name=[label(str(c), subject_names) for c in ranking["subject"]])
    order = list(data["subject_name"])
    gap = t("axis_gap_fte", lang)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("subject_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("gap_fte:Q", title=gap),
            color=alt.condition(alt.datum.gap_fte > 0, alt.value("#D55E00"), alt.value("#0072B2")),
            tooltip=[
                alt.Tooltip("rank:Q", title=t("col_rank", lang)),
                alt.Tooltip("subject_name:N", title=t("axis_subject", lang)),
                alt.Tooltip("gap_fte:Q", title=gap, format="+,.1f"),
                alt.Tooltip("vacancies_fte:Q", title=t("axis_vacancies_fte", lang), format=",.1f"),
                alt.Tooltip("gap_share:Q", title=t("col_gap_share", lang), format="+.1%"),
            ],
        )
    )
    return finish(
        chart,
        lang,
        t("chart_ranking_title", lang, place=place, year=school_year_label(year, lang)),
        t("chart_ranking_subtitle", lang),
        scenario,
        height=max(200, 24 * len(data)),
    )

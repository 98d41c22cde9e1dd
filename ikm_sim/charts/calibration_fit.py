"""The calibration page's fit charts: the model (calibrated and with the priors) vs history."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ikm_sim.charts._base import add_school_year, every_nth_year, finish, number_format, year_axis
from ikm_sim.locale.i18n import t

#: Line of the simulated table -> (text key, colour, dash).
LINES = {
    "calibrated": ("fit_calibrated", "#0072B2", [1, 0]),
    "prior": ("fit_prior", "#E69F00", [5, 4]),
}


def _fit_data(
    simulated: pd.DataFrame,
    observed: pd.DataFrame,
    labels: dict[str, str],
    seen: str,
    lang: str,
) -> pd.DataFrame:
    """The chart's rows: the model's lines, then the published points with their ranges."""
    lines = simulated.assign(series=simulated["line"].map(labels))[["year", "series", "value"]]
    points = observed.assign(
        series=seen,
        low=observed["low"].fillna(observed["value"]),
        high=observed["high"].fillna(observed["value"]),
    )[["year", "series", "value", "low", "high"]]
    return add_school_year(pd.concat([lines, points], ignore_index=True), lang)


def fit_chart(
    simulated: pd.DataFrame, observed: pd.DataFrame, name: str, lang: str, share: bool = False
) -> alt.Chart:
    """One quantity: the calibrated model's line, the line with the priors, published points.

    Parameters
    ----------
    simulated : pandas.DataFrame
        ``year``, ``line`` (a key of `LINES`) and ``value`` of the quantity.
    observed : pandas.DataFrame
        ``year``, ``value``, ``low`` and ``high`` (a published range; NaN when a point).
    name : str
        The quantity's name with its unit, in `lang` (title and axis).
    lang : {"lv", "en"}
        Language.
    share : bool
        The quantity is a share (0–1): values shown in percent.

    Returns
    -------
    alt.Chart
        Its data (``year, school_year, series, value, low, high``) is the CSV's.
    """
    labels = {key: t(text, lang) for key, (text, _, _) in LINES.items()}
    seen = t("fit_published", lang)
    data = _fit_data(simulated, observed, labels, seen, lang)
    fmt = ".1%" if share else number_format()
    domain = [labels["calibrated"], labels["prior"], seen]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[LINES["calibrated"][1], LINES["prior"][1], "#000"]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    x = alt.X(
        "year:Q",
        axis=year_axis(lang, every_nth_year(data["year"])),
        scale=alt.Scale(nice=False, zero=False),
    )
    y = alt.Y("value:Q", title=name, scale=alt.Scale(zero=False), axis=alt.Axis(format=fmt))
    tooltip = [
        alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
        alt.Tooltip("series:N", title=t("series", lang)),
        alt.Tooltip("value:Q", title=name, format=fmt),
    ]
    base = alt.Chart().encode(x=x, color=colour, tooltip=tooltip)
    model = (
        base.transform_filter(alt.FieldOneOfPredicate(field="series", oneOf=domain[:2]))
        .mark_line(strokeWidth=2.5)
        .encode(
            y=y,
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(
                    domain=domain[:2], range=[LINES["calibrated"][2], LINES["prior"][2]]
                ),
                legend=None,
            ),
        )
    )
    published = base.transform_filter(alt.datum.series == seen)
    chart = alt.layer(
        model,
        published.mark_rule(strokeWidth=2).encode(
            y=alt.Y("low:Q", title=name, scale=alt.Scale(zero=False)), y2="high:Q"
        ),
        published.mark_point(filled=True, size=60, opacity=1).encode(y=y),
        data=data,
    )
    return finish(
        chart,
        lang,
        name,
        t("fit_subtitle", lang),
        width=460,
        height=260,
    )

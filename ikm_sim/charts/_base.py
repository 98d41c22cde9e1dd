"""Shared pieces of every chart: locale, colours, titles, the school-year axis, top-N grouping."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import altair as alt
import pandas as pd

from ikm_sim.indicators.ranks import ranked_with_other_last, top_categories
from ikm_sim.locale.formatting import (
    D3_NUMBER_LOCALES,
    check_lang,
    school_year_label,
    year_range_label,
)
from ikm_sim.locale.i18n import t

#: Okabe–Ito palette (colour-blind safe), most distinct colours first; grey is kept for "other".
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
)
OTHER_COLOUR = "#999999"
#: Diverging scheme for gaps (blue = surplus, orange = shortage), readable with colour-blindness.
GAP_SCHEME: Final = "blueorange"
#: Default size of exported charts, in pixels (the app stretches charts to the page width).
WIDTH = 720
HEIGHT = 360
#: Width of charts meant for half a page (two charts side by side).
HALF_WIDTH = 460
#: Fonts present on Debian (DejaVu) first, so static exports never look fonts up online.
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"


def number_format(decimals: int = 0) -> str:
    """Return the d3 format string for a grouped number with `decimals` decimals."""
    return f",.{decimals}f"


def school_year_expr(lang: str) -> str:
    """Return a Vega expression that turns ``datum.value`` (a start year) into a school year.

    Parameters
    ----------
    lang : {"lv", "en"}
        ``"2025./2026."`` in Latvian, ``"2025/26"`` in English (as in `school_year_label`).

    Returns
    -------
    str
        The expression, for ``axis.labelExpr``.
    """
    if check_lang(lang) == "lv":
        return "toNumber(datum.value) + './' + (toNumber(datum.value) + 1) + '.'"
    return "toNumber(datum.value) + '/' + substring(toString(toNumber(datum.value) + 1), 2, 4)"


def year_axis(lang: str, values: Sequence[int] | None = None, angle: int = 0) -> alt.Axis:
    """Return an x axis labelled with school years.

    Parameters
    ----------
    lang : {"lv", "en"}
        Language of the labels and the title.
    values : sequence of int, optional
        Years to label; None lets Vega-Lite choose.
    angle : int
        Label angle in degrees.

    Returns
    -------
    alt.Axis
    """
    kwargs: dict[str, object] = {
        "title": t("axis_school_year", lang),
        "labelExpr": school_year_expr(lang),
        "labelAngle": angle,
        "tickMinStep": 1,
        "labelOverlap": True,
    }
    if values is not None:
        kwargs["values"] = list(values)
    return alt.Axis(**kwargs)  # type: ignore[arg-type]


def every_nth_year(years: Iterable[Any], step: int = 5) -> list[int]:
    """Return round years to label on an axis: multiples of `step` within `years`.

    Parameters
    ----------
    years : iterable of int
        Years on the axis (a list or a pandas Series).
    step : int
        Label every `step` years (2025, 2030, … for 5).

    Returns
    -------
    list of int
        Multiples of `step`, plus the first year when it is at least `step` / 2 years before
        the first multiple (so labels never collide); every year if there are fewer than 3.
    """
    ys = sorted({int(y) for y in years})
    picked = [y for y in ys if y % step == 0]
    if len(picked) < 3:
        return ys
    if ys[0] < picked[0] and picked[0] - ys[0] >= max(2, (step + 1) // 2):
        picked.insert(0, ys[0])
    return picked


def add_school_year(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return `df` with a ``school_year`` label column next to ``year`` (for tooltips and CSV)."""
    out = df.copy()
    labels = [school_year_label(int(y), lang) for y in out["year"]]
    out.insert(int(out.columns.get_loc("year")) + 1, "school_year", labels)  # type: ignore[arg-type]
    return out


def year_span(df: pd.DataFrame, lang: str) -> str:
    """School-year range of `df`'s ``year`` column as a label ("2023./2024.–2045./2046.")."""
    return year_range_label(int(df["year"].min()), int(df["year"].max()), lang)


def label(code: str, names: Mapping[str, str] | None) -> str:
    """Return the display name of a code, or the code itself when no name is known."""
    if names is None:
        return code
    return str(names.get(code, code))


def category_colours(categories: Sequence[str], other: str) -> alt.Scale:
    """Return a colour scale giving each category an Okabe–Ito colour and `other` grey."""
    domain = [c for c in categories if c != other]
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(domain))]
    if other in categories:
        domain.append(other)
        colours.append(OTHER_COLOUR)
    return alt.Scale(domain=domain, range=colours)


def subtitle_lines(lang: str, first: str, scenario: str | None) -> list[str]:
    """Return the subtitle: what is shown with units, the scenario and the synthesized-data note."""
    lines = [first]
    if scenario:
        lines.append(t("scenario_note", lang, name=scenario))
    lines.append(t("synth_note", lang))
    return lines


def finish(
    chart: alt.Chart | alt.LayerChart | alt.FacetChart,
    lang: str,
    title: str,
    subtitle: str,
    scenario: str | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
    fit_width: bool = True,
) -> alt.Chart:
    """Add title, subtitle, size, description and the language's locale to a chart.

    Parameters
    ----------
    chart : alt.Chart or alt.LayerChart
        The chart, with its data set at the top level.
    lang : {"lv", "en"}
        Language: sets the number locale (decimal comma and non-breaking-space thousands in
        Latvian).
    title, subtitle : str
        Title and first subtitle line (what and units).
    scenario : str, optional
        Scenario name, added to the subtitle.
    width, height : int
        Size in pixels.
    fit_width : bool
        Fit the whole chart (axes, legend) into the width, so it can stretch to a page column;
        False keeps the plot at `width` and adds axes and legend around it (heat maps, whose
        cells should keep their size). The height is never squeezed, so titles are not clipped.

    Returns
    -------
    alt.Chart
        The configured chart (a top-level chart; not to be layered further).
    """
    lang = check_lang(lang)
    lines = subtitle_lines(lang, subtitle, scenario)
    # Narrow charts (a half-page column) would cut long titles; wrap them onto lines instead.
    title_lines = textwrap.wrap(title, max(30, width // 10)) or [title]
    subtitle_wrapped = [part for line in lines for part in textwrap.wrap(line, max(40, width // 7))]
    configured = (
        chart.properties(
            title=alt.TitleParams(
                text=title_lines if len(title_lines) > 1 else title,
                subtitle=subtitle_wrapped,
                anchor="start",
                fontSize=16,
                subtitleFontSize=12,
                subtitleColor="#555555",
                offset=12,
            ),
            width=width,
            height=height,
            description=f"{title.rstrip('.')}. {' '.join(lines)}",
            autosize=alt.AutoSizeParams(type="fit-x" if fit_width else "pad", contains="padding"),
        )
        .configure(
            locale=alt.Locale(number=alt.NumberLocale(**D3_NUMBER_LOCALES[lang])),  # type: ignore[arg-type]
            font=FONT,
            numberFormat=number_format(0),
            background="white",
            # Vega's own ARIA labels of marks and axes are English ("X-axis titled …", "year:
            # 2023; fte: …"); the chart is described once, in its language, by `description`.
            aria=False,
        )
        .configure_axis(
            labelFontSize=11, titleFontSize=12, gridColor="#e6e6e6", domainColor="#888888"
        )
        .configure_legend(
            labelFontSize=11,
            titleFontSize=12,
            orient="bottom",
            columns=2 if width < 600 else 4,
            labelLimit=max(160, width // 2 - 40),
        )
        .configure_view(stroke=None)
    )
    return configured


def stacked_subject_bars(
    raw: pd.DataFrame,
    measure: str,
    axis_key: str,
    lang: str,
    subject_names: Mapping[str, str] | None,
    top_n: int,
    value_format: str,
) -> tuple[alt.Chart, pd.DataFrame]:
    """Stacked bars of `measure` per school year; the `top_n` subjects coloured, the rest "other".

    Parameters
    ----------
    raw : pandas.DataFrame
        Rows with ``year``, ``subject`` and `measure`.
    measure : str
        Column to stack.
    axis_key : str
        Translation key of the measure's axis title.
    lang : {"lv", "en"}
        Language.
    subject_names : mapping, optional
        Display names by subject code.
    top_n : int
        Subjects with their own colour.
    value_format : str
        d3 format of the measure in tooltips.

    Returns
    -------
    (alt.Chart, pandas.DataFrame)
        The chart (without title) and the aggregated data it shows.
    """
    other = t("other", lang)
    raw = raw.assign(subject_name=[label(c, subject_names) for c in raw["subject"]])
    raw["group"] = top_categories(raw, "subject_name", measure, top_n, other)
    data = raw.groupby(["year", "group"], as_index=False)[[measure]].sum()
    cats = ranked_with_other_last(data, "group", measure, other)
    data = add_school_year(data, lang)
    subject = t("axis_subject", lang)
    chart = (
        alt.Chart(data)
        .transform_calculate(rank=f"indexof({json.dumps(cats)}, datum.group)")
        .mark_bar()
        .encode(
            x=alt.X("year:O", axis=year_axis(lang, every_nth_year(data["year"]))),
            # whole-number labels (the theme's format): ticks at least 1 apart, or a small
            # municipality's axis reads "0, 1, 1, 2, 2"
            y=alt.Y(
                f"{measure}:Q",
                title=t(axis_key, lang),
                stack="zero",
                axis=alt.Axis(tickMinStep=1),
            ),
            color=alt.Color("group:N", title=subject, scale=category_colours(cats, other)),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
                alt.Tooltip("group:N", title=subject),
                alt.Tooltip(f"{measure}:Q", title=t(axis_key, lang), format=value_format),
            ],
        )
    )
    return chart, data

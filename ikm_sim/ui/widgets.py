"""Reusable page pieces: a chart with its download buttons, KPI metrics, formatted tables."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ikm_sim import export
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t


def _deferred(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """Wrap a renderer so it runs only when the user clicks (and at most once)."""
    cache: dict[str, bytes] = {}

    def run() -> bytes:
        if "v" not in cache:
            cache["v"] = make()
        return cache["v"]

    return run


#: Image downloads under every chart: extension, MIME type, icon, renderer.
_IMAGE_FORMATS = (
    ("png", "image/png", "image", export.chart_png),
    ("svg", "image/svg+xml", "draw", export.chart_svg),
    ("pdf", "application/pdf", "picture_as_pdf", export.chart_pdf),
)


def chart_with_downloads(
    chart: alt.Chart,
    key: str,
    lang: str,
    filename: str,
    stretch: bool = True,
    table: pd.DataFrame | None = None,
) -> None:
    """Show a chart with PNG, SVG, PDF and CSV download buttons under it.

    Parameters
    ----------
    chart : alt.Chart
        A finished chart from `ikm_sim.charts` (top-level data is what the CSV holds).
    key : str
        Unique widget key prefix on the page.
    lang : {"lv", "en"}
        Language of the button labels and of the rendered numbers.
    filename : str
        File name stem of the downloads (no extension).
    stretch : bool
        Stretch the chart to the column width (False keeps its own width, e.g. heat maps).
    table : pandas.DataFrame, optional
        Table for the CSV instead of the chart's data.
    """
    # The chart's own ``description`` (set by `ikm_sim.charts`) becomes its accessible name.
    # Its Vega-Lite spec is passed as built: the chart builders' specs are validated against
    # the schema by their tests, and validating every chart on every page view is not free.
    st.vega_lite_chart(
        chart.to_dict(validate=False),
        width="stretch" if stretch else "content",
        theme=None,
        key=f"{key}_chart",
    )
    data = table if table is not None else export.chart_table(chart)
    *image_columns, csv = st.columns(4, gap="small", width=600)
    for column, (ext, mime, icon, render) in zip(image_columns, _IMAGE_FORMATS, strict=True):
        column.download_button(
            t(f"download_{ext}", lang),
            data=_deferred(partial(render, chart, lang)),
            file_name=f"{filename}.{ext}",
            mime=mime,
            key=f"{key}_{ext}",
            on_click="ignore",
            icon=f":material/{icon}:",
        )
    csv.download_button(
        t("download_csv", lang),
        data=export.table_csv(data),
        file_name=f"{filename}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/table:",
    )


def formatted_table(df: pd.DataFrame, lang: str, decimals: int = 1) -> pd.DataFrame:
    """Return a copy of a numeric table with every number formatted for `lang` (for display).

    Parameters
    ----------
    df : pandas.DataFrame
        Numeric table (labels in the index).
    lang : {"lv", "en"}
        Number format.
    decimals : int
        Digits after the decimal mark.

    Returns
    -------
    pandas.DataFrame
        The same shape, with strings such as ``"1 234,5"``.
    """
    return df.map(lambda v: format_number(float(v), lang, decimals))


def metric_delta(change: float, lang: str, decimals: int = 0, suffix: str = "") -> str:
    """Format a change for `st.metric`: signed, in the language's format.

    Streamlit reads the direction of a string delta from a leading ASCII ``"-"``, so the
    typographic minus of `format_number` is replaced here.

    Parameters
    ----------
    change : float
        The change.
    lang : {"lv", "en"}
        Number format.
    decimals : int
        Digits after the decimal mark.
    suffix : str
        Unit appended after a non-breaking space (e.g. ``"p.p."``).

    Returns
    -------
    str
    """
    text = format_number(change, lang, decimals, signed=True).replace("\u2212", "-")
    return f"{text}\u00a0{suffix}" if suffix else text


def kpi_caption(first: int, last: int, lang: str) -> None:
    """Write the line above a KPI row: which school year, compared with which."""
    st.caption(
        t(
            "kpi_caption",
            lang,
            year=school_year_label(last, lang),
            base=school_year_label(first, lang),
        )
    )


def language_aware_selectbox(
    label: str,
    options: list[str],
    format_func: Callable[[str], str],
    state_key: str,
    lang: str,
    container: Any = None,
) -> str | None:
    """Draw a selectbox whose choice survives a language switch and whose labels follow it.

    The widget key contains the language, so switching language draws a new widget with the
    option labels in the new language (a widget keeps the labels it was first drawn with); the
    choice itself lives in ``st.session_state[state_key]`` and is carried over.

    Parameters
    ----------
    label : str
        Widget label.
    options : list of str
        Option codes.
    format_func : callable
        Display label of a code, in the current language.
    state_key : str
        Session-state key holding the chosen code.
    lang : {"lv", "en"}
        Current language.
    container : streamlit container, optional
        Where to draw (default: the main area).

    Returns
    -------
    str or None
        The chosen code.
    """
    return _language_aware("selectbox", label, options, format_func, state_key, lang, container)


def language_aware_radio(
    label: str,
    options: list[str],
    format_func: Callable[[str], str],
    state_key: str,
    lang: str,
    container: Any = None,
) -> str | None:
    """Draw a horizontal radio whose choice survives a language switch (as the selectbox).

    Parameters
    ----------
    label, options, format_func, state_key, lang, container
        As in `language_aware_selectbox`.

    Returns
    -------
    str or None
        The chosen code.
    """
    return _language_aware("radio", label, options, format_func, state_key, lang, container)


def _language_aware(
    kind: str,
    label: str,
    options: list[str],
    format_func: Callable[[str], str],
    state_key: str,
    lang: str,
    container: Any,
) -> str | None:
    if not options:
        return None
    chosen = st.session_state.get(state_key)
    if chosen not in options:
        chosen = options[0]
        st.session_state[state_key] = chosen
    widget_key = f"{state_key}__{lang}"

    def remember() -> None:
        st.session_state[state_key] = st.session_state[widget_key]

    target = container if container is not None else st
    extra = {"horizontal": True} if kind == "radio" else {}
    value = getattr(target, kind)(
        label,
        options=options,
        index=options.index(chosen),
        format_func=format_func,
        key=widget_key,
        on_change=remember,
        **extra,
    )
    st.session_state[state_key] = value
    return str(value) if value is not None else None

"""Reusable page pieces: a chart with its download buttons, KPI metrics, formatted tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from ikm_sim import export, export_tables
from ikm_sim.export_tables import TableContext
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.ui.caches import shared
from ikm_sim.ui.packs import report_context


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """A chart's Vega-Lite spec, not validated (the chart builders' tests validate them)."""
    return dict(chart.to_dict(validate=False))


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
#: Table downloads: kind (`export_tables.file_names`), label key, MIME type, icon.
_TABLE_FORMATS = (
    ("xlsx", "download_xlsx", export_tables.XLSX_MIME, "grid_on"),
    ("report_csv", "download_csv_excel", "text/csv", "table_view"),
    ("tidy_csv", "download_csv", "text/csv", "table"),
)


def table_downloads(
    table: pd.DataFrame | Callable[[], pd.DataFrame],
    key: str,
    lang: str,
    filename: str,
    context: TableContext | None = None,
    container: Any = None,
) -> None:
    """Draw a table's three downloads: Excel and CSV for a report, and the tidy CSV.

    Every file comes from `ikm_sim.export_tables` (the one path of report-ready tables) and is
    built only when its button is clicked.

    Parameters
    ----------
    table : pandas.DataFrame or callable
        The tidy table (English column codes), or a function returning it.
    key : str
        Unique widget key prefix on the page.
    lang : {"lv", "en"}
        Language of the labels and of the report files.
    filename : str
        File name stem of the downloads (no extension).
    context : TableContext, optional
        Names and provenance (default: the dataset's names, no run provenance).
    container : streamlit container, optional
        Where to draw the buttons (default: a new horizontal row).
    """
    ctx = context if context is not None else report_context(None, "", lang)
    row = container if container is not None else st.container(horizontal=True, gap="small")
    names = export_tables.file_names(filename, lang)

    def make(kind: str) -> bytes:
        frame = table() if callable(table) else table
        return export_tables.table_file(frame, kind, ctx, filename)

    for kind, label, mime, icon in _TABLE_FORMATS:
        row.download_button(
            t(label, lang),
            data=_deferred(partial(make, kind)),
            file_name=names[kind],
            mime=mime,
            key=f"{key}_{kind}",
            on_click="ignore",
            icon=f":material/{icon}:",
            help=t("download_table_help", lang),
        )


def chart_with_downloads(
    chart: alt.Chart,
    key: str,
    lang: str,
    filename: str,
    stretch: bool = True,
    table: pd.DataFrame | None = None,
    context: TableContext | None = None,
) -> None:
    """Show a chart with its image downloads (PNG, SVG, PDF) and its table's downloads under it.

    Parameters
    ----------
    chart : alt.Chart
        A finished chart from `ikm_sim.charts` (top-level data is what the tables hold).
    key : str
        Unique widget key prefix on the page.
    lang : {"lv", "en"}
        Language of the button labels and of the rendered numbers.
    filename : str
        File name stem of the downloads (no extension).
    stretch : bool
        Stretch the chart to the column width (False keeps its own width, e.g. heat maps).
    table : pandas.DataFrame, optional
        Table for the downloads instead of the chart's data.
    context : TableContext, optional
        Names and provenance of the table downloads (`table_downloads`).
    """
    # The chart's own ``description`` (set by `ikm_sim.charts`) becomes its accessible name.
    # Its Vega-Lite spec is passed as built: the chart builders' specs are validated against
    # the schema by their tests, and validating every chart on every page view is not free.
    # A chart shared by sessions (`ikm_sim.ui.caches.shared`) has its spec and table made once.
    st.vega_lite_chart(
        shared(_spec, chart),
        width="stretch" if stretch else "content",
        theme=None,
        key=f"{key}_chart",
    )
    data = table if table is not None else shared(export.chart_table, chart)
    # A wrapping row of buttons as wide as their labels: no label is cut short.
    row = st.container(horizontal=True, gap="small")
    for ext, mime, icon, render in _IMAGE_FORMATS:
        row.download_button(
            t(f"download_{ext}", lang),
            data=_deferred(partial(render, chart, lang)),
            file_name=f"{filename}.{ext}",
            mime=mime,
            key=f"{key}_{ext}",
            on_click="ignore",
            icon=f":material/{icon}:",
        )
    table_downloads(data, key, lang, filename, context, row)


#: Toolbar buttons Streamlit adds to tables and charts that export past the app's one export
#: path, in English: the raw data, Streamlit's own PNG and CSV, the Vega-Lite spec.
HIDDEN_TOOLBAR_BUTTONS = ("Download as CSV", "Download as PNG", "Show data", "Copy Vega-Lite spec")
#: Style of every page: those buttons hidden (every chart and table has the app's downloads in
#: the interface language instead).
APP_STYLE = (
    "<style>"
    + ", ".join(
        f"[data-testid='stElementToolbarButton']:has(button[aria-label='{label}'])"
        for label in HIDDEN_TOOLBAR_BUTTONS
    )
    + " {display: none;}</style>"
)


#: Streamlit's own empty-list text of a selectbox's search ("No results", in English only).
#: Only the dropdown and its emptiness are named: a CI run once found the empty text in a
#: span that a selector naming the list's and the option's roles as well did not reach.
NO_RESULTS_SELECTOR = "[data-testid='stSelectboxVirtualDropdown'] [data-empty='true'] span"
#: Characters of a scenario title the sidebar's box shows whole; a longer one is cut there and
#: written out in full beneath it.
SIDEBAR_TITLE_CHARS = 30


def app_style(lang: str) -> None:
    """Add the style every page shares (`APP_STYLE`), a search's empty list in `lang`."""
    empty = t("select_no_results", lang).replace('"', "")
    st.html(
        APP_STYLE.removesuffix("</style>")
        + f"{NO_RESULTS_SELECTOR} {{font-size: 0;}}"
        + f'{NO_RESULTS_SELECTOR}::after {{content: "{empty}"; font-size: 0.875rem;}}</style>'
    )


def full_title(label: str, container: Any) -> None:
    """Write a chosen option's `label` in full beneath its box when the box cuts it."""
    if len(label) > SIDEBAR_TITLE_CHARS:
        container.caption(label)


def uploader_texts(lang: str, limit: str, types: str) -> None:
    """Put the file uploader's own words (Streamlit draws them in English) in `lang`.

    Streamlit offers no option for the uploader's button and size line ("Upload", "1MB per
    file"), so a style rule hides them and writes the interface's words in their place; the
    size named is the app's own limit, the one the upload is checked against.

    Parameters
    ----------
    lang : {"lv", "en"}
        Interface language.
    limit : str
        The accepted size, e.g. ``"256 kB"``.
    types : str
        The accepted file types, e.g. ``"YAML"``.
    """
    zone = "[data-testid='stFileUploaderDropzone']"
    button = t("upload_button", lang).replace('"', "")
    note = t("upload_note", lang, limit=limit, types=types).replace('"', "")
    st.html(
        "<style>"
        f"{zone} button [data-testid='stMarkdownContainer'] p {{font-size: 0;}}"
        f"{zone} button [data-testid='stMarkdownContainer'] p::after "
        f'{{content: "{button}"; font-size: 0.875rem;}}'
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span {{font-size: 0;}}"
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span::after "
        f'{{content: "{note}"; font-size: 0.875rem;}}'
        # An error's details are shown whole, wrapped, not cut off in a scroll box.
        "[data-testid='stAlert'] pre, [data-testid='stAlert'] pre code "
        "{white-space: pre-wrap !important; overflow-wrap: anywhere;}"
        "</style>"
    )


def number_slider(
    label: str,
    lo: float,
    hi: float,
    step: float,
    key: str,
    lang: str,
    decimals: int = 2,
    suffix: str = "",
    help: str | None = None,
) -> float:
    """Draw a slider over numbers that writes them as the language does ("0,65", "65,00 %").

    Streamlit's number slider formats with printf (a decimal point in every language), so this
    is a select slider over the steps from `lo` to `hi`, each labelled by `format_number`; a
    value already in ``st.session_state[key]`` between the steps is kept as an option.

    Parameters
    ----------
    label : str
        Widget label.
    lo, hi, step : float
        Range and step.
    key : str
        Widget key (its session-state value is the number).
    lang : {"lv", "en"}
        Number format.
    decimals : int
        Digits after the decimal mark.
    suffix : str
        Text after the number (e.g. ``"%"``), joined by a non-breaking space.
    help : str, optional
        Tooltip.

    Returns
    -------
    float
        The chosen number.
    """
    count = round((hi - lo) / step)
    options = [round(lo + i * step, 6) for i in range(count + 1)]
    current = st.session_state.get(key)
    if isinstance(current, int | float):
        current = round(float(current), 6)
        st.session_state[key] = current
        if current not in options and lo <= current <= hi:
            options = sorted([*options, current])
    end = f"\u00a0{suffix}" if suffix else ""
    value = st.select_slider(
        label,
        options=options,
        format_func=lambda v: f"{format_number(v, lang, decimals)}{end}",
        key=key,
        help=help,
    )
    return float(value)


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


def metric_delta(
    change: float, lang: str, decimals: int = 0, suffix: str = "", mode: str = "normal"
) -> dict[str, Any]:
    """Return `st.metric`'s delta arguments for a change: text, colour and arrow.

    Streamlit reads a string delta's direction from a leading ASCII ``"-"``; the text here
    keeps the typographic minus U+2212 of `format_number`, so the colour and the arrow are
    given explicitly.

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
    mode : {"normal", "inverse", "off"}
        As Streamlit's ``delta_color``: a rise is green (``"normal"``), red (``"inverse"``) or
        grey (``"off"``).

    Returns
    -------
    dict
        ``delta``, ``delta_color`` and ``delta_arrow`` for `st.metric`.
    """
    text = format_number(change, lang, decimals, signed=True)
    if suffix:
        text = f"{text}\u00a0{suffix}"
    if not any(ch in "123456789" for ch in text):
        return {"delta": text, "delta_color": "gray", "delta_arrow": "off"}
    rising = change > 0
    good = rising if mode == "normal" else not rising
    colour = "gray" if mode == "off" else ("green" if good else "red")
    return {"delta": text, "delta_color": colour, "delta_arrow": "up" if rising else "down"}


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
    extra: dict[str, Any] = {"horizontal": True} if kind == "radio" else {}
    if kind == "selectbox":
        extra["placeholder"] = t("select_placeholder", lang)
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


def kept_year_slider(
    label: str, years: Sequence[int], state_key: str, widget_key: str, default: int, lang: str
) -> int:
    """Draw a school-year slider whose choice outlives the pages that do not draw it.

    The year lives in `state_key` (kept in the URL by `ikm_sim.ui.url_state`), the widget under
    `widget_key`: Streamlit drops a widget's state on a page that does not draw it.

    Parameters
    ----------
    label : str
        Widget label.
    years : sequence of int
        The years offered.
    state_key, widget_key : str
        Session key of the year, and of the widget.
    default : int
        The year when none is chosen yet (or the chosen one is not offered).
    lang : {"lv", "en"}
        Language of the school years.

    Returns
    -------
    int
    """
    options = [int(y) for y in years]
    current = st.session_state.get(state_key)
    chosen = current if current in options else default
    st.session_state[state_key] = chosen

    def remember() -> None:
        st.session_state[state_key] = st.session_state[widget_key]

    year = st.select_slider(
        label,
        options=options,
        value=chosen,
        format_func=lambda y: school_year_label(int(y), lang),
        key=widget_key,
        on_change=remember,
    )
    st.session_state[state_key] = int(year)
    return int(year)

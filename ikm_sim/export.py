"""Exports: charts to PNG/SVG/PDF, tables to CSV/XLSX, and small-cell suppression for publication.

Charts are rendered offline with vl-convert (the data are inline, the fonts are the system's; no
Google Fonts, no network). CSV files are UTF-8 **with a byte-order mark** (``utf-8-sig``), comma
separated, with a decimal point: the BOM makes Excel read Latvian letters (ā, č, ē, ģ, ī, ķ, ļ,
ņ, š, ū, ž) correctly, and comma/point keeps the file machine-readable by any tool (pandas,
R, csvkit read the BOM transparently). Users who want numbers laid out for a Latvian Excel take
the XLSX download instead, where numbers are numbers and Excel applies the user's locale.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ikm_sim.locale.formatting import D3_NUMBER_LOCALES, check_lang

if TYPE_CHECKING:  # the chart libraries are imported by the chart functions only
    import altair as alt

#: Encoding of CSV exports (UTF-8 with a byte-order mark, for Excel).
CSV_ENCODING = "utf-8-sig"
#: Default threshold of `suppress_small_cells`: counts of 1–4 persons are not published.
SUPPRESSION_THRESHOLD = 5


def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    if "$schema" not in spec:
        spec = dict(spec)
    for key in ("width", "height"):
        if spec.get(key) == "container":  # no container outside a page: fall back to pixels
            spec[key] = 720 if key == "width" else 360
    return spec


def _locale(lang: str) -> dict[str, object]:
    return D3_NUMBER_LOCALES[check_lang(lang)]


def chart_png(
    chart: alt.TopLevelMixin | dict[str, Any], lang: str = "lv", scale: float = 2.0
) -> bytes:
    r"""Render a chart to PNG.

    Parameters
    ----------
    chart : altair chart or dict
        The chart (or its Vega-Lite spec) with inline data.
    lang : {"lv", "en"}
        Number locale used during rendering (the chart's own ``config.locale`` also applies).
    scale : float
        Pixel scale; 2 gives crisp images for reports and slides.

    Returns
    -------
    bytes
        PNG image data (starts with ``b"\x89PNG"``).
    """
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(_spec(chart), scale=scale, format_locale=_locale(lang)))


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any], lang: str = "lv") -> bytes:
    """Render a chart to SVG (UTF-8 encoded XML).

    Parameters
    ----------
    chart : altair chart or dict
        The chart (or its Vega-Lite spec) with inline data.
    lang : {"lv", "en"}
        Number locale used during rendering.

    Returns
    -------
    bytes
        The SVG document.
    """
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(_spec(chart), format_locale=_locale(lang))).encode("utf-8")


def chart_pdf(chart: alt.TopLevelMixin | dict[str, Any], lang: str = "lv") -> bytes:
    """Render a chart to PDF.

    Parameters
    ----------
    chart : altair chart or dict
        The chart (or its Vega-Lite spec) with inline data.
    lang : {"lv", "en"}
        Number locale used during rendering.

    Returns
    -------
    bytes
        PDF data (starts with ``b"%PDF"``).
    """
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_pdf(_spec(chart), format_locale=_locale(lang)))


def chart_table(chart: alt.TopLevelMixin) -> pd.DataFrame:
    """Return the table a chart draws (its top-level inline data).

    Parameters
    ----------
    chart : altair chart
        A chart built by `ikm_sim.charts` (data at the top level, as a DataFrame).

    Returns
    -------
    pandas.DataFrame
        A copy of the data.

    Raises
    ------
    ValueError
        If the chart has no DataFrame at the top level.
    """
    data = getattr(chart, "data", None)
    if not isinstance(data, pd.DataFrame):
        raise ValueError("the chart has no top-level DataFrame to export")
    return data.copy()


def table_csv(df: pd.DataFrame, index: bool = False) -> bytes:
    r"""Encode a table as CSV: UTF-8 with BOM, comma separated, decimal point.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    index : bool
        Write the index as the first column (for wide tables with labelled rows).

    Returns
    -------
    bytes
        The file contents, starting with the UTF-8 BOM ``b"\xef\xbb\xbf"``.
    """
    return df.to_csv(index=index, lineterminator="\n").encode(CSV_ENCODING)


def table_xlsx(df: pd.DataFrame, sheet_name: str = "dati", index: bool = False) -> bytes:
    """Encode a table as an Excel workbook (one sheet, numbers kept as numbers).

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    sheet_name : str
        Name of the sheet (at most 31 characters; longer names are cut).
    index : bool
        Write the index as the first column.

    Returns
    -------
    bytes
        XLSX data (a ZIP archive, starts with ``b"PK"``).
    """
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    frame = df.reset_index() if index else df
    # Column widths from the header and a sample of rows (reading every cell back is slow).
    sample = frame.head(500)
    widths = [
        max(len(str(name)), int(sample[name].astype(str).str.len().max()) if len(sample) else 0)
        for name in frame.columns
    ]
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet_name[:31], index=False)
        sheet = writer.sheets[sheet_name[:31]]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(40, max(8, width + 2))
    return buffer.getvalue()


def suppress_small_cells(
    df: pd.DataFrame,
    count_columns: Sequence[str],
    threshold: float = SUPPRESSION_THRESHOLD,
    flag_column: str = "suppressed",
) -> pd.DataFrame:
    """Blank counts of persons that are above zero but below `threshold`, for publication.

    Municipality × subject tables can reveal individual teachers where only a few persons are
    counted. This primary suppression blanks (sets to missing) every value with
    ``0 < value < threshold`` in `count_columns` and adds a boolean `flag_column` saying which
    rows lost a value. Zeros stay (they disclose nobody). It does not do secondary
    (complementary) suppression: totals published next to the table can still let a reader
    recover a blanked cell, so publish totals from the unsuppressed data only at a level where
    no cell was blanked.

    Parameters
    ----------
    df : pandas.DataFrame
        Table at the publication level (e.g. year × municipality × subject).
    count_columns : sequence of str
        Columns holding counts of persons (headcounts, hires, leavers…), not FTE.
    threshold : float
        Smallest count that may be published (default 5).
    flag_column : str
        Name of the added flag column.

    Returns
    -------
    pandas.DataFrame
        A copy with small counts blanked (NaN, an empty cell in CSV/XLSX) and the flag column.

    Raises
    ------
    KeyError
        If a count column is missing.
    """
    missing = [c for c in count_columns if c not in df.columns]
    if missing:
        raise KeyError(f"columns not in the table: {', '.join(missing)}")
    out = df.copy()
    flagged = pd.Series(False, index=out.index)
    for column in count_columns:
        values = pd.to_numeric(out[column], errors="coerce").astype("float64")
        small = (values > 0) & (values < threshold)
        out[column] = values.mask(small)
        flagged |= small
    out[flag_column] = flagged
    return out

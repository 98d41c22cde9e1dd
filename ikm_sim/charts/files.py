"""Altair charts rendered to the bytes of a file, by its suffix (for the command line)."""

from __future__ import annotations

import io
from typing import Any

#: File types a chart can be written as, by suffix.
CHART_FORMATS = (".html", ".png", ".svg", ".pdf")


def chart_bytes(chart: Any, suffix: str) -> bytes:
    """An Altair chart rendered to the bytes of a ``.html/.png/.svg/.pdf/.json`` file.

    Parameters
    ----------
    chart : altair.TopLevelMixin
        The chart.
    suffix : str
        The file's suffix, with or without the dot.

    Returns
    -------
    bytes
        The file's contents.
    """
    fmt = suffix.lstrip(".")
    if fmt in ("png", "pdf"):
        binary = io.BytesIO()
        chart.save(binary, format=fmt)
        return binary.getvalue()
    text = io.StringIO()
    chart.save(text, format=fmt)
    return text.getvalue().encode("utf-8")

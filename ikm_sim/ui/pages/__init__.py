"""The app's pages; each module is both a Streamlit page script and importable (``render``)."""

from __future__ import annotations

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent

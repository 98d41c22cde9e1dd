"""ikm-sim web app: page frame, language and scenario choice, navigation.

Run with ``streamlit run app.py`` (or ``make app``). The pages live in ``ikm_sim/ui/pages/``.
"""

from __future__ import annotations

import streamlit as st

from ikm_sim.locale.i18n import t
from ikm_sim.ui.media import keep_downloads
from ikm_sim.ui.pages import PAGES_DIR
from ikm_sim.ui.scenarios import scenario_ids, scenario_label
from ikm_sim.ui.state import (
    LANG_KEY,
    SCENARIO_KEY,
    current_lang,
    dataset_or_none,
)
from ikm_sim.ui.url_state import read_url_state, write_url_state
from ikm_sim.ui.widgets import app_style, full_title, language_aware_selectbox

LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}

st.set_page_config(page_title="ikm-sim", page_icon=":material/school:", layout="wide")
keep_downloads()  # a download built on a click stays until the browser has fetched it

_dataset = dataset_or_none()
read_url_state(
    scenario_ids(),
    set() if _dataset is None else {str(c) for c in _dataset.municipalities["atvk"]},
)
ids = scenario_ids()  # after a link's own scenario has joined them

st.sidebar.radio(
    t("language", current_lang()),
    options=list(LANGUAGE_NAMES),
    format_func=LANGUAGE_NAMES.__getitem__,
    horizontal=True,
    key=LANG_KEY,
)
lang = current_lang()
app_style(lang)  # after the URL's language is read: a link with lang=en gets English texts

if ids:
    labels = {ident: scenario_label(ident, lang) for ident in ids}
    chosen = language_aware_selectbox(
        t("scenario", lang),
        ids,
        labels.__getitem__,
        SCENARIO_KEY,
        lang,
        st.sidebar,
    )
    if chosen is not None:
        full_title(labels[chosen], st.sidebar)

#: The views, in menu order: page file stem (also its URL and title key) and its icon.
PAGES = (
    ("overview", "insights"),
    ("municipality", "location_city"),
    ("builder", "tune"),
    ("funding", "euro"),
    ("uncertainty", "ssid_chart"),
    ("sensitivity", "bar_chart"),
    ("calibration", "fact_check"),
    ("data", "dataset"),
)
page = st.navigation(
    [
        st.Page(
            PAGES_DIR / f"{stem}.py",
            title=t(f"nav_{stem}", lang),
            url_path=stem,
            icon=f":material/{icon}:",
            default=i == 0,
        )
        for i, (stem, icon) in enumerate(PAGES)
    ]
)
st.sidebar.caption(t("app_title", lang))
st.warning(t("synth_banner", lang), icon=":material/science:")
try:
    page.run()
finally:
    write_url_state()

"""ikm-sim web app: page frame, language and scenario choice, navigation.

Run with ``streamlit run app.py`` (or ``make app``). The pages live in ``ikm_sim/ui/pages/``.
"""

from __future__ import annotations

import streamlit as st

from ikm_sim.ui.i18n import t
from ikm_sim.ui.pages import PAGES_DIR
from ikm_sim.ui.state import LANG_KEY, SCENARIO_KEY, current_lang, scenario_files, scenario_title
from ikm_sim.ui.widgets import language_aware_selectbox

LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}

st.set_page_config(page_title="ikm-sim", page_icon=":material/school:", layout="wide")

st.sidebar.radio(
    t("language", current_lang()),
    options=list(LANGUAGE_NAMES),
    format_func=LANGUAGE_NAMES.__getitem__,
    horizontal=True,
    key=LANG_KEY,
)
lang = current_lang()

files = scenario_files()
if files:
    language_aware_selectbox(
        t("scenario", lang),
        [p.stem for p in files],
        lambda stem: scenario_title(next(p for p in files if p.stem == stem), lang),
        SCENARIO_KEY,
        lang,
        st.sidebar,
    )

page = st.navigation(
    [
        st.Page(
            PAGES_DIR / "overview.py",
            title=t("nav_overview", lang),
            url_path="overview",
            icon=":material/insights:",
            default=True,
        ),
        st.Page(
            PAGES_DIR / "municipality.py",
            title=t("nav_municipality", lang),
            url_path="municipality",
            icon=":material/location_city:",
        ),
        st.Page(
            PAGES_DIR / "builder.py",
            title=t("nav_builder", lang),
            url_path="builder",
            icon=":material/tune:",
        ),
        st.Page(
            PAGES_DIR / "uncertainty.py",
            title=t("nav_uncertainty", lang),
            url_path="uncertainty",
            icon=":material/ssid_chart:",
        ),
        st.Page(
            PAGES_DIR / "calibration.py",
            title=t("nav_calibration", lang),
            url_path="calibration",
            icon=":material/fact_check:",
        ),
        st.Page(
            PAGES_DIR / "data.py",
            title=t("nav_data", lang),
            url_path="data",
            icon=":material/dataset:",
        ),
    ]
)
st.sidebar.caption(t("app_title", lang))
st.warning(t("synth_banner", lang), icon=":material/science:")
page.run()

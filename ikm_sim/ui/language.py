"""The interface language chosen in the sidebar (Latvian until the user switches)."""

from __future__ import annotations

import streamlit as st

from ikm_sim.locale.formatting import LANGUAGES, Lang, check_lang

#: Session-state key of the chosen language.
LANG_KEY = "lang"


def current_lang() -> Lang:
    """Return the language chosen in the sidebar (Latvian until the user switches)."""
    value = st.session_state.get(LANG_KEY, LANGUAGES[0])
    try:
        return check_lang(str(value))
    except ValueError:
        return LANGUAGES[0]

"""The view in the URL: language, scenario, municipality and year as query parameters.

The page is the URL path (``st.navigation`` url paths); the rest of the view is kept in
``?lang=en&scenario=…&municipality=LV0001000&year=2030&ensemble=1000-42-…`` (the session's last
ensemble, `ikm_sim.ui.ensembles`). `read_url_state` takes a sent or
reloaded link's choices into the session once, on the session's first run, ignoring any value
it does not know (the default stays); `write_url_state` writes the session's current choices
back on every run, so the address bar always shows the view on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import streamlit as st

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.locale.formatting import LANGUAGES
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui.ensembles import ENSEMBLE_KEY, valid_tag
from ikm_sim.ui.language import LANG_KEY

#: Session key of the chosen municipality (ATVK code), shared by every page that offers one.
MUNICIPALITY_KEY = "municipality"
#: Session key of the Municipality page's school year (the teachers' age chart).
YEAR_KEY = "muni_year"
#: Session key of the sidebar's scenario (a file stem of ``scenarios/``).
SCENARIO_KEY = "scenario_file"
#: Query parameter name of each session key kept in the URL.
PARAMS = {
    LANG_KEY: "lang",
    SCENARIO_KEY: "scenario",
    MUNICIPALITY_KEY: "municipality",
    YEAR_KEY: "year",
    ENSEMBLE_KEY: "ensemble",
}
_READ_KEY = "_ikm_url_state_read"


def _valid_year(text: str) -> int | None:
    try:
        year = int(text)
    except ValueError:
        return None
    return year if BASE_YEAR <= year <= FINAL_YEAR else None


def url_choices(
    params: Mapping[str, str], scenarios: Collection[str], municipalities: Collection[str]
) -> dict[str, object]:
    """Return the session values a URL's query parameters ask for, only the valid ones.

    Parameters
    ----------
    params : mapping of str to str
        The query parameters (``st.query_params``).
    scenarios : collection of str
        Scenario ids the app offers.
    municipalities : collection of str
        ATVK codes of the municipalities.

    Returns
    -------
    dict
        Session key to value; a missing, unknown or malformed parameter is left out.
    """
    checks: dict[str, Callable[[str], object | None]] = {
        LANG_KEY: lambda v: v if v in LANGUAGES else None,
        SCENARIO_KEY: lambda v: v if v in scenarios else None,
        MUNICIPALITY_KEY: lambda v: v if v in municipalities else None,
        YEAR_KEY: _valid_year,
        ENSEMBLE_KEY: valid_tag,
    }
    chosen: dict[str, object] = {}
    for key, check in checks.items():
        text = params.get(PARAMS[key])
        value = check(str(text)) if text is not None else None
        if value is not None:
            chosen[key] = value
    return chosen


def read_url_state(scenarios: Collection[str], municipalities: Collection[str]) -> None:
    """Take the URL's valid choices into the session, once per session (its first run).

    Parameters
    ----------
    scenarios : collection of str
        Scenario ids the app offers.
    municipalities : collection of str
        ATVK codes of the municipalities.
    """
    if st.session_state.get(_READ_KEY):
        return
    st.session_state[_READ_KEY] = True
    params = {name: st.query_params[name] for name in PARAMS.values() if name in st.query_params}
    for key, value in url_choices(params, scenarios, municipalities).items():
        st.session_state[key] = value


def write_url_state() -> None:
    """Write the session's current choices into the URL (a choice not made is left out)."""
    for key, name in PARAMS.items():
        value = st.session_state.get(key)
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)

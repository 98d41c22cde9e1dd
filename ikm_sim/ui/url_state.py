"""The view in the URL: language, scenario, municipality and year as query parameters.

The page is the URL path (``st.navigation`` url paths); the rest of the view is kept in
``?lang=en&scenario=…&municipality=LV0001000&year=2030&ensemble=1000-42-…`` (the session's last
ensemble, `ikm_sim.ui.ensembles`), and, when the scenario is one of the session's own, the
scenario itself in ``own=1.…`` (`ikm_sim.ui.scenario_link`). `read_url_state` takes a sent or
reloaded link's choices into the session once, on the session's first run, ignoring any value
it does not know (the default stays; an own scenario's link that cannot be read is told in
one line); `write_url_state` writes the session's current choices
back on every run, so the address bar always shows the view on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import streamlit as st

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.locale.formatting import LANGUAGES
from ikm_sim.locale.i18n import t
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui.ensembles import ENSEMBLE_KEY, valid_tag
from ikm_sim.ui.language import LANG_KEY, current_lang
from ikm_sim.ui.scenario_link import LinkError

#: Session key of the chosen municipality (ATVK code), shared by every page that offers one.
MUNICIPALITY_KEY = "municipality"
#: Session key of the Municipality page's school year (the teachers' age chart).
YEAR_KEY = "muni_year"
#: Session key of the Overview's school year of the charts (age, heat map, subject ranking).
CHART_YEAR_KEY = "overview_chart_year"
#: Session key of the sidebar's scenario (a file stem of ``scenarios/``).
SCENARIO_KEY = "scenario_file"
#: Query parameter name of each session key kept in the URL.
PARAMS = {
    LANG_KEY: "lang",
    SCENARIO_KEY: "scenario",
    MUNICIPALITY_KEY: "municipality",
    YEAR_KEY: "year",
    CHART_YEAR_KEY: "chart_year",
    ENSEMBLE_KEY: "ensemble",
}
#: Query parameter of an own scenario's link (`ikm_sim.ui.scenarios.own_link`).
OWN_PARAM = "own"
#: Id prefix of a session's own scenario (`ikm_sim.ui.scenarios`; a file stem never holds ":").
OWN_PREFIX = "own:"
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
        CHART_YEAR_KEY: _valid_year,
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
    known, problem = _own_from_url(set(scenarios))
    wanted = str(params.get(PARAMS[SCENARIO_KEY], ""))
    if problem is None and wanted.startswith(OWN_PREFIX) and wanted not in known:
        problem = "own_link_missing"
    for key, value in url_choices(params, known, municipalities).items():
        st.session_state[key] = value
    if problem is not None:
        st.warning(t(problem, current_lang()), icon=":material/link_off:")


def _own_from_url(scenarios: set[str]) -> tuple[set[str], str | None]:
    """Scenario ids with the URL's own scenario added, and the text key of a problem (or None)."""
    text = st.query_params.get(OWN_PARAM)
    if not text:
        return scenarios, None
    # scenarios imports this module (its keys): imported here, when the app runs
    from ikm_sim.ui.scenarios import own_from_link

    try:
        return scenarios | {own_from_link(str(text))}, None
    except LinkError as exc:
        return scenarios, f"own_link_{exc.reason}"


def write_url_state() -> None:
    """Write the session's current choices into the URL (a choice not made is left out)."""
    from ikm_sim.ui.scenarios import own_link

    values: dict[str, object] = {name: st.session_state.get(key) for key, name in PARAMS.items()}
    values[OWN_PARAM] = own_link(st.session_state.get(SCENARIO_KEY))
    for name, value in values.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)

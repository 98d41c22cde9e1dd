"""The scenarios a session can choose: the shipped files and the session's own.

A scenario made in the scenario builder (after a successful run) or uploaded there (after it
is parsed and validated; an uploaded file is never executed) becomes one of the session's own
scenarios. They are kept in ``st.session_state`` only, so they are never written to the shared
scenario folder and never seen by another session; the sidebar's scenario choice, and so every
page, offers them after the shipped files. One choice is a `ScenarioChoice`: its id (a file
stem, or `OWN_PREFIX` and the scenario's name), the scenario, its file (None for an own
scenario), its YAML text, its titles and the cache key of its run.

An own scenario also travels in the URL (`ikm_sim.ui.scenario_link`: the levers it changes from
a shipped scenario, packed): `own_link` gives its link text (None when it does not fit), and
`own_from_link` takes a reloaded or sent link's scenario back into a new session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from ikm_sim.errors import IkmSimError
from ikm_sim.locale.formatting import LANGUAGES, check_lang
from ikm_sim.locale.i18n import t
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.ui.caches import _load_scenario
from ikm_sim.ui.scenario_link import decode_link, encode_link
from ikm_sim.ui.url_state import OWN_PREFIX, SCENARIO_KEY

#: Session-state key of the session's own scenarios: id -> {"json", "yaml", "link"}.
OWN_KEY = "_ikm_own_scenarios"
#: At most this many own scenarios are kept per session (the oldest goes first).
MAX_OWN = 12


@dataclass(frozen=True)
class ScenarioChoice:
    """One scenario the session can choose.

    Attributes
    ----------
    id : str
        A shipped file's stem, or `OWN_PREFIX` + the own scenario's name.
    scenario : Scenario or None
        The scenario (None: a shipped file that does not load; running it reports why).
    path : pathlib.Path or None
        The shipped file (None for an own scenario).
    yaml : str
        The scenario's YAML text (for export packs).
    """

    id: str
    scenario: Any
    path: Path | None
    yaml: str

    @property
    def own(self) -> bool:
        """Whether this is one of the session's own scenarios."""
        return self.path is None

    @property
    def tag(self) -> str:
        """File-name part naming the scenario (the stem or the own scenario's name)."""
        return self.id.removeprefix(OWN_PREFIX)

    @property
    def source(self) -> str:
        """What analyses record as their source: the file path or the own id."""
        return str(self.path) if self.path is not None else self.id

    @property
    def key(self) -> str:
        """Cache key of the scenario's run (its name and a hash of its full content)."""
        if self.path is not None:
            return _scenario_key(self.path)
        return scenario_object_key(self.scenario)

    def title(self, lang: str) -> str:
        """The scenario's title in `lang` (own ones marked as the session's)."""
        if self.scenario is None:
            return self.tag
        title = str(getattr(self.scenario, f"title_{check_lang(lang)}", self.tag))
        return t("own_scenario_label", lang, title=title) if self.own else title

    def description(self, lang: str) -> str:
        """What the scenario asks and why, in `lang` ("" when there is none)."""
        if self.scenario is None:
            return ""
        return str(getattr(self.scenario, f"description_{check_lang(lang)}", "") or "")


def scenario_object_key(scenario: Any) -> str:
    """Return the cache key of an in-memory scenario: its name and a hash of its full content."""
    text = scenario.model_dump_json()
    return f"{scenario.name}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _scenario_key(path: Path | None) -> str:
    if path is None:
        return "embedded-baseline"
    try:
        scenario = _load_scenario(path)
        text = scenario.model_dump_json()
    except (IkmSimError, AttributeError, TypeError, ValueError):
        text = path.read_text(encoding="utf-8") if path.exists() else str(path)
    return f"{path.stem}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def scenario_files() -> list[Path]:
    """Return the shipped scenario files, baseline first."""
    files = sorted(SCENARIOS_DIR.glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "baseline", p.stem))


def scenario_title(path: Path | None, lang: str) -> str:
    """Return a scenario file's title in `lang` (its file stem if the file does not load)."""
    if path is None:
        return t("baseline", lang)
    try:
        scenario = _load_scenario(path)
    except (IkmSimError, AttributeError):
        return path.stem
    return str(getattr(scenario, f"title_{check_lang(lang)}", path.stem))


def scenario_description(path: Path | None, lang: str) -> str:
    """Return what a scenario file asks and why, in `lang` ("" when there is no description)."""
    if path is None:
        return ""
    try:
        scenario = _load_scenario(path)
    except (IkmSimError, AttributeError, TypeError, ValueError):
        return ""
    return str(getattr(scenario, f"description_{check_lang(lang)}", "") or "")


def _own() -> dict[str, dict[str, str]]:
    own: dict[str, dict[str, str]] = st.session_state.setdefault(OWN_KEY, {})
    return own


def add_own(scenario: Any, yaml_text: str, bases: Iterable[str | None] = ()) -> str:
    """Keep `scenario` as one of the session's own scenarios; return its id.

    A scenario of the same name replaces the earlier one (the builder's repeated runs of one
    name are one entry); past `MAX_OWN` the oldest is dropped. Its link (`own_link`) is made
    here, once.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (built in the builder or parsed from an upload).
    yaml_text : str
        Its YAML text.
    bases : iterable of str, optional
        Shipped scenarios its link may be expressed against (the builder's starting one).

    Returns
    -------
    str
        Its id in the scenario choice.
    """
    own = _own()
    ident = f"{OWN_PREFIX}{scenario.name}"
    own.pop(ident, None)
    link = encode_link(scenario, bases) or ""
    own[ident] = {"json": scenario.model_dump_json(), "yaml": yaml_text, "link": link}
    while len(own) > MAX_OWN:
        own.pop(next(iter(own)))
    return ident


def own_link(ident: str | None) -> str | None:
    """The link text of own scenario `ident` (None: not an own scenario, or it does not fit)."""
    entry = _own().get(ident or "")
    return (entry.get("link") or None) if entry is not None else None


def own_from_link(text: str) -> str:
    """Take the scenario of a link (`own_link`) into the session's own ones; return its id.

    Raises
    ------
    ikm_sim.ui.scenario_link.LinkError
        When the link is too long, damaged or not a valid scenario (nothing is added).
    """
    scenario, yaml_text = decode_link(text)
    ident = add_own(scenario, yaml_text, (scenario.extends,))
    _own()[ident]["link"] = text.strip()
    return ident


def scenario_ids() -> list[str]:
    """Every scenario id the session can choose: the shipped stems, then its own."""
    return [p.stem for p in scenario_files()] + list(_own())


def choice(ident: str | None) -> ScenarioChoice | None:
    """The scenario of id `ident` (None when there is no such scenario).

    Parameters
    ----------
    ident : str or None
        A shipped file stem or an own scenario's id.

    Returns
    -------
    ScenarioChoice or None
    """
    if not ident:
        return None
    if ident.startswith(OWN_PREFIX):
        entry = _own().get(ident)
        if entry is None:
            return None
        from ikm_sim.scenario import Scenario

        own = Scenario.model_validate_json(entry["json"])
        return ScenarioChoice(ident, own, None, entry["yaml"])
    path = SCENARIOS_DIR / f"{ident}.yaml"
    if not path.exists():
        return None
    scenario: Any
    try:
        scenario = _load_scenario(path)
    except (IkmSimError, AttributeError, TypeError, ValueError):
        scenario = None
    return ScenarioChoice(ident, scenario, path, path.read_text(encoding="utf-8"))


def chosen_scenario() -> ScenarioChoice | None:
    """The scenario chosen in the sidebar (the first shipped one by default; None if none)."""
    found = choice(st.session_state.get(SCENARIO_KEY))
    if found is not None:
        return found
    files = scenario_files()
    return choice(files[0].stem) if files else None


def scenario_label(ident: str, lang: str) -> str:
    """The sidebar's label of scenario `ident` in `lang` (the id when it is unknown)."""
    found = choice(ident)
    return found.title(lang) if found is not None else ident


def source_title(source: str, lang: str) -> str:
    """Title of an analysis's source (`ScenarioChoice.source`: a file path or an own id)."""
    if source.startswith(OWN_PREFIX):
        found = choice(source)
        return found.title(lang) if found is not None else source.removeprefix(OWN_PREFIX)
    return scenario_title(Path(source) if source else None, lang)


def show_everywhere(ident: str) -> None:
    """Make `ident` the sidebar's scenario (a widget callback: before the sidebar is drawn)."""
    st.session_state[SCENARIO_KEY] = ident
    # The sidebar's widget of each language (`language_aware_selectbox`): a value set in a
    # callback reaches the browser (its index beside it only logs Streamlit's warning).
    for lang in LANGUAGES:
        st.session_state[f"{SCENARIO_KEY}__{lang}"] = ident

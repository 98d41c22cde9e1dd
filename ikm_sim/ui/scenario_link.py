"""An own scenario in a link: the settings it changes from a shipped scenario, packed for a URL.

A session's own scenario (`ikm_sim.ui.scenarios`) travels in the URL as one query parameter,
``own=1.<text>``: ``1`` is the format's version and the text is the compact JSON of a scenario
document that ``extends:`` a shipped scenario and sets only the levers that differ from it
(titles and descriptions beside them), compressed with zlib and written in URL-safe base64.

Reading a link never executes anything: the text is bounded (`MAX_LINK_CHARS`, and the
unpacked document by `ikm_sim.limits.MAX_SCENARIO_BYTES`), JSON is parsed as data, and the
document is checked exactly as an uploaded scenario file is (`ikm_sim.scenario.load_scenario_text`:
safe YAML loader, schema, codes, ``extends`` only to a shipped scenario). Anything else is a
`LinkError` whose `LinkError.reason` the app turns into one line in the interface language.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Iterable
from typing import Any

import yaml

from ikm_sim.errors import IkmSimError
from ikm_sim.limits import MAX_SCENARIO_BYTES, MAX_YAML_DEPTH
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import Scenario, load_scenario, load_scenario_text

#: Version of the link format (the part before the first ".").
LINK_VERSION = "1"
#: Longest link text accepted or written: a link must still pass browsers and proxies (nginx's
#: default request line is 8 KB) and hold every shipped scenario uploaded as one's own (the
#: longest, programma_skola with its long descriptions, packs to about 2,000 characters).
MAX_LINK_CHARS = 2800
#: The scenario document's fields a link carries (besides ``levers``).
_TEXT_FIELDS = ("name", "title_lv", "title_en", "description_lv", "description_en")
_BODY = re.compile(r"^[A-Za-z0-9_-]+$")
#: The label of a link's scenario in the check's messages.
LINK_LABEL = "link.yaml"


class LinkError(IkmSimError):
    """A scenario link that cannot be read.

    Attributes
    ----------
    reason : {"too_long", "damaged", "invalid"}
        Why: longer than `MAX_LINK_CHARS` (or unpacks beyond the scenario size limit), not a
        link of this format, or a scenario the check refuses (the message says why).
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


def _shipped(stem: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9_\-]+", stem)) and (SCENARIOS_DIR / f"{stem}.yaml").exists()


def _int_keys(value: Any, depth: int = 0) -> Any:
    """JSON's string keys of years back to integers (as a YAML scenario file writes them)."""
    if depth > MAX_YAML_DEPTH:
        raise LinkError("damaged", f"the link's data is nested deeper than {MAX_YAML_DEPTH}")
    if isinstance(value, dict):
        return {(int(k) if k.isdigit() else k): _int_keys(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_int_keys(v, depth + 1) for v in value]
    return value


def _payload(scenario: Scenario, base: str) -> dict[str, Any]:
    """The link's content: `scenario` as a document extending `base` (only changed levers)."""
    theirs = load_scenario(SCENARIOS_DIR / f"{base}.yaml").levers
    mine = scenario.levers.model_dump(mode="json", by_alias=True, exclude_none=True)
    known = theirs.model_dump(mode="json", by_alias=True, exclude_none=True)
    doc: dict[str, Any] = {k: getattr(scenario, k) for k in _TEXT_FIELDS if getattr(scenario, k)}
    doc["extends"] = base
    doc["levers"] = {k: v for k, v in mine.items() if known.get(k) != v}
    return {"doc": doc, "extends": scenario.extends}


def _pack(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return f"{LINK_VERSION}.{base64.urlsafe_b64encode(packed).decode('ascii').rstrip('=')}"


def encode_link(scenario: Scenario, bases: Iterable[str | None] = ()) -> str | None:
    """The shortest link of `scenario`, or None when it does not fit in one.

    Parameters
    ----------
    scenario : Scenario
        A resolved, validated scenario (an own scenario of the session).
    bases : iterable of str, optional
        Shipped scenarios to express it against (e.g. the builder's starting scenario); its
        own ``extends`` and ``baseline`` are tried too.

    Returns
    -------
    str or None
        A link text that `decode_link` turns back into exactly `scenario`; None when no
        such text is at most `MAX_LINK_CHARS` long.
    """
    candidates = dict.fromkeys(b for b in (*bases, scenario.extends, "baseline") if b)
    best: str | None = None
    for base in candidates:
        if not _shipped(base):
            continue
        text = _pack(_payload(scenario, base))
        if len(text) > MAX_LINK_CHARS or (best is not None and len(text) >= len(best)):
            continue
        try:
            again, _ = decode_link(text)
        except LinkError:
            continue
        if again.model_dump_json() == scenario.model_dump_json():
            best = text
    return best


def _unpack(text: str) -> Any:
    """The JSON value a link text holds (bounded; never executed)."""
    if len(text) > MAX_LINK_CHARS:
        raise LinkError("too_long", f"the link holds {len(text)} characters")
    version, _, body = text.strip().partition(".")
    if version != LINK_VERSION or not _BODY.match(body):
        raise LinkError("damaged", f"not a version-{LINK_VERSION} scenario link")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        unzip = zlib.decompressobj()
        raw = unzip.decompress(packed, MAX_SCENARIO_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        raise LinkError("damaged", "the link's text is not packed scenario data") from None
    if unzip.unconsumed_tail:
        raise LinkError("too_long", "the link unpacks beyond the scenario size limit")
    if not unzip.eof:
        raise LinkError("damaged", "the link's text is cut short")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise LinkError("damaged", "the link's content is not JSON") from None


def decode_link(text: str) -> tuple[Scenario, str]:
    """The scenario a link text holds, checked as an uploaded scenario file is.

    Parameters
    ----------
    text : str
        The ``own`` query parameter (`encode_link`).

    Returns
    -------
    tuple of (Scenario, str)
        The resolved scenario and its YAML text (a scenario file extending a shipped one).

    Raises
    ------
    LinkError
        Too long, damaged or tampered with, or not a valid scenario.
    """
    payload = _unpack(text)
    if (
        not isinstance(payload, dict)
        or set(payload) != {"doc", "extends"}
        or not isinstance(payload["doc"], dict)
        or not isinstance(payload["extends"], str | None)
    ):
        raise LinkError("damaged", "the link does not hold a scenario")
    doc = _int_keys(payload["doc"])
    yaml_text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    try:
        checked = load_scenario_text(yaml_text, LINK_LABEL)
        scenario = Scenario.model_validate(
            {**checked.model_dump(mode="python", by_alias=True), "extends": payload["extends"]}
        )
    except (IkmSimError, ValueError) as exc:
        raise LinkError("invalid", str(exc)) from None
    return scenario, yaml_text

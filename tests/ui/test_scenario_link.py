"""An own scenario in the URL: encoded compactly, read back exactly, refused when tampered."""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ikm_sim.limits import MAX_SCENARIO_BYTES
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.ui import builder, state
from ikm_sim.ui.scenario_link import (
    LINK_VERSION,
    MAX_LINK_CHARS,
    LinkError,
    decode_link,
    encode_link,
)
from ikm_sim.ui.url_state import OWN_PARAM, OWN_PREFIX, SCENARIO_KEY
from tests.ui.fakes import make_result, use_runner

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _what_if(base_stem: str = "pay_growth") -> Scenario:
    """A builder what-if: pay growth and STEM study places moved from a shipped scenario."""
    base = load_scenario(SCENARIOS_DIR / f"{base_stem}.yaml")
    initial = builder.initial_values(base)
    values = {**initial, "pay_growth": 3.5, "places_stem": 1.5, "places_stem_year": 2027}
    changes = builder.lever_changes(base, values, initial)
    edited = builder.edited_scenario(base, changes, "mans_plans")
    return edited.model_copy(update={"title_lv": "Mans plāns ā", "title_en": "My plan"})


def _pack(payload: object) -> str:
    raw = zlib.compress(json.dumps(payload).encode("utf-8"))
    return f"{LINK_VERSION}.{base64.urlsafe_b64encode(raw).decode().rstrip('=')}"


def _unpacked(link: str) -> dict[str, object]:
    body = link.split(".", 1)[1]
    raw = zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload: dict[str, object] = json.loads(raw)
    return payload


@pytest.mark.parametrize("base_stem", ["baseline", "pay_growth", "stem_training_places"])
def test_a_what_if_travels_and_comes_back_exactly(base_stem: str) -> None:
    what_if = _what_if(base_stem)
    link = encode_link(what_if, [base_stem])
    assert link is not None and link.startswith(f"{LINK_VERSION}.")
    assert len(link) < 900, len(link)  # compact: only the levers that differ from the base
    again, yaml_text = decode_link(link)
    assert again.model_dump_json() == what_if.model_dump_json()
    assert f"extends: {base_stem}" in yaml_text
    doc = _unpacked(link)["doc"]
    assert isinstance(doc, dict)
    assert set(doc["levers"]) == {"relative_pay", "training_places"}


def test_every_shipped_scenario_as_an_upload_fits_a_link() -> None:
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        uploaded = load_scenario(path).model_copy(update={"name": f"up_{path.stem}"})
        link = encode_link(uploaded)
        assert link is not None, path.stem
        assert decode_link(link)[0].model_dump_json() == uploaded.model_dump_json()


def test_a_scenario_too_large_for_a_link_is_said_not_to_travel() -> None:
    long = _what_if().model_copy(update={"description_lv": "x" * 9000 + "ā" * 3000})
    # a long text compresses well; random-like text does not
    noisy = "".join(chr(0x100 + (i * 7919) % 0x500) for i in range(3000))
    assert encode_link(long.model_copy(update={"description_en": noisy})) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "damaged"),
        ("2.eJwrSS0uAQAEXQHB", "damaged"),  # another version
        ("1.not base64!", "damaged"),
        ("1.AAAA", "damaged"),  # base64, but not zlib
        ("1." + "A" * (MAX_LINK_CHARS + 10), "too_long"),
    ],
)
def test_damaged_links_are_refused(text: str, reason: str) -> None:
    with pytest.raises(LinkError) as info:
        decode_link(text)
    assert info.value.reason == reason


def test_tampered_links_are_refused_by_the_scenario_check() -> None:
    link = encode_link(_what_if(), ["pay_growth"])
    assert link is not None
    payload = _unpacked(link)
    doc = dict(payload["doc"])  # type: ignore[call-overload]
    cases = {
        "out of bounds": {**doc, "levers": {"retention": 99.0}},
        "unknown lever": {**doc, "levers": {"__import__": "os"}},
        "extends outside": {**doc, "extends": "../../etc/passwd"},
        "python tag": {**doc, "name": "!!python/object/apply:os.system ['true']"},
        "unknown code": {**doc, "levers": {"training_places": {"subjects": {"XXX": 2.0}}}},
    }
    for what, bad in cases.items():
        with pytest.raises(LinkError) as info:
            decode_link(_pack({"doc": bad, "extends": None}))
        assert info.value.reason == "invalid", what
    for shape in ([1, 2], {"doc": doc}, {"doc": "x", "extends": None}, {"doc": doc, "extends": 3}):
        with pytest.raises(LinkError) as info:
            decode_link(_pack(shape))
        assert info.value.reason == "damaged", shape
    # a flipped character breaks the compressed stream or its check sum
    flipped = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    with pytest.raises(LinkError):
        decode_link(flipped)


def test_a_zip_bomb_is_stopped_at_the_scenario_size_limit() -> None:
    bomb = zlib.compress(b"[" * (MAX_SCENARIO_BYTES * 4), 9)
    text = f"{LINK_VERSION}.{base64.urlsafe_b64encode(bomb).decode().rstrip('=')}"
    assert len(text) <= MAX_LINK_CHARS
    with pytest.raises(LinkError) as info:
        decode_link(text)
    assert info.value.reason == "too_long"


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    state.clear_caches()
    use_runner(monkeypatch, lambda scenario=None, data=None, progress=None: make_result())
    yield
    state.clear_caches()


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_link_brings_its_own_scenario_into_a_new_session(fake_run: None) -> None:
    link = encode_link(_what_if(), ["pay_growth"])
    assert link is not None
    ident = f"{OWN_PREFIX}mans_plans"
    at = _open({"scenario": ident, OWN_PARAM: link})
    assert not at.warning[1:], [w.value for w in at.warning]
    box = at.sidebar.selectbox(key=f"{SCENARIO_KEY}__lv")
    assert box.value == ident
    assert "Mans: Mans plāns ā" in box.options
    url = {k: v if isinstance(v, str) else v[-1] for k, v in at.query_params.items()}
    assert url["scenario"] == ident and url[OWN_PARAM] == link
    # choosing a shipped scenario takes the own scenario's link out of the URL
    box.set_value("baseline").run()
    assert OWN_PARAM not in at.query_params


def test_a_link_opens_the_builder_on_its_own_scenario(fake_run: None) -> None:
    # a reload or a sent link: the builder starts from the own scenario, not from defaults
    from ikm_sim.ui.pages.builder import BASE_KEY

    link = encode_link(_what_if(), ["pay_growth"])
    assert link is not None
    ident = f"{OWN_PREFIX}mans_plans"
    at = _open({"scenario": ident, OWN_PARAM: link})
    at.switch_page("ikm_sim/ui/pages/builder.py").run()
    assert not at.exception, at.exception
    # it starts from the shipped scenario it extends (the baseline: a builder's what-if is
    # whole), its own levers set over it
    assert at.selectbox(key=BASE_KEY).value == "baseline"
    assert at.select_slider(key="bld_places_stem").value == 1.5
    assert at.select_slider(key="bld_pay_growth").value == 3.5
    assert at.text_input(key="builder_name").value == "Mans plāns ā"
    # run: the what-if against its base, not against itself (no change at all)
    next(b for b in at.button if b.proto.label == "Aprēķināt").click().run()
    assert not at.exception, at.exception
    changed = " ".join(c.value for c in at.caption)
    assert "Mainītās sviras: " in changed and "Neviena svira nav mainīta" not in changed


def test_a_tampered_link_gives_one_line_and_the_default_view(fake_run: None) -> None:
    link = encode_link(_what_if(), ["pay_growth"])
    assert link is not None
    bad = _pack({"doc": {**_unpacked(link)["doc"], "levers": {"retention": 99}}, "extends": None})  # type: ignore[dict-item]
    for lang, word in (("lv", "noklusēto skatu"), ("en", "default view")):
        at = _open({"lang": lang, "scenario": f"{OWN_PREFIX}mans_plans", OWN_PARAM: bad})
        messages = [w.value for w in at.warning if word in w.value]
        assert len(messages) == 1 and "\n" not in messages[0], messages
        assert at.sidebar.selectbox(key=f"{SCENARIO_KEY}__{lang}").value == "baseline"
        assert OWN_PARAM not in at.query_params


def test_an_upload_too_large_for_a_link_is_said_not_to_travel(fake_run: None) -> None:
    from tests.ui.test_pages import BUILDER_PAGE

    noisy = "".join(chr(0x100 + (i * 7919) % 0x500) for i in range(3000))
    text = f"name: big\ntitle_lv: Liels\ntitle_en: Big\ndescription_lv: '{noisy}'\n"
    at = _open({})
    at.switch_page(BUILDER_PAGE).run()
    upload = at.file_uploader(key="builder_upload")
    upload.set_value(("big.yaml", text.encode("utf-8"), "application/x-yaml")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("par lielu, lai to ietvertu saitē" in c.value for c in at.caption)
    next(b for b in at.button if b.key == "builder_upload_everywhere").click().run()
    assert at.sidebar.selectbox(key=f"{SCENARIO_KEY}__lv").value == f"{OWN_PREFIX}big"
    assert OWN_PARAM not in at.query_params  # nothing to put in the link

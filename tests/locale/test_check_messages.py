"""The scenario check's messages in the interface language (an upload's error in the app)."""

from __future__ import annotations

from ikm_sim.locale.i18n_own import check_message

MESSAGE = (
    "mine.yaml:1: (top level): missing required key 'title_lv'\n"
    "mine.yaml:3: levers.pay: unknown key 'pay'; allowed: relative_pay, retention\n"
    "mine.yaml:5: levers.retention: expected a number in share, got 'lots'"
)


def test_latvian_check_message_keeps_files_keys_and_values() -> None:
    text = check_message(MESSAGE, "lv")
    assert text.splitlines() == [
        "mine.yaml:1: (augšējais līmenis): trūkst obligātās atslēgas 'title_lv'",
        "mine.yaml:3: levers.pay: nezināma atslēga 'pay'; atļautas: relative_pay, retention",
        "mine.yaml:5: levers.retention: gaidīts skaitlis mērvienībā share, saņemts 'lots'",
    ]


def test_english_check_message_is_unchanged() -> None:
    assert check_message(MESSAGE, "en") == MESSAGE


def test_a_key_named_like_a_phrase_is_not_translated() -> None:
    assert check_message("a.yaml:2: levers.got: unknown key 'got'", "lv") == (
        "a.yaml:2: levers.got: nezināma atslēga 'got'"
    )

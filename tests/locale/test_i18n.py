from __future__ import annotations

import re
import string

import pytest

from ikm_sim.locale.formatting import LANGUAGES
from ikm_sim.locale.i18n import TEXTS, t


def test_every_key_has_every_language() -> None:
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        for lang, text in texts.items():
            assert text.strip(), f"{key}/{lang} is empty"


def test_format_fields_match_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, texts in TEXTS.items():
        assert fields(texts["lv"]) == fields(texts["en"]), key


def test_latvian_terms() -> None:
    lv = " ".join(texts["lv"] for texts in TEXTS.values()).lower()
    for term in (
        "pedagog",
        "likme",
        "vakances",
        "skolēn",
        "pašvaldīb",
        "plānošanas reģion",
        "mācību gad",
        "pieprasījums",
        "piedāvājums",
        "iztrūkum",
    ):
        assert term in lv, term
    # English texts do not leak Latvian letters (names of places are data, not texts; the
    # programme "Mācītspēks" and the pack's file "PIEŅĒMUMI.md" are proper names).
    for key, texts in TEXTS.items():
        if key in {"language"}:
            continue
        text = texts["en"].replace("Mācītspēks", "")
        assert not re.search("[āčēģīķļņšūž]", text), key


def test_t_fills_fields_and_rejects_unknown() -> None:
    assert t("kpi_mean", "en", span="2023–2045") == "mean 2023–2045"
    assert t("nav_overview") == "Valsts kopskats"
    with pytest.raises(KeyError):
        t("no_such_key", "lv")
    with pytest.raises(ValueError):
        t("nav_overview", "ru")

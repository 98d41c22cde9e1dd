from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from ikm_sim.locale import i18n
from ikm_sim.locale.formatting import LANGUAGES
from ikm_sim.locale.i18n import TEXTS, t
from ikm_sim.locale.i18n_sensitivity import PARAMETER_LABELS

#: The text tables merged into TEXTS, by module.
TABLES = {
    "i18n.py": "TEXTS",
    "i18n_pages.py": "PAGE_TEXTS",
    "i18n_sensitivity.py": "SENSITIVITY_TEXTS",
    "i18n_sobol.py": "SOBOL_TEXTS",
    "i18n_fan_exports.py": "FAN_EXPORT_TEXTS",
    "i18n_tables.py": "TABLE_TEXTS",
    "i18n_backtest.py": "BACKTEST_TEXTS",
    "i18n_uncertainty_note.py": "UNCERTAINTY_NOTE_TEXTS",
    "i18n_costs.py": "COST_TEXTS",
    "i18n_funding.py": "FUNDING_TEXTS",
    "i18n_own.py": "OWN_TEXTS",
    "i18n_near_term.py": "NEAR_TERM_TEXTS",
    "i18n_dataset.py": "DATASET_TEXTS",
    "i18n_cost_views.py": "COST_VIEW_TEXTS",
    "i18n_appstate.py": "APPSTATE_TEXTS",
    "i18n_calibration.py": "CALIBRATION_TABLE_TEXTS",
}


def test_every_key_has_every_language() -> None:
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGUAGES), key
        for lang, text in texts.items():
            assert text.strip(), f"{key}/{lang} is empty"


def test_no_key_is_defined_twice() -> None:
    # The tables are merged with dict.update, which would let a later table silently replace
    # a text of an earlier one; read the literal keys from the source instead.
    keys: Counter[str] = Counter()
    folder = Path(i18n.__file__).parent
    for module, name in TABLES.items():
        tree = ast.parse((folder / module).read_text(encoding="utf-8"))
        literal = next(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
        )
        assert isinstance(literal, ast.Dict), name
        keys.update(ast.literal_eval(key) for key in literal.keys if key is not None)
    keys.update(f"param_{name}" for name in PARAMETER_LABELS)  # generated in i18n_sensitivity
    assert sorted(key for key, count in keys.items() if count > 1) == []
    assert set(keys) == set(TEXTS)


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

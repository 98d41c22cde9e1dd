"""Texts of the session's own scenarios and of the scenario check's messages (Latvian first).

Merged into `ikm_sim.locale.i18n.TEXTS`. `CHECK_PHRASES` turns the English phrases of the
scenario check (``file:line: key: what is expected``, as ``ikm-sim validate`` prints them)
into Latvian for an upload's error message in the Latvian interface.
"""

from __future__ import annotations

import re

OWN_TEXTS: dict[str, dict[str, str]] = {
    "own_scenario_label": {"lv": "Mans: {title}", "en": "Mine: {title}"},
    "own_added": {
        "lv": (
            "“{title}” ir jūsu scenāriju sarakstā sānjoslā (tikai šajā sesijā): to var "
            "atvērt katrā lapā."
        ),
        "en": (
            "“{title}” is in your scenario list in the sidebar (this session only): every page "
            "can show it."
        ),
    },
    "own_show": {"lv": "Rādīt visās lapās", "en": "Show on every page"},
    "own_shown": {
        "lv": "Visas lapas rāda šo scenāriju.",
        "en": "Every page shows this scenario.",
    },
    "compare_with": {"lv": "Salīdzināt ar scenāriju", "en": "Compare with scenario"},
    "compare_none": {"lv": "(nesalīdzināt)", "en": "(no comparison)"},
    "section_compare": {
        "lv": "Divu scenāriju salīdzinājums: {place}",
        "en": "Two scenarios compared: {place}",
    },
    "compare_caption": {
        "lv": "A: {a} (raustīta līnija); B: {b}. Izmaiņa = B − A.",
        "en": "A: {a} (dashed line); B: {b}. Change = B − A.",
    },
    "check_details": {"lv": "Pārbaudes ziņojums", "en": "The check says"},
}

#: English phrases of the scenario check -> Latvian, longest first when applied.
CHECK_PHRASES: dict[str, str] = {
    "(top level)": "(augšējais līmenis)",
    "missing required key": "trūkst obligātās atslēgas",
    "unknown key": "nezināma atslēga",
    "allowed:": "atļautas:",
    "did you mean": "vai domājāt",
    "not valid YAML": "nav derīgs YAML",
    "expected a number in": "gaidīts skaitlis mērvienībā",
    "expected a mapping with keys": "gaidīta vārdnīca ar atslēgām",
    "expected a mapping": "gaidīta vārdnīca",
    "expected a time path": "gaidīts laika ceļš",
    "got": "saņemts",
    "is outside the allowed range of": "ir ārpus atļautā diapazona:",
    "the file is empty": "fails ir tukšs",
    "not UTF-8 text": "nav UTF-8 teksts",
    "scenario file not found": "scenārija fails nav atrasts",
    "is not a shipped scenario": "nav programmā iekļauts scenārijs",
    "the file is": "faila izmērs ir",
    "at most": "ne vairāk kā",
    "is accepted": "ir atļauts",
    "nested too deeply": "pārāk dziļi ligzdots",
}

_PHRASE_RE = re.compile(
    "|".join(
        rf"(?<![\w'.]){re.escape(p)}(?![\w'])(?!\.\w)"
        for p in sorted(CHECK_PHRASES, key=len, reverse=True)
    )
)


#: The check's "from year not before until year" message of a ramp, and its Latvian form.
_RAMP_RE = re.compile(r"lever (\w+): the ramp ends \((\d+)\) before or when it starts \((\d+)\)")
_RAMP_LV = r"svira \1: gads “no” (\3) nav pirms gada “līdz” (\2) – laika ceļš beigtos pirms sākuma"


def check_message(message: str, lang: str) -> str:
    """The scenario check's `message` in `lang` (its known phrases put into Latvian).

    File names, line numbers, keys and values are kept as they are.

    Parameters
    ----------
    message : str
        The check's message (English phrases, ``file:line: key: problem`` lines).
    lang : {"lv", "en"}
        Language of the interface.

    Returns
    -------
    str
    """
    if lang != "lv":
        return message
    message = _RAMP_RE.sub(_RAMP_LV, message)
    return _PHRASE_RE.sub(lambda m: CHECK_PHRASES[m.group(0)], message)

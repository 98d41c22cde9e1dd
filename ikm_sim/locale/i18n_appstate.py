"""Texts of the app's kept state: own scenarios in links, cancelled runs, measured time estimates.

Merged into `ikm_sim.locale.i18n.TEXTS` (Latvian first).
"""

from __future__ import annotations

APPSTATE_TEXTS: dict[str, dict[str, str]] = {
    "own_link_too_long": {
        "lv": "Saitē ietvertais scenārijs ir pārāk garš un netika nolasīts; rāda noklusēto skatu.",
        "en": "The scenario in the link is too long and was not read; showing the default view.",
    },
    "own_link_damaged": {
        "lv": "Saitē ietvertais scenārijs ir bojāts vai mainīts; rāda noklusēto skatu.",
        "en": "The scenario in the link is damaged or altered; showing the default view.",
    },
    "own_link_invalid": {
        "lv": "Saitē ietvertais scenārijs neiztur scenāriju pārbaudi; rāda noklusēto skatu.",
        "en": "The scenario in the link fails the scenario check; showing the default view.",
    },
    "own_link_missing": {
        "lv": "Saitē minētais paša scenārijs tajā nav ietverts; rāda noklusēto scenāriju.",
        "en": "The own scenario the link names is not in it; showing the default scenario.",
    },
    "own_no_link": {
        "lv": (
            "Šis scenārijs ir par lielu, lai to ietvertu saitē: pārlādējot lapu vai nosūtot "
            "saiti, tas nesaglabāsies. Saglabājiet to kā YAML failu."
        ),
        "en": (
            "This scenario is too large to be kept in a link: a reload or a sent link will not "
            "bring it back. Save it as a YAML file."
        ),
    },
    "own_in_link": {
        "lv": "Scenārijs ir adreses saitē: pārlādējot lapu vai nosūtot saiti, tas saglabājas.",
        "en": "The scenario is in the page's link: a reload or a sent link keeps it.",
    },
    "run_cancel": {"lv": "Pārtraukt", "en": "Cancel"},
    "run_cancelled": {
        "lv": "Aprēķins pārtraukts; iepriekšējie rezultāti saglabāti.",
        "en": "The computation was cancelled; earlier results are kept.",
    },
    "estimate_measured": {
        "lv": "Pēc šajā serverī izmērītā ātruma: {rate} s uz 100 paraugiem.",
        "en": "From the speed measured on this server: {rate} s per 100 samples.",
    },
    # --- extra study places a year, by subject group (the builder) ---------------------------
    "lever_additional_training_places": {
        "lv": "Papildu studiju vietas: citi priekšmeti",
        "en": "Extra study places: other subjects",
    },
    "lever_extra_places_stem": {
        "lv": "Papildu studiju vietas: STEM",
        "en": "Extra study places: STEM",
    },
    "lever_extra_places_languages": {
        "lv": "Papildu studiju vietas: valodas",
        "en": "Extra study places: languages",
    },
    "help_additional_training_places": {
        "lv": (
            "Papildu finansētās studiju vietas gadā katrā priekšmetā ārpus STEM un valodām "
            "(virs šodienas), {lo}–{hi}. Šodien 0."
        ),
        "en": (
            "Extra funded study places a year in each subject outside STEM and languages (on "
            "top of today's), {lo}–{hi}. Today 0."
        ),
    },
    "help_extra_places_stem": {
        "lv": (
            "Papildu finansētās studiju vietas gadā katrā priekšmetā: matemātika, fizika, "
            "ķīmija, bioloģija, datorika, {lo}–{hi}. Šodien 0."
        ),
        "en": (
            "Extra funded study places a year in each subject: mathematics, physics, "
            "chemistry, biology, computing, {lo}–{hi}. Today 0."
        ),
    },
    "help_extra_places_languages": {
        "lv": (
            "Papildu finansētās studiju vietas gadā katrā priekšmetā: latviešu valoda, angļu "
            "valoda, citas svešvalodas, {lo}–{hi}. Šodien 0."
        ),
        "en": (
            "Extra funded study places a year in each subject: Latvian, English, other "
            "foreign languages, {lo}–{hi}. Today 0."
        ),
    },
}

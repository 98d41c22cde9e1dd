"""Texts of the fan-chart exports (merged into `ikm_sim.locale.i18n.TEXTS`). Latvian first."""

from __future__ import annotations

FAN_EXPORT_TEXTS: dict[str, dict[str, str]] = {
    "unc_section_subject": {"lv": "Mācību priekšmetā", "en": "By subject"},
    "unc_section_people": {
        "lv": "Pedagogi, skolēni un vakances valstī",
        "en": "Teachers, pupils and vacancies in Latvia",
    },
    "unc_subject_select": {"lv": "Mācību priekšmets", "en": "Subject"},
    "unc_subject_note": {
        "lv": "Visas Latvijas skolotāju iztrūkums izvēlētajā mācību priekšmetā, likmes.",
        "en": "The teacher gap in the chosen subject for all of Latvia, FTE.",
    },
    "unc_pack": {
        "lv": "Nenoteiktības eksporta pakete (ZIP)",
        "en": "Uncertainty export pack (ZIP)",
    },
    "unc_pack_note": {
        "lv": (
            "ZIP satur diapazonu grafikus valstī (iztrūkums, pieprasījums, piedāvājums, "
            "vakances, pedagogi, skolēni, pirmklasnieki; PNG, SVG, PDF), procentiļu tabulas "
            "valstī, pa pašvaldībām un pa mācību priekšmetiem, iztrūkuma varbūtību (CSV, XLSX), "
            "scenārija YAML, run.json un PIEŅĒMUMI.md: kas izlozēts, paraugu skaits, sēkla un "
            "kā lasīt P5–P95. Tabulās ir likmes un modeļa prognozēti personu skaiti valsts, "
            "pašvaldības vai priekšmeta līmenī, nevis reģistra ieraksti, tāpēc šūnas netiek "
            "slēptas."
        ),
        "en": (
            "The ZIP holds the national fan charts (gap, demand, supply, vacancies, teachers, "
            "pupils, first-graders; PNG, SVG, PDF), percentile tables for Latvia, by "
            "municipality and by subject, the shortage probability (CSV, XLSX), the scenario "
            "YAML, run.json and PIEŅĒMUMI.md: what was sampled, the number of samples, the seed "
            "and how to read P5–P95. The tables hold FTE and projected numbers of persons for "
            "Latvia, a municipality or a subject, not registry records, so no cell is blanked."
        ),
    },
}

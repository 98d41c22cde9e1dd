"""Texts of the cost beside the forecasts, the lever ranking and the ensemble's cost (LV first).

Merged into `ikm_sim.locale.i18n.TEXTS`; the measures are defined in `ikm_sim.costs`, the
ranking in `ikm_sim.compare.rank_levers`, the ensemble's cost in `ikm_sim.uncertainty.money`.
"""

from __future__ import annotations

COST_VIEW_TEXTS: dict[str, dict[str, str]] = {
    # --- cost cards (Overview, Municipality) ---------------------------------------------
    "costcard_caption": {
        "lv": "Izmaksas {year} mācību gadā, pastāvīgās 2025. gada cenās (EUR)",
        "en": "Cost in the {year} school year, in constant 2025 prices (EUR)",
    },
    "costcard_wage_bill_eur": {"lv": "Algu fonds", "en": "Wage bill"},
    "costcard_grant_eur": {"lv": "Valsts mērķdotācija", "en": "State target grant"},
    "costcard_top_up_eur": {"lv": "Pašvaldību piemaksa", "en": "Municipal top-up"},
    "costcard_extra": {"lv": "Papildu izmaksas pret bāzi", "en": "Extra cost against baseline"},
    "costcard_closed": {
        "lv": "Slēgtais iztrūkums pret bāzi, likmes",
        "en": "Shortage closed against baseline, FTE",
    },
    "costcard_closed_help": {
        "lv": (
            "Šī gada iztrūkums bāzes scenārijā mīnus šajā scenārijā: pašvaldību un mācību "
            "priekšmetu pozitīvo iztrūkumu summa (pārpalikums citur to nesedz). Negatīvs: "
            "iztrūkums lielāks nekā bāzē."
        ),
        "en": (
            "This year's shortage in the baseline minus in this scenario: the positive gaps of "
            "municipalities and subjects summed (a surplus elsewhere does not offset them). "
            "Negative: a larger shortage than in the baseline."
        ),
    },
    "costcard_extra_help": {
        "lv": (
            "Šī gada izmaksas šajā scenārijā mīnus bāzes scenārijā: valstī publiskās izmaksas "
            "(algu fonds + skolotāju sagatavošana), pašvaldībā tās algu fonds."
        ),
        "en": (
            "This year's cost in this scenario minus the baseline's: nationally the public "
            "cost (wage bill + teacher supply), for a municipality its wage bill."
        ),
    },
    "costcard_per_fte": {
        "lv": "EUR par slēgto likmi, kopā līdz šim gadam",
        "en": "EUR per FTE closed, summed to this year",
    },
    "costcard_per_fte_help": {
        "lv": (
            "Papildu izmaksas kopā ÷ slēgtais iztrūkums kopā (likmju gadi) no prognozes "
            "sākuma līdz {year}. “–”: nekas nav slēgts vai izmaksas samazinās."
        ),
        "en": (
            "Extra cost summed ÷ gap closed summed (FTE-years) from the forecast's start to "
            '{year}. "–": nothing closed or money saved.'
        ),
    },
    # --- lever ranking (Funding page) ----------------------------------------------------
    "costrank_section": {
        "lv": "Sviru izmaksu efektivitāte",
        "en": "Cost-effectiveness of the levers",
    },
    "costrank_intro": {
        "lv": (
            "Katra svira, ko maina piedāvātie scenāriji, viena pati pret bāzes scenāriju: "
            "papildu publiskās izmaksas kopā ÷ slēgtais iztrūkums kopā (likmju gadi), "
            "pastāvīgās 2025. gada cenās. 1. vieta: lētākā slēgtā likme; svira, kas slēdz "
            "iztrūkumu un ietaupa naudu, ir pirms visām. Dzimstība un migrācija ir pieņēmumi, "
            "nevis sviras, un netiek vērtētas."
        ),
        "en": (
            "Each lever the shipped scenarios move, alone against the baseline: extra public "
            "cost summed ÷ gap closed summed (FTE-years), in constant 2025 prices. Rank 1: the "
            "cheapest FTE closed; a lever that closes the gap and saves money comes before "
            "all. Births and migration are assumptions, not levers, and are not ranked."
        ),
    },
    "costrank_button": {"lv": "Aprēķināt sviru vērtējumu", "en": "Compute the lever ranking"},
    "costrank_runs": {
        "lv": "{n} modeļa aprēķini (pa vienai svirai), pēc tam saglabāti.",
        "en": "{n} model runs (one lever each), kept afterwards.",
    },
    "costrank_best": {"lv": "Pirmā vieta līdz {year}", "en": "First to {year}"},
    "costrank_per_fte_unit": {"lv": "EUR par slēgto likmi", "en": "EUR per FTE closed"},
    "costrank_to_year": {"lv": "Kumulatīvi līdz", "en": "Summed to"},
    "costrank_table": {"lv": "Sviru vērtējums", "en": "Lever ranking"},
    "costrank_saves": {"lv": "slēdz un ietaupa", "en": "closes and saves"},
    "costrank_nothing": {"lv": "neslēdz iztrūkumu", "en": "closes no gap"},
    "costrank_axis": {
        "lv": "tūkst. EUR par slēgto likmi",
        "en": "EUR thousand per FTE closed",
    },
    "costrank_chart_title": {
        "lv": "Cik maksā slēgta likme, katra svira viena pati, {span}",
        "en": "What a closed FTE costs, each lever alone, {span}",
    },
    "costrank_chart_subtitle": {
        "lv": "Pret bāzes scenāriju; pastāvīgās 2025. gada cenās",
        "en": "Against the baseline; constant 2025 prices",
    },
    "costrank_lever_training_places": {
        "lv": "Studiju vietas (indekss)",
        "en": "Study places (index)",
    },
    "costrank_lever_additional_training_places": {
        "lv": "Papildu studiju vietas",
        "en": "Additional study places",
    },
    "costrank_lever_pensioner_rule": {
        "lv": "Strādājošo pensionāru ierobežojums",
        "en": "Cap on working pensioners",
    },
    "col_lever": {"lv": "Svira", "en": "Lever"},
    "col_lever_code": {"lv": "Sviras kods", "en": "Lever code"},
    "col_eur_k_per_fte": {"lv": "Tūkst. EUR par slēgto likmi", "en": "EUR thousand per FTE closed"},
    "col_lever_name": {"lv": "Sviras nosaukums", "en": "Lever name"},
    "col_scenarios": {"lv": "Scenāriji", "en": "Scenarios"},
    "col_verdict": {"lv": "Piezīme", "en": "Note"},
    # --- the ensemble's cost (Uncertainty page) ------------------------------------------
    "unccost_section": {
        "lv": "Izmaksu nenoteiktība",
        "en": "Uncertainty of the cost",
    },
    "unccost_intro": {
        "lv": (
            "Valsts izmaksu procentiles pa gadiem (P5, P50, P95) no tiem pašiem paraugiem kā "
            "vakances, pastāvīgās 2025. gada cenās, milj. EUR."
        ),
        "en": (
            "Percentiles of the national cost by year (P5, P50, P95) over the same samples as "
            "the vacancies, in constant 2025 prices, EUR million."
        ),
    },
    "unccost_table": {"lv": "Izmaksu procentiles", "en": "Cost percentiles"},
    "col_basis": {"lv": "Cenas", "en": "Prices"},
    "col_defined_share": {"lv": "Paraugu daļa ar vērtību", "en": "Share of samples with a value"},
}

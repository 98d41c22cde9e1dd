"""Texts of the cost of a scenario and its cost-effectiveness (``compare``; Latvian first).

Merged into `ikm_sim.locale.i18n.TEXTS`; the measures are defined in `ikm_sim.costs`.
"""

from __future__ import annotations

COST_TEXTS: dict[str, dict[str, str]] = {
    "cost_title": {
        "lv": "Izmaksas, milj. EUR gadā (nominālās): {a} → {b}",
        "en": "Cost, EUR million a year (nominal): {a} → {b}",
    },
    "cost_year": {"lv": "Gads", "en": "Year"},
    "cost_public_a": {"lv": "A", "en": "A"},
    "cost_public_b": {"lv": "B", "en": "B"},
    "cost_public_diff": {"lv": "B − A", "en": "B − A"},
    "cost_wage_bill_diff": {"lv": "algu fonds", "en": "wage bill"},
    "cost_top_up_diff": {"lv": "pašvaldības", "en": "top-up"},
    "cost_supply_diff": {"lv": "sagatavošana", "en": "supply"},
    "cost_note": {
        "lv": (
            "A un B: publiskās izmaksas = algu fonds (mērķdotācija + pašvaldību piemaksa) + "
            "skolotāju sagatavošanas izmaksas; pārējās kolonnas: B − A. Mērķdotācija un visi "
            "gadi: costs.csv."
        ),
        "en": (
            "A and B: public cost = wage bill (target grant + municipal top-up) + cost of "
            "teacher supply; the other columns: B − A. The grant and every year: costs.csv."
        ),
    },
    "cost_effect_title": {
        "lv": "Cik maksā slēgta iztrūkuma slodze (kumulatīvi no {first})",
        "en": "What a closed FTE costs (cumulative from {first})",
    },
    "cost_lever": {"lv": "Svira", "en": "Lever"},
    "cost_lever_total": {"lv": "B kopā", "en": "B as a whole"},
    "cost_to_year": {"lv": "Līdz", "en": "To"},
    "cost_extra": {"lv": "Papildu milj. EUR", "en": "Extra EUR m"},
    "cost_gap_closed": {"lv": "Slēgts, slodzes gadi", "en": "Closed, FTE-years"},
    "cost_per_fte": {"lv": "tūkst. EUR par slodzi", "en": "EUR k per FTE closed"},
    "cost_vacancies_avoided": {"lv": "Novērstas vakances", "en": "Vacancies avoided"},
    "cost_per_vacancy": {"lv": "tūkst. EUR par vakanci", "en": "EUR k per vacancy avoided"},
    "cost_effect_note": {
        "lv": (
            "Slodzes gadi: slēgtā iztrūkuma (novērsto vakanču) slodzes, summētas pa gadiem. "
            "“–”: nekas nav slēgts, iztrūkums pieaudzis vai izmaksas samazinājušās; tad "
            "attiecība neko neizsaka, skatiet abus skaitļus."
        ),
        "en": (
            "FTE-years: the FTE of gap closed (vacancies avoided) summed over the years. "
            '"–": nothing closed, the gap widened or money was saved; the ratio then means '
            "nothing, read the two numbers."
        ),
    },
}

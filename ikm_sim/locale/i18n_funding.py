"""Texts of the "Finansējums" (funding) page (Latvian first).

Merged into `ikm_sim.locale.i18n.TEXTS`; the measures are defined in `ikm_sim.costs`.
"""

from __future__ import annotations

FUNDING_TEXTS: dict[str, dict[str, str]] = {
    "lever_employer_contribution_rate": {
        "lv": "Darba devēja VSAOI likme",
        "en": "Employer's social contribution rate",
    },
    "lever_lowest_pay_rate": {
        "lv": "Zemākā algas likme (vispārējā izglītība, EUR mēnesī)",
        "en": "Lowest pay rate (general education, EUR a month)",
    },
    "lever_lowest_pay_rate_preschool": {
        "lv": "Zemākā algas likme (pirmsskola, EUR mēnesī)",
        "en": "Lowest pay rate (preschool, EUR a month)",
    },
    "lever_grant_rate_multiplier": {
        "lv": "Mērķdotācijas likmes uz skolēnu pret publicētajām",
        "en": "Per-pupil grant rates relative to the published ones",
    },
    "lever_programma_skola": {
        "lv": "Modelis “Programma skolā” (1 = ieslēgts)",
        "en": "Grant by curriculum, the “Programme at school” model (1 = on)",
    },
    "switch_programma_skola": {
        "lv": "Finansēšanas modelis “Programma skolā”",
        "en": "The “Programme at school” grant model",
    },
    "help_programma_skola": {
        "lv": (
            "Ieslēgts: valsts mērķdotāciju pedagogu darba samaksai no izvēlētā gada aprēķina pēc "
            "modeļa “Programma skolā” (mācību plāna stundas × klašu grupas × likmes alga), "
            "ne agrāk kā no 2026./2027. mācību gada; izslēgts: likmes uz skolēnu."
        ),
        "en": (
            "On: the state grant for teacher pay is computed the “Programme at school” way "
            "(curriculum hours × class groups × pay of a rate) from the chosen year, not "
            "before 2026/27; off: per-pupil rates."
        ),
    },
    "lever_programma_skola_start_year": {
        "lv": "“Programma skolā” pirmais mācību gads",
        "en": "“Programme at school”: first school year",
    },
    "lever_programma_secondary_minimum": {
        "lv": "“Programma skolā”: minimālais izglītojamo skaits vidusskolas klašu grupā",
        "en": "“Programme at school”: minimum pupils in a secondary class group",
    },
    "lever_programma_extra_funding": {
        "lv": "“Programma skolā”: papildu valsts finansējums, EUR gadā",
        "en": "“Programme at school”: extra state funding, EUR a year",
    },
    "nav_funding": {"lv": "Finansējums", "en": "Funding"},
    "fund_title": {"lv": "Finansējums un izmaksas", "en": "Funding and cost"},
    "fund_intro": {
        "lv": (
            "Pedagogu algu fonds (ar darba devēja VSAOI), valsts mērķdotācija pedagogu darba "
            "samaksai, pašvaldību piemaksa (algu fonds − mērķdotācija) un skolotāju "
            "sagatavošanas izmaksas. Mērķdotācija kalibrēta pēc apakšprogrammām 05.00.00 un "
            "10.00.00 (2018.–2023. g., kļūda ≤ {error} %)."
        ),
        "en": (
            "The teachers' wage bill (with the employer's social contribution), the state "
            "target grant for teacher pay, the municipal top-up (wage bill − grant) and the "
            "cost of teacher supply. The grant is calibrated to budget sub-programmes 05.00.00 "
            "and 10.00.00 (2018–2023, error ≤ {error} %)."
        ),
    },
    "fund_prices": {"lv": "Cenas", "en": "Prices"},
    "fund_basis_nominal": {"lv": "Nominālās (faktiskās) EUR", "en": "Nominal EUR"},
    "fund_basis_constant": {"lv": "2025. gada cenās", "en": "Constant 2025 EUR"},
    "fund_prices_note": {
        "lv": (
            "Cenas 2025. gada līmenī: patēriņa cenu pārmaiņas pēc CSP līdz 2023. gadam, pēc tam "
            "pieņēmums {inflation} % gadā (nav prognoze)."
        ),
        "en": (
            "Constant 2025 prices: CSP consumer-price changes to 2023, then an assumed "
            "{inflation} % a year (not a forecast)."
        ),
    },
    "fund_in_nominal": {"lv": "nominālās cenās", "en": "nominal prices"},
    "fund_in_constant": {"lv": "2025. gada cenās", "en": "constant 2025 prices"},
    "fund_unit_nominal": {
        "lv": "milj. EUR gadā, nominālās cenās",
        "en": "EUR million a year, nominal",
    },
    "fund_unit_constant": {
        "lv": "milj. EUR gadā, 2025. gada cenās",
        "en": "EUR million a year, constant 2025 prices",
    },
    "fund_axis_eur_m": {"lv": "milj. EUR", "en": "EUR million"},
    "fund_section_budget": {"lv": "Budžeta ceļš: visa Latvija", "en": "Budget path: Latvia"},
    "fund_budget_title": {
        "lv": "Algu fonds, mērķdotācija, piemaksa un sagatavošana, {span}",
        "en": "Wage bill, grant, top-up and supply cost, {span}",
    },
    "fund_kpi_caption": {
        "lv": "{year} mācību gadā; {unit}",
        "en": "In the {year} school year; {unit}",
    },
    "fund_section_muni": {"lv": "Pašvaldības piemaksa", "en": "Municipal top-up"},
    "fund_muni_title": {
        "lv": "{name}: algu fonds, mērķdotācija un piemaksa",
        "en": "{name}: wage bill, grant and top-up",
    },
    "fund_muni_note": {
        "lv": (
            "Algu fonds šeit ir tiem pedagogiem, kuriem paredzēta mērķdotācija (skolu pedagogi "
            "un 5–6 gadīgo bērnu pirmsskolas skolotāji). Negatīva piemaksa: mērķdotācija "
            "pārsniedz modelēto algu fondu."
        ),
        "en": (
            "The wage bill here is that of the teachers the grant is for (school pedagogues "
            "and preschool teachers of 5–6-year-olds). A negative top-up: the grant exceeds "
            "the modelled wage bill."
        ),
    },
    "fund_top_up_share": {"lv": "Piemaksas daļa algu fondā", "en": "Top-up share of the wage bill"},
    "fund_section_builder": {
        "lv": "Scenāriju veidotāja izmaiņu izmaksas",
        "en": "Cost of the builder's what-if",
    },
    "fund_builder_none": {
        "lv": (
            "Scenāriju veidotājā vēl nav aprēķināta neviena izmaiņa. Pārvietojiet sviras un "
            "nospiediet “Aprēķināt” lapā “Scenāriju veidotājs”."
        ),
        "en": (
            "No what-if has been run in the scenario builder yet. Move its levers and press "
            "“Run” on the “Scenario builder” page."
        ),
    },
    "fund_builder_caption": {
        "lv": "“{edited}” pret “{base}”, kopā {first}–{last}; {unit}",
        "en": "“{edited}” against “{base}”, summed {first}–{last}; {unit}",
    },
    "fund_kpi_extra_cost": {"lv": "Papildu publiskās izmaksas", "en": "Extra public cost"},
    "fund_kpi_closed": {"lv": "Slēgtais iztrūkums", "en": "Gap closed"},
    "fund_kpi_per_fte": {"lv": "EUR par slēgto likmi", "en": "EUR per FTE closed"},
    "fund_kpi_per_vacancy": {"lv": "EUR par novērsto vakanci", "en": "EUR per vacancy avoided"},
    "fund_unit_fte_years": {"lv": "likmju gadi", "en": "FTE-years"},
    "fund_unit_eur_m": {"lv": "milj. EUR", "en": "EUR million"},
    "fund_ratio_none": {
        "lv": "“–”: nekas nav slēgts vai izmaksas samazinās (attiecība nav jēgpilna).",
        "en": "“–”: nothing closed or money saved (the ratio means nothing).",
    },
    "fund_extra_title": {
        "lv": "Papildu publiskās izmaksas pret bāzi, {span}",
        "en": "Extra public cost against the base, {span}",
    },
    "fund_summary_table": {
        "lv": "Kumulatīvi līdz gadam",
        "en": "Cumulative to the year",
    },
    # --- download headers (``col_<code>``) ------------------------------------------------
    "col_wage_bill_eur": {"lv": "Algu fonds, EUR", "en": "Wage bill, EUR"},
    "col_grant_eur": {"lv": "Mērķdotācija, EUR", "en": "Target grant, EUR"},
    "col_top_up_eur": {"lv": "Pašvaldības piemaksa, EUR", "en": "Municipal top-up, EUR"},
    "col_supply_cost_eur": {"lv": "Sagatavošanas izmaksas, EUR", "en": "Supply cost, EUR"},
    "col_public_cost_eur": {"lv": "Publiskās izmaksas, EUR", "en": "Public cost, EUR"},
    "col_extra_cost_eur": {"lv": "Papildu izmaksas, EUR", "en": "Extra cost, EUR"},
    "col_gap_closed_fte": {"lv": "Slēgtais iztrūkums, likmes", "en": "Gap closed, FTE"},
    "col_vacancies_avoided_fte": {
        "lv": "Novērstās vakances, likmes",
        "en": "Vacancies avoided, FTE",
    },
    "col_eur_per_fte_closed": {"lv": "EUR par slēgto likmi", "en": "EUR per FTE closed"},
    "col_cum_eur_per_fte_closed": {
        "lv": "EUR par slēgto likmi, kopā līdz šim gadam",
        "en": "EUR per FTE closed, summed to this year",
    },
    "col_cum_eur_per_vacancy_avoided": {
        "lv": "EUR par novērsto vakanci, kopā līdz šim gadam",
        "en": "EUR per vacancy avoided, summed to this year",
    },
    "col_gap_change_fte": {"lv": "Iztrūkuma izmaiņa, likmes", "en": "Change of the gap, FTE"},
    "col_vacancies_change_fte": {
        "lv": "Vakanču izmaiņa, likmes",
        "en": "Change of vacancies, FTE",
    },
    "col_eur_per_vacancy_avoided": {
        "lv": "EUR par novērsto vakanci",
        "en": "EUR per vacancy avoided",
    },
    "col_prices": {"lv": "Cenas", "en": "Prices"},
    "col_to_year": {"lv": "Līdz gadam", "en": "To year"},
    "col_cum_extra_cost_eur": {"lv": "Papildu izmaksas kopā, EUR", "en": "Extra cost summed, EUR"},
    "col_cum_gap_closed_fte_years": {
        "lv": "Slēgtais iztrūkums kopā, likmju gadi",
        "en": "Gap closed summed, FTE-years",
    },
    "col_cum_vacancies_avoided_fte_years": {
        "lv": "Novērstās vakances kopā, likmju gadi",
        "en": "Vacancies avoided summed, FTE-years",
    },
}

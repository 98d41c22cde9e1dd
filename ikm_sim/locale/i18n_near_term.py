"""Texts of the near term, two scenarios for one area, history beside the forecast, ranking.

Latvian first. Merged into `ikm_sim.locale.i18n.TEXTS`; the figures are computed in
`ikm_sim.indicators.near_term` and `ikm_sim.indicators.kpis`.
"""

from __future__ import annotations

NEAR_TERM_TEXTS: dict[str, dict[str, str]] = {
    "cards_year": {"lv": "Mācību gads rādītājiem", "en": "School year of the indicators"},
    "section_near_term": {
        "lv": "Nākamie pieci mācību gadi: {span}",
        "en": "The next five school years: {span}",
    },
    "near_term_note": {
        "lv": (
            "Katrs mācību gads atsevišķi, pa mācību priekšmetiem; likmes (jaunie pedagogi – "
            "personas gadā). Rinda “Kopā” ir visu priekšmetu summa, saskaitīta pirms "
            "noapaļošanas: tā var atšķirties no redzamo noapaļoto rindu summas."
        ),
        "en": (
            "Each school year on its own, by subject; FTE (new teachers: persons a year). The "
            "row “Total” is the sum over the subjects, added before rounding: it can differ "
            "from the sum of the rounded rows shown."
        ),
    },
    "near_term_suppressed": {
        "lv": (
            "Pašvaldības līmenī šūnas ar 1–4 personām nav rādītas (–), tāpat kā lejupielādēs. "
            "“Kopā” tās ietver; tas nav rādīts, ja gadā slēpta tikai viena šūna (to varētu "
            "atrēķināt)."
        ),
        "en": (
            "At municipality level, cells of 1–4 persons are not shown (–), as in the downloads. "
            "“Total” includes them; it is not shown where a year has only one blanked cell (it "
            "could be worked out)."
        ),
    },
    "near_term_measure": {"lv": "Rādītājs", "en": "Measure"},
    "measure_vacancies_fte": {"lv": "Vakances", "en": "Vacancies"},
    "measure_gap_fte": {"lv": "Iztrūkums", "en": "Gap"},
    "measure_demand_fte": {"lv": "Pieprasījums", "en": "Demand"},
    "measure_supply_fte": {"lv": "Piedāvājums", "en": "Supply"},
    "measure_entrants_needed": {"lv": "Jaunie pedagogi", "en": "New teachers"},
    "near_term_total": {"lv": "Kopā", "en": "Total"},
    "near_term_probability": {
        "lv": "Iztrūkuma varbūtība (iztrūkums virs 5 % no pieprasījuma), {n} paraugi",
        "en": "Probability of a shortage (a gap above 5 % of demand), {n} samples",
    },
    "near_term_probability_note": {
        "lv": (
            "Cik daļā nenoteiktības aprēķinu ({n} paraugi, sēkla {seed}) iztrūkums šajā "
            "pašvaldībā un priekšmetā pārsniedz 5 % no pieprasījuma."
        ),
        "en": (
            "The share of the uncertainty runs ({n} samples, seed {seed}) in which the gap in "
            "this municipality and subject exceeds 5 % of demand."
        ),
    },
    "near_term_no_ensemble": {
        "lv": (
            "Iztrūkuma varbūtību pa gadiem rāda, kad šim scenārijam lapā **Nenoteiktība** ir "
            "aprēķināts diapazons."
        ),
        "en": (
            "The probability of a shortage by year is shown once a range has been computed for "
            "this scenario on the **Uncertainty** page."
        ),
    },
    "near_term_region_no_probability": {
        "lv": "Iztrūkuma varbūtību rāda katrai pašvaldībai atsevišķi.",
        "en": "The probability of a shortage is shown for each municipality on its own.",
    },
    "col_p_shortage": {"lv": "Iztrūkuma varbūtība", "en": "Probability of a shortage"},
    "col_vacancies_fte_a": {"lv": "Vakances A", "en": "Vacancies A"},
    "col_vacancies_fte_b": {"lv": "Vakances B", "en": "Vacancies B"},
    "chart_area_compare_title": {
        "lv": "Iztrūkums un vakances divos scenārijos: {place}, {span}",
        "en": "Gap and vacancies in two scenarios: {place}, {span}",
    },
    "chart_area_compare_subtitle": {
        "lv": "Likmes. Pilna līnija: {b}; pārtraukta: {a}",
        "en": "FTE. Solid line: {b}; dashed: {a}",
    },
    "compare_table": {
        "lv": "Vakances un iztrūkums pa mācību priekšmetiem {year} mācību gadā (A, B un B − A)",
        "en": "Vacancies and gap by subject in school year {year} (A, B and B − A)",
    },
    "section_history": {
        "lv": "Novērotā vēsture un prognoze",
        "en": "Observed history and the forecast",
    },
    "history_quantity": {"lv": "Rādītājs", "en": "Quantity"},
    "history_pedagogues": {
        "lv": "Pedagogi skolās, personas",
        "en": "Pedagogues in schools, persons",
    },
    "history_pupils": {"lv": "Skolēni 1.–12. klasē", "en": "Pupils in grades 1–12"},
    "history_note": {
        "lv": (
            "Punkti: publicētie skaitļi (vēsture līdz {base}); līnija: modeļa prognoze šim "
            "scenārijam. Pedagogi skolās: visu priekšmetu pedagogi, izņemot pirmsskolu."
        ),
        "en": (
            "Points: published figures (history to {base}); line: the model's forecast for "
            "this scenario. Pedagogues in schools: teachers of every subject but preschool."
        ),
    },
    "series_observed": {"lv": "Novērots (publicēts)", "en": "Observed (published)"},
    "series_forecast": {"lv": "Prognoze", "en": "Forecast"},
    "chart_history_title": {"lv": "{quantity}: {span}", "en": "{quantity}: {span}"},
    "chart_history_subtitle": {
        "lv": "Melnie punkti: publicētie skaitļi; zilā līnija: prognoze no {start}",
        "en": "Black points: published figures; blue line: the forecast from {start}",
    },
    "section_ranking": {
        "lv": "Mācību priekšmeti pēc iztrūkuma {year} mācību gadā",
        "en": "Subjects by gap in school year {year}",
    },
    "ranking_note": {
        "lv": "Visa Latvija; likmes. Mācību gadu maina slīdnis virs vecuma diagrammas.",
        "en": "All of Latvia; FTE. The slider above the age chart changes the school year.",
    },
    "chart_ranking_title": {
        "lv": "Iztrūkums pa mācību priekšmetiem: {place}, {year}",
        "en": "Gap by subject: {place}, {year}",
    },
    "chart_ranking_subtitle": {
        "lv": "Likmes; oranžs: iztrūkums, zils: pārpalikums",
        "en": "FTE; orange: shortage, blue: surplus",
    },
    "col_rank": {"lv": "Vieta", "en": "Rank"},
    "col_gap_share": {"lv": "Iztrūkuma daļa no pieprasījuma", "en": "Gap as a share of demand"},
    "col_value": {"lv": "Vērtība", "en": "Value"},
    "fit_calibrated": {"lv": "Modelis, kalibrēts", "en": "Model, calibrated"},
    "fit_prior": {"lv": "Modelis, sākotnējie parametri", "en": "Model, prior parameters"},
    "fit_published": {"lv": "Publicēts (diapazons)", "en": "Published (range)"},
    "fit_subtitle": {
        "lv": "Pilna līnija: kalibrētie parametri; pārtraukta: sākotnējie; punkti: publicētie",
        "en": "Solid line: calibrated parameters; dashed: prior; points: published figures",
    },
    "fit_running": {
        "lv": "Modelis tiek darbināts ar kalibrētajiem un sākotnējiem parametriem…",
        "en": "Running the model with the calibrated and the prior parameters…",
    },
}

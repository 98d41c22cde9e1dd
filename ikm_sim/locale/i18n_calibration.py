"""Names in the Calibration page's tables: calibrated quantities and column headers.

Merged into `ikm_sim.locale.i18n.TEXTS` (Latvian first): ``calib_q_<quantity>`` names a
calibrated quantity (a file stem of the report's charts, the ``quantity`` of ``fit.csv``);
``calib_col_<column>`` heads a column of the report's fit, backtest and forecast-error tables.
"""

from __future__ import annotations

CALIBRATION_TABLE_TEXTS: dict[str, dict[str, str]] = {
    # --- calibrated quantities -------------------------------------------------------------
    "calib_q_school_pedagogues": {"lv": "Pedagogi skolās", "en": "Pedagogues in schools"},
    "calib_q_subject_teachers": {"lv": "Mācību priekšmetu skolotāji", "en": "Subject teachers"},
    "calib_q_pupils_total": {"lv": "Skolēni kopā", "en": "Pupils, total"},
    "calib_q_pupils_grade_1": {"lv": "Skolēni 1. klasē", "en": "Pupils in grade 1"},
    "calib_q_share_aged_50plus": {
        "lv": "Pedagogu daļa vecumā 50+",
        "en": "Share of teachers aged 50+",
    },
    "calib_q_school_vacancies_fte": {
        "lv": "Vakances skolās, likmes",
        "en": "School vacancies, FTE",
    },
    "calib_q_preschool_teachers": {"lv": "Pirmsskolas pedagogi", "en": "Preschool teachers"},
    "calib_q_pupils_grade_9": {"lv": "Skolēni 9. klasē", "en": "Pupils in grade 9"},
    "calib_q_pupils_grade_12": {"lv": "Skolēni 12. klasē", "en": "Pupils in grade 12"},
    "calib_q_preschool_children": {"lv": "Bērni pirmsskolā", "en": "Children in preschool"},
    "calib_q_share_aged_55plus": {
        "lv": "Pedagogu daļa vecumā 55+",
        "en": "Share of teachers aged 55+",
    },
    "calib_q_share_aged_65plus": {
        "lv": "Pedagogu daļa vecumā 65+",
        "en": "Share of teachers aged 65+",
    },
    "calib_q_share_working_pensioners": {
        "lv": "Strādājošo pensionāru daļa",
        "en": "Share of working pensioners",
    },
    "calib_q_preschool_vacancies_fte": {
        "lv": "Vakances pirmsskolā, likmes",
        "en": "Preschool vacancies, FTE",
    },
    "calib_q_hires_under_30": {"lv": "Pieņemtie darbā līdz 30 g.", "en": "Hires under 30"},
    "calib_q_vacancy_fit": {
        "lv": "Vakances: modelis pret novērotajām",
        "en": "Vacancies: model vs observed",
    },
    "calib_q_school_net_change": {
        "lv": "Pedagogu skaita izmaiņa bāzes gadā (pieņemtie − aizgājušie)",
        "en": "Base-year change of school pedagogues (hires − exits)",
    },
    # --- column headers --------------------------------------------------------------------
    "calib_col_quantity": {"lv": "Modeļa lielums", "en": "Model quantity"},
    "calib_col_series": {"lv": "Datu rinda", "en": "Data series"},
    "calib_col_series_id": {"lv": "Rindas ID (targets.yaml)", "en": "Series ID (targets.yaml)"},
    "calib_col_weight": {"lv": "Svars", "en": "Weight"},
    "calib_col_n": {"lv": "n", "en": "n"},
    "calib_col_years": {"lv": "Gadi", "en": "Years"},
    "calib_col_mape_pct": {"lv": "MAPE, %", "en": "MAPE, %"},
    "calib_col_bias": {"lv": "Nobīde", "en": "Bias"},
    "calib_col_bias_pct": {"lv": "Nobīde, %", "en": "Bias, %"},
    "calib_col_um": {"lv": "U^M", "en": "U^M"},
    "calib_col_us": {"lv": "U^S", "en": "U^S"},
    "calib_col_uc": {"lv": "U^C", "en": "U^C"},
    "calib_col_origin": {"lv": "Sākuma gads", "en": "Origin"},
    "calib_col_unit": {"lv": "Mērv.", "en": "Unit"},
    "calib_col_fit_mape_pct": {"lv": "Kalibrēšanas MAPE, %", "en": "Fit MAPE, %"},
    "calib_col_lead": {"lv": "Prognozes attālums, g.", "en": "Lead, years"},
    "calib_col_mape": {"lv": "MAPE", "en": "MAPE"},
    "calib_col_target": {"lv": "Mērķis", "en": "Target"},
    "calib_col_nces": {"lv": "NCES (ASV)", "en": "NCES (US)"},
    "calib_col_meets_target": {"lv": "Mērķis sasniegts", "en": "Target met"},
    "calib_col_origins": {"lv": "Sākuma gadi", "en": "Origins"},
    "calib_col_forecast": {"lv": "Prognoze", "en": "Forecast"},
    "calib_col_mase": {"lv": "MASE", "en": "MASE"},
    "calib_col_n_nochange": {"lv": "n (bez izmaiņām)", "en": "n (no change)"},
    "calib_col_nochange_mape": {"lv": "MAPE bez izmaiņām", "en": "MAPE no change"},
    "calib_col_nochange_bias": {"lv": "Nobīde bez izmaiņām", "en": "Bias no change"},
    "calib_col_n_cohort": {"lv": "n (kohortu attiecība)", "en": "n (cohort ratio)"},
    "calib_col_cohort_mape": {"lv": "MAPE kohortu attiecība", "en": "MAPE cohort ratio"},
    "calib_col_cohort_bias": {"lv": "Nobīde kohortu attiecība", "en": "Bias cohort ratio"},
    "calib_col_bias_target": {"lv": "|Nobīde| ≤", "en": "|Bias| ≤"},
    "calib_col_mase_target": {"lv": "MASE <", "en": "MASE <"},
}

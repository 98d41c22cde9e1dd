"""Column headers and metadata words of the report-ready tables (merged into `TEXTS`).

A key ``col_<column>`` names a result or chart column in a downloaded table; `ikm_sim.export_tables`
adds the unit (``unit_*``) after a comma. Latvian first.
"""

from __future__ import annotations

TABLE_TEXTS: dict[str, dict[str, str]] = {
    # --- column headers --------------------------------------------------------------------
    "col_year": {"lv": "Mācību gads", "en": "School year"},
    "col_region": {"lv": "ATVK kods", "en": "ATVK code"},
    "col_municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "col_subject": {"lv": "Mācību priekšmeta kods", "en": "Subject code"},
    "col_subject_name": {"lv": "Mācību priekšmets", "en": "Subject"},
    "col_demand_fte": {"lv": "Pieprasījums", "en": "Demand"},
    "col_supply_fte": {"lv": "Piedāvājums", "en": "Supply"},
    "col_gap_fte": {"lv": "Iztrūkums", "en": "Gap"},
    "col_vacancies_fte": {"lv": "Vakances", "en": "Vacancies"},
    "col_hires": {"lv": "Pieņemti darbā", "en": "Hires"},
    "col_leavers": {"lv": "Aizgājuši", "en": "Leavers"},
    "col_retirements": {"lv": "Pensionējušies", "en": "Retirements"},
    "col_teachers": {"lv": "Pedagogi", "en": "Teachers"},
    "col_share_60plus": {"lv": "Pedagogi vecumā 60+", "en": "Teachers aged 60+"},
    "col_entrants_needed": {"lv": "Nepieciešamie jaunie pedagogi", "en": "New teachers needed"},
    "col_pupils": {"lv": "Skolēni", "en": "Pupils"},
    "col_first_graders": {"lv": "Pirmklasnieki", "en": "First-graders"},
    "col_school_pedagogues": {"lv": "Pedagogi skolās", "en": "School pedagogues"},
    "col_school_vacancies_fte": {"lv": "Vakances skolās", "en": "School vacancies"},
    "col_children": {"lv": "Bērni", "en": "Children"},
    "col_grade": {"lv": "Klase", "en": "Grade"},
    "col_grade_group": {"lv": "Klašu grupa", "en": "Grade group"},
    "col_age": {"lv": "Vecums, gadi", "en": "Age, years"},
    "col_age_group": {"lv": "Vecuma grupa", "en": "Age group"},
    "col_group": {"lv": "Grupa", "en": "Group"},
    "col_scenario": {"lv": "Scenārijs", "en": "Scenario"},
    "col_series": {"lv": "Rādītājs", "en": "Series"},
    "col_p5": {"lv": "P5 (5. procentile)", "en": "P5 (5th percentile)"},
    "col_p25": {"lv": "P25", "en": "P25"},
    "col_p50": {"lv": "P50 (mediāna)", "en": "P50 (median)"},
    "col_p75": {"lv": "P75", "en": "P75"},
    "col_p95": {"lv": "P95 (95. procentile)", "en": "P95 (95th percentile)"},
    "col_mean": {"lv": "Vidējā vērtība", "en": "Mean"},
    "meta_ensemble": {"lv": "Nenoteiktības aprēķins", "en": "Uncertainty run"},
    "meta_ensemble_text": {
        "lv": "{n} paraugi, sēkla {seed}; procentiles pa paraugiem",
        "en": "{n} samples, seed {seed}; percentiles over the samples",
    },
    "col_forecast": {"lv": "Prognoze", "en": "Forecast"},
    "col_lead": {"lv": "Prognozes attālums, gadi", "en": "Lead, years"},
    "col_mape": {"lv": "MAPE, %", "en": "MAPE, %"},
    "col_target": {"lv": "Mērķis (MAPE), %", "en": "Target (MAPE), %"},
    "col_fte": {"lv": "Vērtība", "en": "Value"},
    "col_table": {"lv": "Tabula", "en": "Table"},
    "col_status": {"lv": "Izcelsme", "en": "Provenance"},
    "col_rows": {"lv": "Rindas", "en": "Rows"},
    "col_share": {"lv": "Rindu daļa", "en": "Share of rows"},
    "col_suppressed": {"lv": "Slēpta šūna (1–4 personas)", "en": "Cell blanked (1–4 persons)"},
    "unit_percent": {"lv": "%", "en": "%"},
    # --- metadata sheet --------------------------------------------------------------------
    "meta_sheet": {"lv": "metadati", "en": "metadata"},
    "data_sheet": {"lv": "dati", "en": "data"},
    "meta_field": {"lv": "Lauks", "en": "Field"},
    "meta_value": {"lv": "Vērtība", "en": "Value"},
    "meta_table": {"lv": "Tabula", "en": "Table"},
    "meta_scenario": {"lv": "Scenārijs", "en": "Scenario"},
    "meta_scenario_id": {"lv": "Scenārija fails", "en": "Scenario file"},
    "meta_model": {"lv": "Modeļa fails", "en": "Model file"},
    "meta_model_hash": {"lv": "Modeļa SHA-256", "en": "Model SHA-256"},
    "meta_data_hash": {"lv": "Datu SHA-256", "en": "Data SHA-256"},
    "meta_version": {"lv": "ikm-sim versija", "en": "ikm-sim version"},
    "meta_run_at": {"lv": "Aprēķināts", "en": "Run at"},
    "meta_unit": {"lv": "Mērvienība: {column}", "en": "Unit: {column}"},
    "meta_years": {
        "lv": "Mācību gads 2025./2026. sākas 2025. gada septembrī.",
        "en": "School year 2025/26 starts in September 2025.",
    },
    "meta_rounding": {"lv": "Noapaļošana", "en": "Rounding"},
    "meta_suppression": {"lv": "Mazās šūnas", "en": "Small cells"},
    "meta_suppression_text": {
        "lv": (
            "Pašvaldības līmenī personu skaiti no 1 līdz 4 ir atstāti tukši (kolonna "
            "“Slēpta šūna (1–4 personas)”), lai nevarētu atpazīt atsevišķus pedagogus."
        ),
        "en": (
            "At municipality level, counts of 1 to 4 persons are left blank (column "
            "“Cell blanked (1–4 persons)”) so that no teacher can be identified."
        ),
    },
    "meta_rounding_text": {
        "lv": (
            "Likmes līdz 0,1; personu skaiti līdz veselam skaitlim; daļas līdz 0,1 procentpunktam. "
            "Summas var atšķirties no noapaļoto vērtību summas."
        ),
        "en": (
            "FTE to 0.1; counts of persons to whole numbers; shares to 0.1 percentage point. "
            "Totals may differ from the sum of rounded values."
        ),
    },
    "meta_synthesized": {"lv": "Sintezēti dati", "en": "Synthesized data"},
    "meta_synthesized_text": {
        "lv": (
            "Daļa datu ir sintezēta: publicētie kopskaitļi ir sadalīti pa pašvaldībām, mācību "
            "priekšmetiem un vecumiem ar dokumentētu metodi (data/README.md). Rezultāti ilustrē "
            "modeli; tie nav oficiāla statistika."
        ),
        "en": (
            "Part of the data is synthesized: published totals are split by municipality, "
            "subject and age with a documented method (data/README.md). Results illustrate the "
            "model; they are not official statistics."
        ),
    },
    "meta_status_rows": {"lv": "Datu rindas pēc izcelsmes", "en": "Data rows by provenance"},
    "meta_files": {
        "lv": (
            "{stem}.xlsx un {stem}_lv.csv: šī tabula latviešu Excel formātā (“;”, komats "
            "decimāldaļās); {stem}.csv: mašīnlasāma tabula (kodi angļu valodā, punkts "
            "decimāldaļās)."
        ),
        "en": (
            "{stem}.xlsx and {stem}_en.csv: this table for reports; {stem}.csv: the "
            "machine-readable table (English codes, decimal point)."
        ),
    },
    "data_download_results": {
        "lv": "Rezultāti pa pašvaldībām un mācību priekšmetiem",
        "en": "Results by municipality and subject",
    },
    "data_download_publication": {
        "lv": "Tie paši publicēšanai (šūnas ar 1–4 personām slēptas)",
        "en": "The same for publication (cells with 1–4 persons blanked)",
    },
    "data_download_age": {
        "lv": "Pedagogi pa vecuma grupām (šūnas ar 1–4 personām slēptas)",
        "en": "Teachers by age group (cells with 1–4 persons blanked)",
    },
    "data_download_pupils": {"lv": "Skolēni pa klasēm", "en": "Pupils by grade"},
    "download_csv_excel": {"lv": "CSV (Excel, “;”)", "en": "CSV (report)"},
    "download_csv_tidy": {"lv": "CSV (dati analīzei)", "en": "CSV (tidy data)"},
    "download_table_help": {
        "lv": (
            "Excel un CSV (Excel) — latviskas kolonnu galvenes, nosaukumi, mācību gadi un "
            "noapaļotas vērtības, CSV ar “;” un komatu decimāldaļās; CSV (dati analīzei) — "
            "mašīnlasāma tabula ar kodiem un punktu decimāldaļās."
        ),
        "en": (
            "Excel and CSV (report): headers, names, school years and rounded values for a "
            "report; CSV (tidy data): machine-readable with codes and a decimal point."
        ),
    },
}

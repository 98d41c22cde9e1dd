"""Interface texts of the scenario builder, region roll-up, calibration view and export pack.

Merged into `ikm_sim.locale.i18n.TEXTS` (kept apart so each module stays short). Latvian first.
"""

from __future__ import annotations

PAGE_TEXTS: dict[str, dict[str, str]] = {
    # --- navigation -----------------------------------------------------------------------
    "nav_builder": {"lv": "Scenāriju veidotājs", "en": "Scenario builder"},
    "nav_calibration": {"lv": "Kalibrēšana un ticamība", "en": "Calibration and validity"},
    # --- scenario builder -----------------------------------------------------------------
    "builder_title": {"lv": "Scenāriju veidotājs", "en": "Scenario builder"},
    "builder_intro": {
        "lv": (
            "Izvēlieties sākuma scenāriju, mainiet sviras un aprēķiniet. Rezultāts tiek rādīts "
            "blakus sākuma scenārijam ar starpībām. Scenāriju var saglabāt YAML failā un "
            "vēlāk ielādēt vēlreiz."
        ),
        "en": (
            "Pick a starting scenario, move the levers and run. The result is shown beside the "
            "starting scenario with the differences. Save the scenario as a YAML file and load "
            "it again later."
        ),
    },
    "builder_base": {"lv": "Sākuma scenārijs", "en": "Starting scenario"},
    "builder_uploaded": {"lv": "Augšupielādēts: {name}", "en": "Uploaded: {name}"},
    "builder_levers": {"lv": "Sviras", "en": "Levers"},
    "builder_levers_note": {
        "lv": (
            "Katra svira darbojas no norādītā gada (pakāpe). Neaizskartās sviras paliek tādas "
            "kā sākuma scenārijā (arī reģionālās un priekšmetu atšķirības)."
        ),
        "en": (
            "Each lever acts from the year given (a dated step). Levers you do not touch keep "
            "the starting scenario's setting (including regional and subject overrides)."
        ),
    },
    "builder_run": {"lv": "Aprēķināt", "en": "Run"},
    "builder_reset": {"lv": "Atjaunot sākuma vērtības", "en": "Reset to the start values"},
    "builder_from_year": {"lv": "no gada", "en": "from year"},
    "builder_changed": {"lv": "Mainītās sviras: {levers}", "en": "Levers changed: {levers}"},
    "builder_unchanged": {
        "lv": "Neviena svira nav mainīta: rezultāts sakrīt ar sākuma scenāriju.",
        "en": "No lever was changed: the result equals the starting scenario.",
    },
    "builder_not_run": {
        "lv": "Mainiet sviras un spiediet **Aprēķināt**, lai redzētu rezultātu.",
        "en": "Move the levers and press **Run** to see the result.",
    },
    "builder_stale": {
        "lv": "Sviras ir mainītas kopš pēdējā aprēķina; spiediet **Aprēķināt**.",
        "en": "The levers changed since the last run; press **Run**.",
    },
    "builder_result": {"lv": "Rezultāts", "en": "Result"},
    "builder_edited_title": {"lv": "{base}, mainīts", "en": "{base}, edited"},
    "builder_diff_table": {
        "lv": "Starpība pa gadiem (likmes): mainītais − sākuma scenārijs",
        "en": "Difference by year (FTE): edited − starting scenario",
    },
    "builder_save": {"lv": "Saglabāt un ielādēt", "en": "Save and load"},
    "builder_name": {"lv": "Scenārija nosaukums", "en": "Scenario name"},
    "builder_name_help": {
        "lv": "Jūsu nosaukums ir scenārija virsraksts visās lapās; faila vārdā tas ir bez "
        "garumzīmēm un mīkstinājuma zīmēm.",
        "en": "Your name is the scenario's title on every page; the file name is the same "
        "without diacritics.",
    },
    "builder_download_yaml": {"lv": "Lejupielādēt YAML", "en": "Download YAML"},
    "builder_upload": {
        "lv": "Ielādēt scenāriju (YAML, līdz {limit})",
        "en": "Load a scenario (YAML, up to {limit})",
    },
    "upload_button": {"lv": "Izvēlēties failu", "en": "Choose a file"},
    "upload_note": {
        "lv": "vai ievelciet to šeit · {types}, līdz {limit}",
        "en": "or drop it here · {types}, up to {limit}",
    },
    "builder_upload_ok": {"lv": "Ielādēts scenārijs “{name}”.", "en": "Loaded scenario “{name}”."},
    "builder_upload_error": {
        "lv": (
            "Scenāriju nevar ielādēt. Izlabojiet failu pēc pārbaudes ziņojuma (fails:rinda: "
            "atslēga: kas gaidīts) un ielādējiet to vēlreiz:\n\n```\n{message}\n```"
        ),
        "en": (
            "The scenario cannot be loaded. Fix the file as the check says (file:line: key: "
            "what is expected) and load it again:\n\n```\n{message}\n```"
        ),
    },
    "builder_invalid": {
        "lv": "Scenārijs nav derīgs: {message}",
        "en": "Invalid scenario: {message}",
    },
    "builder_result_year": {"lv": "Mācību gads rezultātam", "en": "School year of the result"},
    "builder_kpi_caption": {
        "lv": "Mainītais scenārijs {year} mācību gadā; izmaiņa pret sākuma scenāriju",
        "en": "The edited scenario in school year {year}; change from the starting scenario",
    },
    "col_demand_diff": {"lv": "Pieprasījuma izmaiņa", "en": "Change of demand"},
    "col_supply_diff": {"lv": "Piedāvājuma izmaiņa", "en": "Change of supply"},
    "pay_label": {"lv": "Algas reālais pieaugums, % gadā", "en": "Real pay growth, % a year"},
    "pay_help": {
        "lv": (
            "Pedagogu algas pieaugums gadā virs vidējās algas pieauguma valstī (relatīvā alga, "
            "2023 = 1), no sākuma līdz beigu gadam; pēc tam līmenis saglabājas."
        ),
        "en": (
            "Yearly growth of teacher pay above the growth of the national average wage "
            "(relative pay, 2023 = 1), from the start to the end year; the level holds after."
        ),
    },
    "pay_from": {"lv": "pieaugums no gada", "en": "growth from year"},
    "pay_to": {"lv": "līdz gadam", "en": "until year"},
    "builder_years_order": {
        "lv": (
            "{lever}: gads “no” ({start}) nav pirms gada “līdz” ({end}). Izvēlieties sākuma "
            "gadu, kas ir pirms beigu gada; scenārijs nav aprēķināts."
        ),
        "en": (
            "{lever}: the “from” year ({start}) is not before the “until” year ({end}). Choose "
            "a start year before the end year; the scenario was not run."
        ),
    },
    "births_variant_label": {
        "lv": "Dzimstības prognozes variants",
        "en": "Births projection variant",
    },
    "births_low": {"lv": "zemais", "en": "low"},
    "births_medium": {"lv": "vidējais", "en": "medium"},
    "births_high": {"lv": "augstais", "en": "high"},
    "lever_relative_pay": {"lv": "Relatīvā alga", "en": "Relative pay"},
    "lever_pay_growth": {"lv": "Algas reālais pieaugums", "en": "Real pay growth"},
    "lever_lesson_share": {"lv": "Mācību stundu daļa likmē", "en": "Lesson share of a full rate"},
    "lever_retirement_age": {"lv": "Pensionēšanās vecums", "en": "Retirement age"},
    "lever_macitspeks_intake": {"lv": "Mācītspēka uzņemšana", "en": "Mācītspēks intake"},
    "lever_training_places": {
        "lv": "Studiju vietas: citi priekšmeti",
        "en": "Study places: other subjects",
    },
    "lever_places_stem": {"lv": "Studiju vietas: STEM", "en": "Study places: STEM"},
    "lever_places_languages": {"lv": "Studiju vietas: valodas", "en": "Study places: languages"},
    "lever_consolidation": {"lv": "Klases lielums", "en": "Class size"},
    "lever_retention": {"lv": "Jauno pedagogu noturēšana", "en": "Early-career retention"},
    "lever_births_variant": {"lv": "Dzimstības variants", "en": "Births variant"},
    "help_lesson_share": {
        "lv": "Likmes daļa mācību stundām (0,65 = 65/35, 0,60 = 60/40). Daļa, {lo}–{hi}.",
        "en": (
            "Share of a full rate spent on lessons (0.65 = 65/35, 0.60 = 60/40). Share, {lo}–{hi}."
        ),
    },
    "help_retirement_age": {
        "lv": "Valsts vecuma pensijas vecums, gadi, {lo}–{hi}. Šodien 65.",
        "en": "Statutory old-age pension age, years, {lo}–{hi}. Today 65.",
    },
    "help_macitspeks_intake": {
        "lv": "Programmas “Mācītspēks” dalībnieki gadā, personas, {lo}–{hi}. Šodien ~89.",
        "en": "Entrants of the Mācītspēks route per year, persons, {lo}–{hi}. Today ~89.",
    },
    "help_training_places": {
        "lv": (
            "Finansētās studiju vietas pret šodienu (1 = tāpat) priekšmetos ārpus STEM un "
            "valodām, {lo}–{hi}."
        ),
        "en": (
            "Funded teacher-education places relative to today (1 = same) in the subjects "
            "outside STEM and languages, {lo}–{hi}."
        ),
    },
    "help_places_stem": {
        "lv": (
            "Finansētās studiju vietas pret šodienu (1 = tāpat): matemātika, fizika, ķīmija, "
            "bioloģija, datorika, {lo}–{hi}."
        ),
        "en": (
            "Funded teacher-education places relative to today (1 = same): mathematics, "
            "physics, chemistry, biology, computing, {lo}–{hi}."
        ),
    },
    "help_places_languages": {
        "lv": (
            "Finansētās studiju vietas pret šodienu (1 = tāpat): latviešu valoda, angļu valoda, "
            "citas svešvalodas, {lo}–{hi}."
        ),
        "en": (
            "Funded teacher-education places relative to today (1 = same): Latvian, English, "
            "other foreign languages, {lo}–{hi}."
        ),
    },
    "help_consolidation": {
        "lv": (
            "Efektīvais klases lielums pret šodienu (1,15 = par 15 % lielākas klases, piemēram, "
            "skolu tīkla konsolidācijā), {lo}–{hi}."
        ),
        "en": (
            "Effective class size relative to today (1.15 = classes 15 % larger, e.g. by "
            "consolidating the school network), {lo}–{hi}."
        ),
    },
    "help_retention": {
        "lv": (
            "Par cik samazinās aiziešana līdz 30 gadu vecumam (0,25 = par ceturtdaļu), {lo}–{hi}."
        ),
        "en": "Reduction of leaving under age 30 (0.25 = a quarter less), {lo}–{hi}.",
    },
    "unit_ratio": {"lv": "attiecība", "en": "ratio"},
    "unit_years": {"lv": "gadi", "en": "years"},
    "unit_share_short": {"lv": "daļa", "en": "share"},
    "chart_compare_title": {
        "lv": "Pieprasījums un piedāvājums: divi scenāriji, {span}",
        "en": "Demand and supply: two scenarios, {span}",
    },
    "chart_compare_subtitle": {
        "lv": "Visa Latvija; likmes. Pilna līnija: mainītais scenārijs; pārtraukta: {base}",
        "en": "All of Latvia; FTE. Solid line: the edited scenario; dashed: {base}",
    },
    "chart_gapdiff_title": {
        "lv": "Iztrūkuma izmaiņa pret sākuma scenāriju, {span}",
        "en": "Change of the gap vs the starting scenario, {span}",
    },
    "chart_gapdiff_subtitle": {
        "lv": "Mainītais − sākuma scenārijs; likmes (zem nulles: iztrūkums mazāks)",
        "en": "Edited − starting scenario; FTE (below zero: a smaller gap)",
    },
    "axis_gap_change": {"lv": "Iztrūkuma izmaiņa, likmes", "en": "Change of the gap, FTE"},
    "axis_scenario": {"lv": "Scenārijs", "en": "Scenario"},
    "col_demand_a": {"lv": "Pieprasījums (sākuma)", "en": "Demand (start)"},
    "col_demand_b": {"lv": "Pieprasījums (mainīts)", "en": "Demand (edited)"},
    "col_supply_a": {"lv": "Piedāvājums (sākuma)", "en": "Supply (start)"},
    "col_supply_b": {"lv": "Piedāvājums (mainīts)", "en": "Supply (edited)"},
    "col_gap_a": {"lv": "Iztrūkums (sākuma)", "en": "Gap (start)"},
    "col_gap_b": {"lv": "Iztrūkums (mainīts)", "en": "Gap (edited)"},
    "col_gap_diff": {"lv": "Iztrūkuma izmaiņa", "en": "Change of the gap"},
    "col_vac_diff": {"lv": "Vakanču izmaiņa", "en": "Change of vacancies"},
    # --- municipality / planning region roll-up --------------------------------------------
    "muni_level": {"lv": "Līmenis", "en": "Level"},
    "level_municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "level_region": {"lv": "Plānošanas reģions", "en": "Planning region"},
    "region_select": {"lv": "Plānošanas reģions", "en": "Planning region"},
    "region_caption": {
        "lv": "{region_gen} plānošanas reģions · {n} pašvaldības",
        "en": "{region_gen} planning region · {n} municipalities",
    },
    "region_place": {"lv": "{region_gen} plānošanas reģions", "en": "{region_gen} planning region"},
    "section_national_compare": {"lv": "Salīdzinājums ar valsti", "en": "Compared with Latvia"},
    "national_compare_note": {
        "lv": "Rādītāji {year} mācību gadā; daļas ļauj salīdzināt dažāda lieluma teritorijas.",
        "en": "Indicators for school year {year}; shares compare areas of different size.",
    },
    "cmp_indicator": {"lv": "Rādītājs", "en": "Indicator"},
    "cmp_here": {"lv": "Šeit", "en": "Here"},
    "cmp_latvia": {"lv": "Latvijā", "en": "Latvia"},
    "cmp_diff": {"lv": "Starpība, p.p.", "en": "Difference, p.p."},
    "cmp_vacancy_rate": {"lv": "Vakances, % no pieprasījuma", "en": "Vacancies, % of demand"},
    "cmp_gap_rate": {"lv": "Iztrūkums, % no pieprasījuma", "en": "Gap, % of demand"},
    "cmp_60plus": {"lv": "Pedagogi vecumā 60+, %", "en": "Teachers aged 60+, %"},
    "cmp_entrants_rate": {
        "lv": "Jaunie pedagogi gadā, % no pedagogiem",
        "en": "New teachers a year, % of teachers",
    },
    "cmp_pupil_change": {
        "lv": "Skolēnu skaita izmaiņa kopš {base}, %",
        "en": "Change of pupils since {base}, %",
    },
    # --- calibration view -----------------------------------------------------------------
    "calib_title": {"lv": "Kalibrēšana un ticamība", "en": "Calibration and validity"},
    "calib_intro": {
        "lv": (
            "Modeļa uzvedības parametri ir novērtēti, salīdzinot modeli ar vēsturiskajiem "
            "datiem. Zemāk: cik labi modelis atkārto vēsturi, prognozes kļūdas atpakaļtestā "
            "un parametru novērtējumi ar ticamības intervāliem."
        ),
        "en": (
            "The model's behavioural parameters are estimated by comparing the model with the "
            "historical data. Below: how well the model reproduces history, forecast errors in "
            "a backtest, and the parameter estimates with confidence intervals."
        ),
    },
    "calib_missing": {
        "lv": (
            "**Modelis vēl nav kalibrēts.** Kalibrēšanas pārskats (`calibration/report/`) vēl "
            "nav izveidots; modelis izmanto noklusētās parametru vērtības. Izveidojiet to ar "
            "`ikm-sim calibrate`."
        ),
        "en": (
            "**The model is not calibrated yet.** The calibration report (`calibration/report/`) "
            "does not exist yet; the model uses default parameter values. Create it with "
            "`ikm-sim calibrate`."
        ),
    },
    "calib_no_params": {
        "lv": "Kalibrēto parametru fails `calibration/calibrated.yaml` nav atrasts.",
        "en": "The calibrated parameter file `calibration/calibrated.yaml` was not found.",
    },
    "calib_meta_source": {
        "lv": (
            "Kalibrēšana (calibration/calibrated.yaml): parametri, uz kuriem balstās visi scenāriji"
        ),
        "en": (
            "Calibration (calibration/calibrated.yaml): the parameters every scenario builds on"
        ),
    },
    "calib_params_file": {
        "lv": "Kalibrētie parametri: `calibration/calibrated.yaml` ({n} parametri).",
        "en": "Calibrated parameters: `calibration/calibrated.yaml` ({n} parameters).",
    },
    "calib_section_fit": {"lv": "Modelis pret vēsturi", "en": "Model vs history"},
    "calib_charts_note": {
        "lv": (
            "Zilā līnija: modelis ar kalibrētajiem parametriem; oranžā pārtrauktā: ar "
            "sākotnējiem parametriem; punkti: publicētā vēsture."
        ),
        "en": (
            "Blue line: the model with the calibrated parameters; dashed orange: with the prior "
            "parameters; dots: the published history."
        ),
    },
    "calib_section_fitstats": {"lv": "Atbilstība pa datu rindām", "en": "Fit per series"},
    "calib_section_backtest": {
        "lv": "Atpakaļtests: prognozes kļūdas",
        "en": "Backtest: forecast errors",
    },
    "calib_backtest_note": {
        "lv": (
            "Katram sākuma gadam modelis kalibrēts tikai uz vēsturi līdz tam un simulēts no "
            "stāvokļa šajā gadā; kļūda = prognoze − publicētais, % no publicētā (daļām: "
            "procentpunkti). Blakus divas naivās prognozes: bez izmaiņām un kohortu attiecība."
        ),
        "en": (
            "For every origin the model is fitted to the history up to it only and simulated "
            "from the state of that year; error = forecast − published, in % of the published "
            "value (shares: percentage points). Beside it two naive forecasts: no change and "
            "the cohort ratio."
        ),
    },
    "calib_backtest_by_lead": {
        "lv": (
            "**Kļūdas pēc prognozes attāluma**: MAPE, nobīde un MASE (modeļa kļūda pret "
            "prognozi “bez izmaiņām”; < 1 – modelis labāks) blakus naivajām prognozēm "
            "un mērķiem; NCES – ASV skolotāju prognožu kļūdas (1,0 % un 2,7 %). n = sākuma gadi "
            "ar publicētu vērtību šajā attālumā."
        ),
        "en": (
            "**Errors by lead time**: MAPE, bias and MASE (the model's error against the "
            "no-change forecast; < 1: the model is better) beside the naive forecasts and the "
            "targets; NCES: the US teacher projection errors (1.0 % and 2.7 %). n = origins "
            "with a published value at that lead."
        ),
    },
    "calib_backtest_by_origin": {
        "lv": "**Kļūdas pēc sākuma gada** (simulētais − vēsturiskais)",
        "en": "**Errors by origin** (simulated − historical)",
    },
    "calib_section_forecast_errors": {
        "lv": "Saglabāto prognožu kļūdas pēc jaunajiem datiem",
        "en": "Errors of the stored forecasts against new figures",
    },
    "calib_forecast_errors_note": {
        "lv": (
            "Katrs `ikm-sim update` salīdzina iepriekš saglabāto prognozi ar jaunā mācību gada "
            "publicētajiem skaitļiem; vēsture rāda, vai modelis kļūst precīzāks."
        ),
        "en": (
            "Every `ikm-sim update` compares the forecast stored before it with the new school "
            "year's published figures; the history shows whether the model is getting better."
        ),
    },
    "calib_no_forecast_errors": {
        "lv": "Vēl nav neviena atjauninājuma ar jauniem skaitļiem.",
        "en": "No update with new figures yet.",
    },
    "calib_section_params": {"lv": "Parametru novērtējumi", "en": "Parameter estimates"},
    "calib_params_note": {
        "lv": (
            "Aptuvenie 95 % ticamības intervāli no Jakobiāna; tos lasiet kā "
            "identificējamības norādi."
        ),
        "en": (
            "Approximate 95 % intervals from the Jacobian; read them as a sign of identifiability."
        ),
    },
    "calib_at_bound": {
        "lv": "Parametrs {name} = {value} ir pie savas robežas [{lo}; {hi}]: dati to neierobežo.",
        "en": (
            "Parameter {name} = {value} is at its bound [{lo}, {hi}]: the data do not pin it down."
        ),
    },
    "calib_warnings": {"lv": "Brīdinājumi", "en": "Warnings"},
    "calib_report": {"lv": "Pilns pārskats (report.md)", "en": "Full report (report.md)"},
    "calib_no_charts": {"lv": "Pārskatā nav grafiku.", "en": "The report has no charts."},
    "calib_no_table": {"lv": "Pārskatā šīs tabulas nav.", "en": "The report has no such table."},
    "col_parameter": {"lv": "Parametrs", "en": "Parameter"},
    "col_unit": {"lv": "Mērvienība", "en": "Unit"},
    "col_prior": {"lv": "Sākotnējais", "en": "Prior"},
    "col_estimate": {"lv": "Novērtējums", "en": "Estimate"},
    "col_ci": {"lv": "95 % intervāls", "en": "95 % interval"},
    "col_bounds": {"lv": "Robežas", "en": "Bounds"},
    "col_at_bound": {"lv": "Pie robežas", "en": "At bound"},
    "yes": {"lv": "jā", "en": "yes"},
    "no": {"lv": "nē", "en": "no"},
    # --- export pack ----------------------------------------------------------------------
    "download_pdf": {"lv": "PDF", "en": "PDF"},
    "export_pack": {
        "lv": "Eksporta pakete (ZIP: grafiki, tabulas, scenārijs, pieņēmumi)",
        "en": "Export pack (ZIP: charts, tables, scenario, assumptions)",
    },
    "export_pack_note": {
        "lv": (
            "ZIP satur grafikus (PNG, SVG, PDF), tabulas (CSV, XLSX; publicēšanai paredzētās ar "
            "slēptām šūnām < 5 personām), scenārija YAML, run.json un PIEŅĒMUMI.md."
        ),
        "en": (
            "The ZIP holds the charts (PNG, SVG, PDF), tables (CSV, XLSX; those for publication "
            "with cells of < 5 persons blanked), the scenario YAML, run.json and PIEŅĒMUMI.md."
        ),
    },
    "section_export": {"lv": "Eksports", "en": "Export"},
    # --- uncertainty ----------------------------------------------------------------------
    "nav_uncertainty": {"lv": "Nenoteiktība", "en": "Uncertainty"},
    "unc_title": {"lv": "Nenoteiktība", "en": "Uncertainty"},
    "unc_intro": {
        "lv": (
            "Cik droša ir prognoze? Modelis tiek aprēķināts daudzas reizes ar nejauši "
            "izvēlētām nenoteiktu pieņēmumu vērtībām, un rezultāti tiek apkopoti diapazonā. "
            "Izvēlieties paraugu skaitu un spiediet **Aprēķināt diapazonu**."
        ),
        "en": (
            "How sure is the forecast? The model is run many times with randomly drawn values "
            "of the uncertain assumptions, and the results are summarised as a range. Choose "
            "the number of samples and press **Compute range**."
        ),
    },
    "unc_samples": {"lv": "Paraugu skaits", "en": "Number of samples"},
    "unc_cost": {
        "lv": "Aprēķins ilgs aptuveni {seconds} s.",
        "en": "The computation takes about {seconds} s.",
    },
    "unc_seed": {"lv": "Sēkla (atkārtojamībai)", "en": "Seed (for reproducibility)"},
    "unc_run": {"lv": "Aprēķināt diapazonu", "en": "Compute range"},
    "unc_running": {
        "lv": "Aprēķina paraugus: {done:n} no {total:n}",
        "en": "Running samples: {done:n} of {total:n}",
    },
    "unc_failed": {
        "lv": "Diapazonu neizdevās aprēķināt: {message}",
        "en": "The range could not be computed: {message}",
    },
    "unc_not_run": {
        "lv": "Vēl nav aprēķināts. Spiediet **Aprēķināt diapazonu**.",
        "en": "Nothing computed yet. Press **Compute range**.",
    },
    "unc_results_for": {
        "lv": "Scenārijs {scenario}, {n:n} paraugi, sēkla {seed}",
        "en": "Scenario {scenario}, {n:n} samples, seed {seed}",
    },
    "unc_explain": {
        "lv": (
            "**Kā lasīt joslas.** Līnija ir mediāna: puse aprēķinu ir virs tās, puse zem. "
            "Tumšākajā joslā ir vidējie 50 % iznākumu (P25–P75), gaišākajā – 90 % (P5–P95). "
            "Nenoteiktie ir uzvedības parametri (piemēram, aiziešanas un pieņemšanas darbā "
            "likmes), kas izlozēti to kalibrētajos intervālos, dzimstības variants (zems, "
            "vidējs, augsts) un bērnu un skolēnu migrācija. Josla nerāda politikas izvēles "
            "(tās ir scenārijs) un neaptver kļūdas pašos datos vai modeļa uzbūvē, tāpēc "
            "patiesā nenoteiktība var būt lielāka."
        ),
        "en": (
            "**How to read the bands.** The line is the median: half of the runs lie above it, "
            "half below. The darker band holds the middle 50 % of outcomes (P25–P75), the "
            "lighter band 90 % (P5–P95). What is uncertain: the behavioural parameters (such "
            "as leaving and hiring rates), drawn within their calibrated intervals; the birth "
            "variant (low, medium, high); and the migration of children and pupils. The band "
            "does not show policy choices (those are the scenario) and does not cover errors "
            "in the data or in the model's structure, so the true uncertainty may be wider."
        ),
    },
    "unc_latvia": {"lv": "Latvija", "en": "Latvia"},
    "unc_section_national": {"lv": "Valstī kopā", "en": "National"},
    "unc_section_probability": {
        "lv": "Iztrūkuma varbūtība",
        "en": "Probability of a shortage",
    },
    "unc_probability_note": {
        "lv": (
            "Daļa paraugu, kuros skolotāju iztrūkums valstī pārsniedz 5 % no pieprasījuma; "
            "mediānas likmēs."
        ),
        "en": (
            "Share of samples in which the national teacher gap exceeds 5 % of demand; "
            "medians in FTE."
        ),
    },
    "unc_col_probability": {"lv": "Varbūtība, ka iztrūkums > 5 %", "en": "Chance gap > 5 %"},
    "unc_col_gap": {"lv": "Iztrūkums (mediāna), likmes", "en": "Gap (median), FTE"},
    "unc_col_demand": {"lv": "Pieprasījums (mediāna), likmes", "en": "Demand (median), FTE"},
    "unc_section_municipality": {"lv": "Pašvaldībā", "en": "By municipality"},
    # --- calibration page: the funding check ------------------------------------------------
    "calfund_heading": {
        "lv": "Finansējums pret publicēto budžetu",
        "en": "Funding against the published budget",
    },
    "calfund_intro": {
        "lv": (
            "Valsts mērķdotācija pedagogu darba samaksai (apakšprogrammas 05.00.00 un 10.00.00, "
            "kalendārie gadi) un izmaksas par pilnu slodzi mēnesī: modelis (viens mērogs, "
            "kalibrēts 2018.–2023. gadam) pret publicēto (izpildi, kur tā publicēta, citur plānu)."
        ),
        "en": (
            "The state target grant for teacher pay (sub-programmes 05.00.00 and 10.00.00, "
            "calendar years) and the cost of a full load a month: the model (one scale, fitted "
            "to 2018–2023) against what is published (execution where published, else the plan)."
        ),
    },
    "calfund_plans_intro": {
        "lv": (
            "Budžeta plāni pēc datu beigām: parādīti blakus prognozei, nav izmantoti kalibrēšanā."
        ),
        "en": "Budget plans after the data: shown beside the forecast, not used in the fit.",
    },
    "calfund_year": {"lv": "Gads", "en": "Year"},
    "calfund_status": {"lv": "Publicētais", "en": "Published"},
    "calfund_status_execution": {"lv": "izpilde", "en": "execution"},
    "calfund_status_plan": {"lv": "plāns", "en": "plan"},
    "calfund_plan_grant": {"lv": "Budžeta plāns, milj. EUR", "en": "Budget plan, EUR million"},
    "calfund_published": {
        "lv": "Publicētā mērķdotācija, milj. EUR",
        "en": "Published grant, EUR million",
    },
    "calfund_model": {"lv": "Modelis, milj. EUR", "en": "Model, EUR million"},
    "calfund_grant_error": {"lv": "Mērķdotācijas kļūda, %", "en": "Grant error, %"},
    "calfund_pay_published": {
        "lv": "Publicētās izmaksas par slodzi mēnesī, EUR",
        "en": "Published cost of a full load a month, EUR",
    },
    "calfund_pay_model": {
        "lv": "Modeļa izmaksas par slodzi mēnesī, EUR",
        "en": "Model's cost of a full load a month, EUR",
    },
    "calfund_pay_error": {"lv": "Slodzes izmaksu kļūda, %", "en": "Error of the cost of a load, %"},
    "calfund_difference": {"lv": "Starpība, %", "en": "Difference, %"},
}

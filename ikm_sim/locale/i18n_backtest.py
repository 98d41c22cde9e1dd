"""Texts of the rolling-origin backtest: report section, chart, targets not met (Latvian first).

Merged into `ikm_sim.locale.i18n.TEXTS`; used by the calibration report
(`ikm_sim.calibration.report`), the backtest chart (`ikm_sim.charts.backtest`) and the app's
calibration page.
"""

from __future__ import annotations

BACKTEST_TEXTS: dict[str, dict[str, str]] = {
    "bt_forecast_model": {"lv": "modelis", "en": "model"},
    "bt_forecast_nochange": {"lv": "bez izmaiņām", "en": "no change"},
    "bt_forecast_cohort": {"lv": "kohortu attiecība", "en": "cohort ratio"},
    "bt_series_school_pedagogues": {"lv": "Pedagogi skolās", "en": "School pedagogues"},
    "bt_series_subject_teachers": {"lv": "Priekšmetu skolotāji", "en": "Subject teachers"},
    "bt_series_pupils_total": {"lv": "Skolēni 1.–12. klasē", "en": "Pupils, grades 1–12"},
    "bt_series_pupils_grade_1": {"lv": "Pirmklasnieki", "en": "First-graders"},
    "bt_series_school_vacancies_fte": {"lv": "Vakances skolās", "en": "School vacancies"},
    "bt_series_preschool_vacancies_fte": {
        "lv": "Vakances pirmsskolā",
        "en": "Preschool vacancies",
    },
    "bt_series_share_aged_50plus": {"lv": "Daļa vecumā 50+", "en": "Share aged 50+"},
    "bt_series_share_aged_55plus": {"lv": "Daļa vecumā 55+", "en": "Share aged 55+"},
    "bt_series_share_aged_65plus": {"lv": "Daļa vecumā 65+", "en": "Share aged 65+"},
    "bt_axis_lead": {"lv": "Prognozes attālums, gadi", "en": "Lead time, years"},
    "bt_axis_mape": {"lv": "MAPE, % (simetriska log. skala)", "en": "MAPE, % (symlog scale)"},
    "bt_tooltip_series": {"lv": "Rinda", "en": "Series"},
    "bt_tooltip_forecast": {"lv": "Prognoze", "en": "Forecast"},
    "bt_tooltip_target": {"lv": "Mērķis, %", "en": "Target, %"},
    "bt_chart_title": {
        "lv": "Atpakaļtests: prognozes kļūda pēc attāluma",
        "en": "Backtest: forecast error by lead time",
    },
    "bt_chart_subtitle": {
        "lv": (
            "Vidējā absolūtā kļūda (MAPE) pa sākuma gadiem; nepārtraukta līnija – modelis, "
            "pārtraukta – bez izmaiņām, punktēta – kohortu attiecība; rombi – mērķi"
        ),
        "en": (
            "Mean absolute % error (MAPE) over the origins; solid: model, dashed: no change, "
            "dotted: cohort ratio; diamonds: targets"
        ),
    },
    "bt_heading": {
        "lv": "Atpakaļtests ar mainīgu sākuma gadu",
        "en": "Rolling-origin backtest",
    },
    "bt_method": {
        "lv": (
            "Katram sākuma gadam O parametri kalibrēti tikai uz vēsturi līdz O; dati nogriezti "
            "līdz O, un modelis sāk no stāvokļa gadā O: skolēni no O gada datiem, pedagogi – "
            "aprēķins no iepriekšējā reģistra gada līdz O, mērogots pēc O gadā publicētajiem "
            "kopskaitiem, kur tādi ir. Tad modelis simulē O + 1 … O + 5, un katru rindu salīdzina "
            "ar publicēto vērtību. Prognozes ir nosacītas: dzimstība, skolu tīkla konsolidācija, "
            "slodzes noteikumi, pensijas vecums un Mācītspēks pēc O ir novērotie."
        ),
        "en": (
            "For every origin O the parameters are fitted on the history up to O only; the data "
            "are cut at O and the model starts from the state of O: pupils from the data of year "
            "O, pedagogues rolled forward from the earlier registry year to O and scaled to the "
            "totals published for O where there are any. The model then simulates O + 1 … O + 5 "
            "and every series is compared with its published value. The forecasts are "
            "conditional: births, the school-network consolidation, the workload rules, the "
            "pension age and Mācītspēks after O are the observed ones."
        ),
    },
    "bt_definitions": {
        "lv": (
            "MAPE – vidējā absolūtā kļūda pa sākuma gadiem ar publicētu vērtību šajā attālumā, "
            "% no publicētās (daļām – procentpunkti); nobīde – vidējā kļūda ar zīmi (prognoze − "
            "publicētais), tajās pašās vienībās; MASE – modeļa vidējā absolūtā kļūda, dalīta ar "
            "prognozes “bez izmaiņām” vidējo absolūto kļūdu, tajos sākuma gados, kur "
            "ir abas (< 1: modelis labāks par “bez izmaiņām”); n – sākuma gadi."
        ),
        "en": (
            "MAPE: mean absolute error over the origins with a published value at that lead, in "
            "% of the published value (shares: percentage points); bias: mean signed error "
            "(forecast − published), same unit; MASE: the model's mean absolute error divided by "
            "that of the no-change forecast, over the origins where both exist (< 1: the model "
            "beats no change); n: origins."
        ),
    },
    "bt_naive": {
        "lv": (
            "Naivās prognozes. Bez izmaiņām: pēdējā publicētā vērtība līdz O. Kohortu "
            "attiecība: pirmklasnieki = dzimušie pirms 7 gadiem × pēdējā zināmā 1. klases un "
            "dzimušo attiecība; skolēni 1.–12. klasē = pēdējā zināmā skolēnu un viņu 12 "
            "kohortu dzimušo attiecība × dzimušie (dzimstības dati sākas 2000. gadā, tāpēc līdz "
            "2017. gadam: O gada klases pārceltas k klases augstāk bez zudumiem + jaunās "
            "1. klases)."
        ),
        "en": (
            "Naive forecasts. No change: the last published value up to O. Cohort ratio: "
            "first-graders = births seven years earlier × the last known grade-1-per-birth "
            "ratio; pupils 1–12 = the last known pupils per birth of their 12 cohorts × births "
            "(births start in 2000, so up to 2017: the grades of O carried up k grades without "
            "losses + the new grade-1 cohorts)."
        ),
    },
    "bt_targets": {
        "lv": (
            "Mērķi (#17): skolēni 1.–12. klasē MAPE ≤ 1,0 % pēc 1 gada un ≤ 2,5 % pēc 5 gadiem, "
            "|nobīde| ≤ 0,5 pp katrā attālumā; pirmklasnieki MAPE ≤ 3 % katrā attālumā; abiem "
            "MASE < 1 katrā attālumā; pedagogiem ≤ 1 % un ≤ 2,5 %, kur publicētie punkti ļauj."
        ),
        "en": (
            "Targets (#17): pupils 1–12 MAPE ≤ 1.0 % at 1 year and ≤ 2.5 % at 5 years, |bias| ≤ "
            "0.5 pp at every lead; first-graders MAPE ≤ 3 % at every lead; both MASE < 1 at "
            "every lead; pedagogues ≤ 1 % and ≤ 2.5 % wherever published points allow."
        ),
    },
    "bt_shortfalls": {"lv": "Nesasniegtie mērķi", "en": "Targets not met"},
    "bt_short_none": {
        "lv": "Visi novērtējamie mērķi sasniegti.",
        "en": "Every target that can be evaluated is met.",
    },
    "bt_short_mape": {
        "lv": (
            "{series}, +{lead} g.: MAPE {value} % > {limit} % (n = {n}; bez izmaiņām "
            "{nochange}, kohortu attiecība {cohort})"
        ),
        "en": (
            "{series}, lead {lead}: MAPE {value} % > {limit} % (n = {n}; no change {nochange}, "
            "cohort ratio {cohort})"
        ),
    },
    "bt_short_bias": {
        "lv": (
            "{series}, +{lead} g.: nobīde {value} pp, |nobīde| > {limit} pp (n = {n}; bez "
            "izmaiņām {nochange_bias})"
        ),
        "en": (
            "{series}, lead {lead}: bias {value} pp, |bias| > {limit} pp (n = {n}; no change "
            "{nochange_bias})"
        ),
    },
    "bt_short_mase": {
        "lv": (
            "{series}, +{lead} g.: MASE {value} ≥ {limit} – nav labāks par “bez "
            "izmaiņām” (n = {n}; MAPE {mape} pret {nochange})"
        ),
        "en": (
            "{series}, lead {lead}: MASE {value} ≥ {limit}: does not beat no change (n = {n}; "
            "MAPE {mape} against {nochange})"
        ),
    },
    "bt_short_nodata": {
        "lv": "{series}, +{lead} g.: nav novērtējams – nevienam sākuma gadam nav publicētas "
        "vērtības šajā attālumā",
        "en": "{series}, lead {lead}: not evaluable: no origin has a published value at this lead",
    },
    "calib_backtest_method": {
        "lv": "Metode, definīcijas un mērķi",
        "en": "Method, definitions and targets",
    },
    "bt_by_origin": {
        "lv": "Kļūdas pēc sākuma gada un prognozes (prognoze − publicētais)",
        "en": "Errors by origin and forecast (forecast − published)",
    },
    "cov_heading": {
        "lv": "Nenoteiktības joslu pārklājums atpakaļtestos",
        "en": "Coverage of the uncertainty bands in the backtests",
    },
    "cov_method": {
        "lv": (
            "No katra sākuma gada stāvokļa (tie paši sākuma gadi kā atpakaļtestā) tiek palaists "
            "nenoteiktības ansamblis līdz 5 gadiem uz priekšu; katra publicētā vērtība tiek "
            "pārbaudīta pret 80 % (P10–P90) un 95 % (P2,5–P97,5) joslu tajā attālumā. Daļai "
            "iekšā jābūt 10 punktu robežās no nominālās. Ja ansambļa joslas ir par šaurām, tās "
            "paplašina ar empīrisko kļūdu, kas aug ar kvadrātsakni no attāluma, novērtētu no "
            "pārējiem sākuma gadiem (viens izlaists). Publicēto vērtību ir maz (n tabulā)."
        ),
        "en": (
            "From the state of each origin (the backtest's origins) an uncertainty ensemble runs "
            "five years ahead; each published value is tested against the 80 % (P10–P90) and "
            "95 % (P2.5–P97.5) bands of its lead. The share inside should be within 10 points "
            "of nominal. Where the ensemble's bands are too narrow they are widened by an "
            "empirical error that grows with the square root of the lead, estimated from the "
            "other origins (leave one out). Published values are few (n in the table)."
        ),
    },
    "cov_applied": {
        "lv": (
            "Paplašinājuma mērogi (widening.csv) tiek lietoti valsts prognožu joslām "
            "(percentiles_national.csv, ventilatora grafiki, eksporta pakete); pašvaldību un "
            "priekšmetu joslas paliek ansambļa joslas."
        ),
        "en": (
            "The widening scales (widening.csv) are applied to the national forecast bands "
            "(percentiles_national.csv, fan charts, the export pack); municipal and subject "
            "bands stay the ensemble's own."
        ),
    },
    "cov_band_ensemble": {"lv": "ansamblis", "en": "ensemble"},
    "cov_col_band": {"lv": "Josla", "en": "Band"},
    "cov_col_level": {"lv": "Līmenis", "en": "Level"},
    "cov_col_all": {"lv": "visi attālumi", "en": "all leads"},
    "cov_band_widened": {"lv": "paplašināts", "en": "widened"},
}

"""Texts of the uncertainty pack's assumptions note (PIEŅĒMUMI.md), one template per language.

Merged into `ikm_sim.locale.i18n.TEXTS`; `ikm_sim.uncertainty.pack` fills the ``{fields}``.
"""

from __future__ import annotations

UNCERTAINTY_NOTE_TEXTS: dict[str, dict[str, str]] = {
    "un_params": {
        "lv": (
            "- **Uzvedības parametri** (aiziešanas, pensionēšanās, pieņemšanas darbā u. c. "
            "likmes): {count} ar kalibrētu {level} intervālu – normālais sadalījums ap "
            "novērtējumu ar šī intervāla platumu, ierobežots ar parametra robežām; pārējie – "
            "trīsstūra sadalījums ±{band} ap kalibrēto vērtību."
        ),
        "en": (
            "- **Behavioural parameters** (leaving, retirement, hiring and other rates): "
            "{count} with a calibrated {level} interval, drawn from a normal distribution "
            "around the estimate with that interval's spread, truncated to the parameter's "
            "bounds; the others from a triangular distribution ±{band} around the calibrated "
            "value."
        ),
    },
    "un_params_off": {
        "lv": "- **Uzvedības parametri** netika izlozēti (kalibrētās vērtības).",
        "en": "- **Behavioural parameters** were not sampled (calibrated values).",
    },
    "un_births": {
        "lv": (
            "- **Dzimstības prognozes variants**: scenārija variants ({variant}) ar varbūtību "
            "0,5, katrs no abiem pārējiem ar 0,25."
        ),
        "en": (
            "- **Birth projection variant**: the scenario's variant ({variant}) with "
            "probability 0.5, each of the other two with 0.25."
        ),
    },
    "un_births_off": {
        "lv": "- **Dzimstības prognozes variants** netika izlozēts ({variant}).",
        "en": "- **Birth projection variant** was not sampled ({variant}).",
    },
    "un_migration": {
        "lv": (
            "- **Migrācija**: papildu bērnu un skolēnu neto migrācija, vienāda visām "
            "pašvaldībām un gadiem pēc bāzes gada; normālais sadalījums ar standartnovirzi "
            "{sd} gadā, ierobežots ±2,5 standartnovirzēm."
        ),
        "en": (
            "- **Migration**: extra net migration of children and pupils, the same for every "
            "municipality and every year after the base year; normal with a standard "
            "deviation of {sd} a year, truncated at ±2.5 standard deviations."
        ),
    },
    "un_migration_off": {
        "lv": "- **Migrācija** netika izlozēta.",
        "en": "- **Migration** was not sampled.",
    },
    "un_src_progression_1_9": {"lv": "pāreja 1.–9. klasē", "en": "progression 1–9"},
    "un_src_progression_9_10": {"lv": "pāreja 9. → 10. klasē", "en": "progression 9 → 10"},
    "un_src_progression_10_12": {"lv": "pāreja 10.–12. klasē", "en": "progression 10–12"},
    "un_src_arrivals": {"lv": "skolēni no ārzemēm gadā", "en": "arrivals a year"},
    "un_src_loads": {"lv": "slodzes", "en": "loads"},
    "un_src_teachers_level": {"lv": "bāzes gada pedagogi", "en": "base-year teachers"},
    "un_src_pupils_level": {"lv": "bāzes gada skolēni", "en": "base-year pupils"},
    "un_src_macitspeks": {"lv": "Mācītspēks", "en": "Mācītspēks"},
    "un_src_language_exits": {"lv": "valodas prasību dēļ aizgājušie", "en": "language exits"},
    "un_sources": {
        "lv": (
            "- **Pārējie nenoteiktie ievaddati** (1. klases uzņemšanas līmenis, pāreja uz "
            "nākamo klasi 1.–9., 9. → 10. un 10.–12. klasē, skolēni no ārzemēm, slodzes, "
            "bāzes gada pedagogu un skolēnu skaits, Mācītspēks, valodas prasību dēļ "
            "aizgājušie): normālais sadalījums standartnovirzēs, ierobežots ±2,5; lielums "
            "aprēķināts no publicētajām rindām ({sizes})."
        ),
        "en": (
            "- **Other uncertain inputs** (grade-1 entry level, progression in grades 1–9, "
            "9 → 10 and 10–12, pupils arriving from abroad, loads, base-year teachers and "
            "pupils, Mācītspēks, language exits): normal in standard deviations, truncated at "
            "±2.5; sized from the published series ({sizes})."
        ),
    },
    "un_sources_off": {
        "lv": "- **Pārējie ievaddati** netika izlozēti (publicētās vērtības).",
        "en": "- **Other inputs** were not sampled (published values).",
    },
    "un_title": {
        "lv": "Nenoteiktības aprēķina pieņēmumi",
        "en": "Assumptions of the uncertainty run",
    },
    "un_intro": {
        "lv": (
            "Scenārijs: **{title}** (`{scenario}`). Paraugu skaits **N = {n}**, sēkla "
            "**{seed}**: ar to pašu scenāriju, datiem, N un sēklu aprēķins atkārtojas precīzi."
        ),
        "en": (
            "Scenario: **{title}** (`{scenario}`). Number of samples **N = {n}**, seed "
            "**{seed}**: the same scenario, data, N and seed reproduce the run exactly."
        ),
    },
    "un_sampled_heading": {"lv": "Kas tika izlozēts", "en": "What was sampled"},
    "un_sampled": {
        "lv": (
            "Katrs paraugs ir viens modeļa aprēķins{until} ar citām nenoteikto pieņēmumu "
            "vērtībām (latīņu hiperkuba izloze):"
        ),
        "en": (
            "Each sample is one model run{until} with other values of the uncertain "
            "assumptions (a Latin-hypercube draw):"
        ),
    },
    "un_until": {"lv": " līdz {year} mācību gadam", "en": " to the school year {year}"},
    "un_levers": {
        "lv": (
            "Politikas sviras neizlozē: tās nosaka scenārijs (`scenarijs.yaml`). Dati ir daļēji "
            "sintezēti; rezultāti ilustrē modeli, tie nav oficiāla statistika."
        ),
        "en": (
            "Policy levers are not sampled: the scenario sets them (`scenarijs.yaml`). Part of "
            "the data is synthesized; results illustrate the model, they are not official "
            "statistics."
        ),
    },
    "un_read_heading": {"lv": "Kā lasīt P5–P95", "en": "How to read P5–P95"},
    "un_read": {
        "lv": (
            "Procentiles ņemtas pāri paraugiem katram gadam atsevišķi. **P50** ir mediāna: puse "
            "aprēķinu ir virs tās, puse zem. Starp **P25 un P75** ir vidējie 50 % iznākumu "
            "(grafikā tumšākā josla), starp **P5 un P95** – 90 % (gaišākā josla). "
            "Pieprasījums, piedāvājums, iztrūkums un vakances ir likmes (pilnas slodzes "
            "ekvivalenti; iztrūkums = pieprasījums − piedāvājums), pedagogi, skolēni un "
            "pirmklasnieki – personas. Ar N = {n} malējās procentiles balstās uz dažiem "
            "paraugiem, tāpēc ir aptuvenas. Valsts kopsummas procentile nav pašvaldību vai "
            "priekšmetu procentiļu summa."
        ),
        "en": (
            "Percentiles are taken over the samples, year by year. **P50** is the median: half "
            "of the runs lie above it, half below. **P25 to P75** holds the middle 50 % of "
            "outcomes (the darker band in the charts), **P5 to P95** 90 % (the lighter band). "
            "Demand, supply, gap and vacancies are full-time equivalents (FTE; gap = demand − "
            "supply); teachers, pupils and first-graders are persons. With N = {n} the outer "
            "percentiles rest on a few samples and are approximate. A national percentile is "
            "not the sum of the municipal or subject percentiles."
        ),
    },
    "un_widened": {
        "lv": (
            "Valsts joslas skolēniem, pirmklasniekiem, skolu pedagogiem un skolu vakancēm ir "
            "paplašinātas ar atpakaļtestu kļūdām, ko ansamblis neizskaidro (kalibrēšanas "
            "pārskata `widening.csv`; josla aug ar kvadrātsakni no gadu skaita pēc bāzes "
            "gada), jo ansambļa joslas atpakaļtestos aptvēra par maz publicēto vērtību. "
            "Pārējās joslas ir ansambļa joslas: tās neaptver kļūdas pašos datos un modeļa "
            "uzbūvē, tāpēc patiesā nenoteiktība var būt lielāka."
        ),
        "en": (
            "The national bands of pupils, first-graders, school pedagogues and school "
            "vacancies are widened by the backtest errors the ensemble does not explain (the "
            "calibration report's `widening.csv`; the widening grows with the square root of "
            "the years after the base year), because the ensemble's own bands held too few of "
            "the published values in the backtests. The other bands are the ensemble's own: "
            "they do not cover errors in the data or in the model's structure, so the true "
            "uncertainty may be wider."
        ),
    },
    "un_not_widened": {
        "lv": (
            "Joslas ir ansambļa joslas: tās neaptver kļūdas pašos datos un modeļa uzbūvē, "
            "tāpēc patiesā nenoteiktība var būt lielāka."
        ),
        "en": (
            "The bands are the ensemble's own: they do not cover errors in the data or in the "
            "model's structure, so the true uncertainty may be wider."
        ),
    },
    "un_prob_heading": {"lv": "Iztrūkuma varbūtība", "en": "Probability of a shortage"},
    "un_prob": {
        "lv": (
            "`p_over_share` ir to paraugu daļa, kuros skolotāju iztrūkums valstī attiecīgajā "
            "mācību gadā pārsniedz {share} no pieprasījuma (0 – nevienā, 1 – visos). Ar "
            "N = {n} tā mainās soļos pa {step}. `gap_p50` un `demand_p50` ir mediānas likmēs."
        ),
        "en": (
            "`p_over_share` is the share of samples in which the national teacher gap in that "
            "school year exceeds {share} of demand (0: none, 1: all). With N = {n} it moves in "
            "steps of {step}. `gap_p50` and `demand_p50` are medians in FTE."
        ),
    },
    "un_privacy_heading": {"lv": "Privātums", "en": "Privacy"},
    "un_privacy": {
        "lv": (
            "Tabulās ({files}) ir modeļa aprēķinātas likmes, personu skaita prognozes un "
            "paraugu daļas, kas apkopotas valsts, pašvaldības (visi priekšmeti kopā) vai mācību "
            "priekšmeta (visa Latvija) līmenī, nevis reģistra ieraksti par personām; "
            "pašvaldības × priekšmeta līmenis nav iekļauts. Tāpēc mazo šūnu slēpšana (personu "
            "skaiti no 1 līdz 4) šeit netiek piemērota."
        ),
        "en": (
            "The tables ({files}) hold model outputs in FTE, projected numbers of persons and "
            "shares of samples, aggregated nationally, per municipality (all subjects) or per "
            "subject (all of Latvia), not registry records of persons; the municipality × "
            "subject level is left out. Small-cell suppression (counts of 1 to 4 persons) "
            "therefore does not apply here."
        ),
    },
    "un_versions_heading": {"lv": "Versijas", "en": "Versions"},
    "un_versions": {
        "lv": (
            "- ikm-sim versija: {version}\n- Izveidots: {exported}\n"
            "- Aprēķina parametri: `run.json`."
        ),
        "en": "- ikm-sim version: {version}\n- Exported: {exported}\n- Run settings: `run.json`.",
    },
}

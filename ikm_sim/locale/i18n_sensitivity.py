"""Interface texts of the sensitivity page (merged into `ikm_sim.locale.i18n.TEXTS`). Latvian first.

Besides the page texts, this holds a readable label for every behavioural parameter
(``param_<name>``, see `ikm_sim.model.parameters.BehaviouralParameters`) and for its unit
(``sens_unit_<code>``, see `UNIT_KEYS`).
"""

from __future__ import annotations

#: Unit of a behavioural parameter (its ``json_schema_extra["unit"]``) -> text key.
UNIT_KEYS: dict[str, str] = {
    "1/year": "sens_unit_per_year",
    "share": "sens_unit_share",
    "years": "sens_unit_years",
    "1": "sens_unit_none",
    "persons/FTE": "sens_unit_persons_per_fte",
    "groups/class": "sens_unit_groups_per_class",
    "FTE/person": "sens_unit_fte_per_person",
    "persons/year": "sens_unit_persons_per_year",
}

#: Short labels of the behavioural parameters: name -> (Latvian, English).
PARAMETER_LABELS: dict[str, tuple[str, str]] = {
    "leave_20_24": ("Aiziešana no darba 20–24 g. vecumā", "Leaving rate, ages 20–24"),
    "leave_25_29": ("Aiziešana no darba 25–29 g. vecumā", "Leaving rate, ages 25–29"),
    "leave_30_39": ("Aiziešana no darba 30–39 g. vecumā", "Leaving rate, ages 30–39"),
    "leave_40_49": ("Aiziešana no darba 40–49 g. vecumā", "Leaving rate, ages 40–49"),
    "leave_50_59": ("Aiziešana no darba 50–59 g. vecumā", "Leaving rate, ages 50–59"),
    "leave_60_plus": ("Aiziešana (ne pensijā) 60+ g. vecumā", "Leaving (not retiring), 60+"),
    "early_retirement_rate": ("Priekšlaicīga pensionēšanās", "Early retirement rate"),
    "retirement_rate_past_pension_age": (
        "Pensionēšanās pēc pensijas vecuma",
        "Retirement past the pension age",
    ),
    "retirement_rate_75_plus": ("Pensionēšanās 75+ g. vecumā", "Retirement at 75+"),
    "returner_rate": ("Atgriezušies un karjeras mainītāji", "Returners and career changers"),
    "completion_rate": ("Pedagogu studiju pabeigšana", "Completion of teacher education"),
    "base_take_up": ("Absolventi, kas sāk strādāt skolā", "Graduates taking a school job"),
    "graduate_share_of_entrants_age": (
        "Absolventu svars jauno pedagogu vecumā",
        "Graduates' weight in entrant ages",
    ),
    "entrant_mean_age_changers": (
        "Karjeras mainītāju vidējais vecums",
        "Mean age of career changers",
    ),
    "overload_coverage": ("Iztrūkuma segšana ar papildslodzi", "Gap covered by extra load"),
    "max_overload": ("Lielākā papildslodze", "Largest extra load"),
    "max_underload": ("Lielākais slodzes samazinājums", "Largest load reduction"),
    "overload_leave_sensitivity": ("Aiziešana pārslodzes dēļ", "Leaving due to overload"),
    "working_pensioner_sensitivity": (
        "Strādājošo pensionāru reakcija uz iztrūkumu",
        "Working pensioners' response to a gap",
    ),
    "pay_elasticity": ("Pieteikumu elastība pret algu", "Pay elasticity of applications"),
    "workload_sensitivity": ("Pievilcības zudums pārslodzes dēļ", "Appeal lost to overload"),
    "pay_leave_elasticity": ("Aiziešanas elastība pret algu", "Pay elasticity of leaving"),
    "class_elasticity_state_city": (
        "Klašu skaita elastība valstspilsētās",
        "Class count elasticity, state cities",
    ),
    "class_elasticity_novads": (
        "Klašu skaita elastība novados",
        "Class count elasticity, novadi",
    ),
    "pupils_per_other_fte": (
        "Skolēni uz vadības un atbalsta likmi",
        "Pupils per leader or support FTE",
    ),
    "children_per_preschool_fte": (
        "Bērni uz pirmsskolas pedagoga likmi",
        "Children per preschool teacher FTE",
    ),
    "split_group_factor": (
        "Grupas klasē dalītajos priekšmetos",
        "Groups per class in split subjects",
    ),
    "entrant_load": ("Jaunā pedagoga slodze", "Load of a new teacher"),
    "overload_perception_time": ("Laiks, līdz pārslodze jūtama", "Time for overload to be felt"),
    "surplus_adjustment_time": ("Lieko likmju samazināšanas laiks", "Time to cut surplus posts"),
    "hiring_adjustment_time": ("Iztrūkuma aizpildīšanas laiks", "Time to close a gap by hiring"),
    "school_class_elasticity": (
        "Klašu skaita elastība pret skolu skaitu",
        "Classes per school closed (elasticity)",
    ),
    "vacancy_fill_share": (
        "Vakanču daļa, ko aizpilda citi ceļi",
        "Share of vacancies filled by other routes",
    ),
    "regional_preference_riga": (
        "Jauno pedagogu priekšroka Rīgas reģionam",
        "Entrants' preference for Riga region",
    ),
    "students_per_1000_teachers": (
        "Studenti uz 1\u00a0000 pedagogiem",
        "Students per 1,000 teachers",
    ),
    "applicants_per_place": ("Pretendenti uz studiju vietu", "Applicants per study place"),
    "fee_paying_share": ("Maksas studentu daļa", "Share studying at own cost"),
    "language_exposure_high": (
        "Valodas dēļ aiziešanas risks Latgalē un Rīgā",
        "Language-related exits, Latgale and Riga",
    ),
}

SENSITIVITY_TEXTS: dict[str, dict[str, str]] = {
    "nav_sensitivity": {"lv": "Jutīgums", "en": "Sensitivity"},
    "sens_title": {"lv": "Jutīguma analīze", "en": "Sensitivity analysis"},
    "sens_intro": {
        "lv": (
            "Kuri pieņēmumi visvairāk nosaka pedagogu iztrūkumu? **Morisa skrīnings** pa vienam "
            "maina modeļa uzvedības parametrus un ātri sakārto tos pēc ietekmes uz iztrūkumu "
            "valstī un izvēlētajā pašvaldībā. **Sobola indeksi** maina visus parametrus "
            "vienlaikus un mēra, kādu daļu no iztrūkuma nenoteiktības katrs izskaidro viens pats "
            "un kopā ar citiem; tas prasa vairāk modeļa aprēķinu. Izvēlieties metodi, "
            "pašvaldību, mācību gadu un aprēķina apjomu un spiediet **Aprēķināt jutīgumu**."
        ),
        "en": (
            "Which assumptions drive the teacher gap most? **Morris screening** changes the "
            "model's behavioural parameters one at a time and quickly ranks them by their "
            "effect on the gap, nationally and in a chosen municipality. **Sobol indices** vary "
            "all parameters together and measure how much of the gap's uncertainty each one "
            "explains alone and together with others; they take more model runs. Choose the "
            "method, the municipality, the school year and the size of the computation and "
            "press **Compute sensitivity**."
        ),
    },
    "sens_year": {"lv": "Mācību gads", "en": "School year"},
    "sens_trajectories": {"lv": "Trajektoriju skaits (r)", "en": "Trajectories (r)"},
    "sens_run": {"lv": "Aprēķināt jutīgumu", "en": "Compute sensitivity"},
    "sens_cost": {
        "lv": (
            "Izmaksas: r × (D + 1) = {r} × ({d} + 1) = {samples:n} modeļa paraugi "
            "(D – mainīto parametru skaits); aptuveni {seconds} s."
        ),
        "en": (
            "Cost: r × (D + 1) = {r} × ({d} + 1) = {samples:n} model samples "
            "(D is the number of parameters varied); about {seconds} s."
        ),
    },
    "sens_running": {
        "lv": "Aprēķina paraugus: {done:n} no {total:n}",
        "en": "Running samples: {done:n} of {total:n}",
    },
    "sens_failed": {
        "lv": "Jutīgumu neizdevās aprēķināt: {message}",
        "en": "The sensitivity could not be computed: {message}",
    },
    "sens_not_run": {
        "lv": "Vēl nav aprēķināts. Spiediet **Aprēķināt jutīgumu**.",
        "en": "Nothing computed yet. Press **Compute sensitivity**.",
    },
    "sens_stale": {
        "lv": (
            "Iestatījumi ir mainīti. Rādīti iepriekšējā aprēķina rezultāti; spiediet "
            "**Aprēķināt jutīgumu**, lai pārrēķinātu."
        ),
        "en": (
            "The settings have changed. These are the previous results; press **Compute "
            "sensitivity** to recompute."
        ),
    },
    "sens_results_for": {
        "lv": (
            "Scenārijs {scenario}; {where}; {year} mācību gads; r = {r} trajektorijas, "
            "{samples} paraugi, sēkla {seed}"
        ),
        "en": (
            "Scenario {scenario}; {where}; school year {year}; r = {r} trajectories, "
            "{samples} samples, seed {seed}"
        ),
    },
    "sens_explain": {
        "lv": (
            "**Kā lasīt.** Katrs parametrs mainās ±{band} % robežās ap tā kalibrēto vērtību "
            "(nepārsniedzot pieļaujamās robežas); dzimstības variants un migrācija paliek kā "
            "scenārijā. Morisa metode maina parametrus pa vienam, soli pa solim, sākot no "
            "vairākiem nejaušiem punktiem (trajektorijām). **μ\\*** ir vidējā absolūtā "
            "iztrūkuma izmaiņa likmēs, kad parametrs pārvietojas pa savu diapazonu: jo garāka "
            "josla, jo lielāka parametra ietekme. Melnā līnija ir μ\\* 95 % ticamības "
            "intervāls. **σ** rāda, cik ietekme atšķiras atkarībā no pārējo parametru "
            "vērtībām: liela σ nozīmē nelineāru ietekmi vai mijiedarbību. Tā ir skrīninga "
            "metode: ar dažām trajektorijām secība ir aptuvena un norāda, kuriem pieņēmumiem "
            "pievērst uzmanību, nevis precīzi mēra to ietekmi."
        ),
        "en": (
            "**How to read this.** Each parameter varies within ±{band} % of its calibrated "
            "value (within its allowed bounds); the birth variant and migration stay as in the "
            "scenario. The Morris method changes the parameters one at a time, step by step, "
            "starting from several random points (trajectories). **μ\\*** is the mean absolute "
            "change of the gap, in FTE, when a parameter moves across its range: the longer "
            "the bar, the larger the parameter's effect. The black line is the 95 % confidence "
            "interval of μ\\*. **σ** shows how much the effect depends on the values of the "
            "other parameters: a large σ means a non-linear effect or interactions. This is a "
            "screening method: with few trajectories the order is approximate; it shows which "
            "assumptions deserve attention rather than measuring their effect precisely."
        ),
    },
    "sens_latvia": {"lv": "Latvija", "en": "Latvia"},
    "sens_output": {
        "lv": "{where}, {year} mācību gadā",
        "en": "{where}, school year {year}",
    },
    "sens_section_national": {"lv": "Iztrūkums valstī", "en": "National gap"},
    "sens_section_municipality": {"lv": "Iztrūkums pašvaldībā", "en": "Municipal gap"},
    "sens_section_table": {"lv": "Parametru secība", "en": "Ranking of the parameters"},
    "sens_table_note": {
        "lv": (
            "Vieta 1 – lielākā ietekme; μ\\* un σ likmēs. Diapazons – vērtības, kurās "
            "parametrs mainīts."
        ),
        "en": (
            "Rank 1 is the largest effect; μ\\* and σ in FTE. Range: the values the parameter took."
        ),
    },
    "sens_col_parameter": {"lv": "Parametrs", "en": "Parameter"},
    "sens_col_range": {"lv": "Diapazons", "en": "Range"},
    "sens_col_unit": {"lv": "Mērvienība", "en": "Unit"},
    "sens_col_rank": {"lv": "Vieta: {where}", "en": "Rank: {where}"},
    "sens_col_mu_star": {"lv": "μ*: {where}, likmes", "en": "μ*: {where}, FTE"},
    "sens_col_sigma": {"lv": "σ: {where}, likmes", "en": "σ: {where}, FTE"},
    "sens_unit_per_year": {"lv": "gadā", "en": "per year"},
    "sens_unit_share": {"lv": "daļa", "en": "share"},
    "sens_unit_years": {"lv": "gadi", "en": "years"},
    "sens_unit_none": {"lv": "–", "en": "–"},
    "sens_unit_persons_per_fte": {"lv": "personas uz likmi", "en": "persons per FTE"},
    "sens_unit_groups_per_class": {"lv": "grupas klasē", "en": "groups per class"},
    "sens_unit_fte_per_person": {"lv": "likmes uz personu", "en": "FTE per person"},
    "sens_unit_persons_per_year": {"lv": "personas gadā", "en": "persons per year"},
}
SENSITIVITY_TEXTS.update(
    {f"param_{name}": {"lv": lv, "en": en} for name, (lv, en) in PARAMETER_LABELS.items()}
)

"""Interface texts in Latvian (the default) and English.

Every key has a Latvian and an English text. Texts may hold ``str.format`` fields
(``{year}``, ``{name}``…), filled by `t`. Terms follow the project's vocabulary
(the reference note ``source-documents.md`` §4): *pedagogs* (teacher), *likme* (full-time
equivalent, FTE), *vakance* (vacancy), *skolēni* (pupils), *pašvaldība* (municipality),
*plānošanas reģions* (planning region), *mācību gads* (school year), *pieprasījums* /
*piedāvājums* (demand / supply), *iztrūkums* (shortage, the gap).
"""

from __future__ import annotations

import string
from typing import Any

from ikm_sim.locale.formatting import check_lang, format_number
from ikm_sim.locale.i18n_appstate import APPSTATE_TEXTS
from ikm_sim.locale.i18n_backtest import BACKTEST_TEXTS
from ikm_sim.locale.i18n_calibration import CALIBRATION_TABLE_TEXTS
from ikm_sim.locale.i18n_cost_views import COST_VIEW_TEXTS
from ikm_sim.locale.i18n_costs import COST_TEXTS
from ikm_sim.locale.i18n_dataset import DATASET_TEXTS
from ikm_sim.locale.i18n_fan_exports import FAN_EXPORT_TEXTS
from ikm_sim.locale.i18n_funding import FUNDING_TEXTS
from ikm_sim.locale.i18n_near_term import NEAR_TERM_TEXTS
from ikm_sim.locale.i18n_own import OWN_TEXTS
from ikm_sim.locale.i18n_pages import PAGE_TEXTS
from ikm_sim.locale.i18n_sensitivity import SENSITIVITY_TEXTS
from ikm_sim.locale.i18n_sobol import SOBOL_TEXTS
from ikm_sim.locale.i18n_tables import TABLE_TEXTS
from ikm_sim.locale.i18n_uncertainty_note import UNCERTAINTY_NOTE_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    # --- application frame ----------------------------------------------------------------
    "app_title": {
        "lv": "Pedagogu pieprasījums un piedāvājums",
        "en": "Teacher demand and supply",
    },
    "app_subtitle": {
        "lv": "Sistēmdinamikas prognoze Latvijai un pašvaldībām, {first}–{last}",
        "en": "System-dynamics forecast for Latvia and its municipalities, {first}–{last}",
    },
    "language": {"lv": "Valoda / Language", "en": "Language / Valoda"},
    "nav_overview": {"lv": "Valsts kopskats", "en": "National overview"},
    "nav_municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "nav_data": {"lv": "Dati un to izcelsme", "en": "Data and provenance"},
    "synth_banner": {
        "lv": (
            "**Daļa datu ir sintezēta.** Publicētie kopskaitļi ir sadalīti pa pašvaldībām, "
            "mācību priekšmetiem un vecumiem ar dokumentētu metodi. Rezultāti ilustrē modeli, "
            "tie nav oficiāla statistika."
        ),
        "en": (
            "**Part of the data is synthesized.** Published totals are split by municipality, "
            "subject and age with a documented method. Results illustrate the model; they are "
            "not official statistics."
        ),
    },
    "scenario": {"lv": "Scenārijs", "en": "Scenario"},
    "select_no_results": {"lv": "Nekas nav atrasts", "en": "No results"},
    "select_placeholder": {"lv": "Izvēlieties", "en": "Choose an option"},
    "baseline": {"lv": "Bāzes scenārijs", "en": "Baseline"},
    "run_running": {"lv": "Notiek modeļa aprēķins…", "en": "Running the model…"},
    "run_done": {"lv": "Aprēķins pabeigts: {name}", "en": "Run complete: {name}"},
    "run_failed": {
        "lv": "Modeļa aprēķins neizdevās: {message}",
        "en": "The model run failed: {message}",
    },
    "run_previous": {
        "lv": "Rādīti iepriekšējā veiksmīgā aprēķina rezultāti ({name}).",
        "en": "Showing the results of the previous successful run ({name}).",
    },
    "run_none": {
        "lv": "Rezultātu vēl nav. Izlabojiet kļūdu un mēģiniet vēlreiz.",
        "en": "There are no results yet. Fix the problem and try again.",
    },
    "data_unavailable": {
        "lv": "Datu kopu neizdevās ielādēt: {message}",
        "en": "The dataset could not be loaded: {message}",
    },
    # --- units ----------------------------------------------------------------------------
    "unit_fte": {"lv": "likmes", "en": "FTE"},
    "unit_fte_long": {
        "lv": "pilnas slodzes ekvivalenti (likmes)",
        "en": "full-time equivalents (FTE)",
    },
    "unit_persons": {"lv": "personas", "en": "persons"},
    "unit_persons_year": {"lv": "personas gadā", "en": "persons per year"},
    "unit_pupils": {"lv": "skolēni", "en": "pupils"},
    "unit_share": {"lv": "daļa no pedagogiem", "en": "share of teachers"},
    "synth_note": {
        "lv": "Sintezēti dati — ilustratīvs aprēķins, nav oficiāla statistika",
        "en": "Synthesized data — illustrative, not official statistics",
    },
    "scenario_note": {"lv": "Scenārijs: {name}", "en": "Scenario: {name}"},
    # --- chart titles and axes ------------------------------------------------------------
    "chart_balance_title": {
        "lv": "Pedagogu pieprasījums un piedāvājums, {span}",
        "en": "Teacher demand and supply, {span}",
    },
    "chart_balance_subtitle": {
        "lv": "Visa Latvija, visi mācību priekšmeti; likmes (pilnas slodzes ekvivalenti)",
        "en": "All of Latvia, all subjects; full-time equivalents (FTE)",
    },
    "chart_age_title": {
        "lv": "Pedagogi pa vecumiem, {year}",
        "en": "Teachers by age, {year}",
    },
    "chart_age_subtitle": {
        "lv": "{place}; pedagogu skaits (personas)",
        "en": "{place}; number of teachers (persons)",
    },
    "chart_age_small_hidden": {
        "lv": "; vecumi ar 1–4 pedagogiem nav rādīti",
        "en": "; ages with 1–4 teachers not shown",
    },
    "chart_heat_title": {
        "lv": "Lielākie iztrūkumi pa pašvaldībām un mācību priekšmetiem, {year}",
        "en": "Largest gaps by municipality and subject, {year}",
    },
    "chart_heat_subtitle": {
        "lv": (
            "{n} pašvaldības ar lielāko trūkumu (pozitīvo iztrūkumu summa); "
            "pieprasījums − piedāvājums, likmes"
        ),
        "en": (
            "{n} municipalities with the largest shortage (positive gaps summed); "
            "demand − supply, FTE"
        ),
    },
    "chart_heat_clamp": {
        "lv": (
            "Krāsu skala līdz ±{limit} likmēm (90 % šūnu); lielākām vērtībām – tumšākā krāsa, "
            "skaitlis šūnā ir precīzs"
        ),
        "en": (
            "Colour scale up to ±{limit} FTE (90% of cells); larger values take the darkest "
            "colour, the number in the cell is exact"
        ),
    },
    "chart_entrants_title": {
        "lv": "Nepieciešamie jaunie pedagogi, {span}",
        "en": "New teachers needed, {span}",
    },
    "chart_entrants_subtitle": {
        "lv": "Visa Latvija pa mācību priekšmetiem; personas gadā",
        "en": "All of Latvia by subject; persons per year",
    },
    "chart_vacancies_title": {
        "lv": "Vakances pa mācību priekšmetiem: {place}",
        "en": "Vacancies by subject: {place}",
    },
    "chart_vacancies_subtitle": {
        "lv": "Neaizpildītās likmes katrā mācību gadā, {span}",
        "en": "Unfilled full-time equivalents (FTE) per school year, {span}",
    },
    "chart_pupils_title": {
        "lv": "Skolēni pa klašu grupām: {place}",
        "en": "Pupils by grade group: {place}",
    },
    "chart_pupils_subtitle": {
        "lv": "Skolēnu skaits vispārizglītojošās dienas skolās, {span}",
        "en": "Pupils in general day schools, {span}",
    },
    "chart_status_title": {
        "lv": "Datu izcelsme pa tabulām",
        "en": "Where the data come from, by table",
    },
    "chart_status_subtitle": {
        "lv": "Rindu daļa: publicēti, atvasināti vai sintezēti dati",
        "en": "Share of rows: published, derived or synthesized",
    },
    "all_latvia": {"lv": "Visa Latvija", "en": "All of Latvia"},
    "axis_school_year": {"lv": "Mācību gads", "en": "School year"},
    "axis_fte": {"lv": "Likmes (pilnas slodzes ekvivalenti)", "en": "Full-time equivalents (FTE)"},
    "axis_gap_fte": {"lv": "Iztrūkums, likmes", "en": "Gap, FTE"},
    "axis_vacancies_fte": {"lv": "Vakances, likmes", "en": "Vacancies, FTE"},
    "axis_teachers": {"lv": "Pedagogu skaits", "en": "Number of teachers"},
    "axis_age": {"lv": "Vecums, gadi", "en": "Age, years"},
    "axis_subject": {"lv": "Mācību priekšmets", "en": "Subject"},
    "axis_municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "axis_entrants": {"lv": "Jaunie pedagogi gadā", "en": "New teachers per year"},
    "axis_pupils": {"lv": "Skolēnu skaits", "en": "Number of pupils"},
    "axis_table": {"lv": "Tabula", "en": "Table"},
    "axis_share_rows": {"lv": "Rindu daļa", "en": "Share of rows"},
    "axis_status": {"lv": "Izcelsme", "en": "Provenance"},
    "axis_age_group": {"lv": "Vecuma grupa", "en": "Age group"},
    "axis_grade_group": {"lv": "Klašu grupa", "en": "Grade group"},
    "series": {"lv": "Rādītājs", "en": "Series"},
    "series_demand": {"lv": "Pieprasījums", "en": "Demand"},
    "series_supply": {"lv": "Piedāvājums", "en": "Supply"},
    "series_shortage": {"lv": "Iztrūkums", "en": "Shortage"},
    "series_surplus": {"lv": "Pārpalikums", "en": "Surplus"},
    "other": {"lv": "Pārējie priekšmeti", "en": "Other subjects"},
    "age_under_30": {"lv": "līdz 29 gadiem", "en": "under 30"},
    "age_30_49": {"lv": "30–49 gadi", "en": "30–49"},
    "age_50_59": {"lv": "50–59 gadi", "en": "50–59"},
    "age_60_plus": {"lv": "60 gadu un vairāk", "en": "60 and over"},
    "grades_1_3": {"lv": "1.–3. klase", "en": "Grades 1–3"},
    "grades_4_6": {"lv": "4.–6. klase", "en": "Grades 4–6"},
    "grades_7_9": {"lv": "7.–9. klase", "en": "Grades 7–9"},
    "grades_10_12": {"lv": "10.–12. klase", "en": "Grades 10–12"},
    "status_published": {"lv": "publicēti", "en": "published"},
    "status_derived": {"lv": "atvasināti", "en": "derived"},
    "status_synthesized": {"lv": "sintezēti", "en": "synthesized"},
    # --- overview page --------------------------------------------------------------------
    "overview_title": {"lv": "Valsts kopskats", "en": "National overview"},
    "overview_intro": {
        "lv": "Pedagogu pieprasījums, piedāvājums un iztrūkums Latvijā līdz {last} mācību gadam.",
        "en": "Teacher demand, supply and the gap between them in Latvia up to school year {last}.",
    },
    "kpi_caption": {
        "lv": "Rādītāji {year} mācību gadā; izmaiņa pret {base}",
        "en": "Indicators for school year {year}; change from {base}",
    },
    "kpi_demand": {"lv": "Pieprasījums, likmes", "en": "Demand, FTE"},
    "kpi_supply": {"lv": "Piedāvājums, likmes", "en": "Supply, FTE"},
    "kpi_gap": {"lv": "Iztrūkums, likmes", "en": "Gap, FTE"},
    "muni_with_merged": {
        "lv": "{name} (kopš {year}. gada arī {merged})",
        "en": "{name} (since {year} also {merged})",
    },
    "kpi_gap_help": {
        "lv": (
            "Pieprasījums − piedāvājums visā valstī, neto: pārpalikums vienā priekšmetā vai "
            "pašvaldībā (piemēram, pirmsskolā) sedz iztrūkumu citā. Tur, kur trūkst, kopā "
            "trūkst {shortage} likmju (pašvaldību un priekšmetu pozitīvo iztrūkumu summa); "
            "izmaksu efektivitāte mēra šī trūkuma samazinājumu."
        ),
        "en": (
            "Demand − supply for the whole country, net: a surplus in one subject or "
            "municipality (preschool, for one) offsets a shortage in another. Where teachers "
            "are short, {shortage} FTE are missing in all (the positive gaps of municipalities "
            "× subjects summed); cost-effectiveness measures the fall of this shortage."
        ),
    },
    "kpi_entrants": {"lv": "Jaunie pedagogi gadā", "en": "New teachers a year"},
    "kpi_mean": {"lv": "vidēji {span}", "en": "mean {span}"},
    "kpi_mean_to": {"lv": "vidēji līdz {last}", "en": "mean to {last}"},
    "kpi_entrants_help": {
        "lv": "Jaunie pedagogi, kas vajadzīgi gadā, vidēji {span} mācību gadā.",
        "en": "New teachers needed a year, on average over the school years {span}.",
    },
    "kpi_60plus": {"lv": "Pedagogi vecumā 60+", "en": "Teachers aged 60+"},
    "year_select": {"lv": "Mācību gads", "en": "School year"},
    "chart_year_select": {
        "lv": "Mācību gads diagrammām zemāk",
        "en": "School year of the charts below",
    },
    "colour_by": {"lv": "Krāsa", "en": "Colour"},
    "colour_age_group": {"lv": "vecuma grupa", "en": "age group"},
    "colour_subject": {"lv": "mācību priekšmets", "en": "subject"},
    "top_n": {"lv": "Pašvaldību skaits", "en": "Number of municipalities"},
    "section_balance": {"lv": "Pieprasījums un piedāvājums", "en": "Demand and supply"},
    "section_age": {"lv": "Pedagogu vecuma struktūra", "en": "Teachers' age structure"},
    "section_heat": {"lv": "Kur trūkst pedagogu", "en": "Where teachers are missing"},
    "section_entrants": {"lv": "Jauno pedagogu vajadzība", "en": "Need for new teachers"},
    # --- municipality page ----------------------------------------------------------------
    "muni_title": {"lv": "Pašvaldības skats", "en": "Municipality view"},
    "muni_select": {"lv": "Pašvaldība", "en": "Municipality"},
    "muni_region": {
        "lv": "{region_gen} plānošanas reģions · {kind}",
        "en": "{region_gen} planning region · {kind}",
    },
    "type_state_city": {"lv": "valstspilsēta", "en": "state city"},
    "type_novads": {"lv": "novads", "en": "municipality (novads)"},
    "kpi_vacancies": {"lv": "Vakances, likmes", "en": "Vacancies, FTE"},
    "kpi_teachers": {"lv": "Pedagogi, personas", "en": "Teachers, persons"},
    "kpi_pupils": {"lv": "Skolēni", "en": "Pupils"},
    "section_vacancies": {"lv": "Vakances", "en": "Vacancies"},
    "section_muni_age": {"lv": "Pedagogu vecums", "en": "Teachers' age"},
    "section_pupils": {"lv": "Skolēni", "en": "Pupils"},
    "table_vacancies": {
        "lv": "Vakances (likmes) pa mācību priekšmetiem un mācību gadiem",
        "en": "Vacancies (FTE) by subject and school year",
    },
    # --- data page ------------------------------------------------------------------------
    "data_title": {"lv": "Dati un to izcelsme", "en": "Data and provenance"},
    "data_intro": {
        "lv": (
            "Katrai datu rindai ir norādīta izcelsme: **publicēti** (nolasīti no oficiālas "
            "publikācijas), **atvasināti** (aprēķināti no publicētiem skaitļiem) vai "
            "**sintezēti** (izveidoti ar dokumentētu, atkārtojamu metodi)."
        ),
        "en": (
            "Every data row states its provenance: **published** (read from an official "
            "publication), **derived** (computed from published figures) or **synthesized** "
            "(generated by a documented, reproducible method)."
        ),
    },
    "data_table_col_table": {"lv": "Tabula", "en": "Table"},
    "data_table_col_rows": {"lv": "Rindas", "en": "Rows"},
    "data_readme": {
        "lv": "Datu apraksts (data/README.md)",
        "en": "Data description (data/README.md)",
    },
    "data_no_readme": {
        "lv": "Datu apraksts (data/README.md) nav atrasts.",
        "en": "The data description (data/README.md) was not found.",
    },
    "data_results_note": {
        "lv": (
            "Publicējot rezultātus pašvaldību un mācību priekšmetu griezumā, šūnas ar 1–4 "
            "personām tiek slēptas (lejupielāde “publicēšanai”)."
        ),
        "en": (
            "When results are published by municipality and subject, cells with 1–4 persons "
            "are blanked (the “for publication” download)."
        ),
    },
    "data_run_meta": {"lv": "Aprēķina informācija", "en": "Run information"},
    # --- downloads ------------------------------------------------------------------------
    "download_png": {"lv": "PNG attēls", "en": "PNG image"},
    "download_svg": {"lv": "SVG attēls", "en": "SVG image"},
    "download_csv": {"lv": "Dati (CSV)", "en": "Data (CSV)"},
    "download_xlsx": {"lv": "Dati (Excel)", "en": "Data (Excel)"},
    "download_publication": {
        "lv": "Publicēšanai (CSV, mazās šūnas slēptas)",
        "en": "For publication (CSV, small cells blanked)",
    },
}
TEXTS.update(PAGE_TEXTS)
TEXTS.update(SENSITIVITY_TEXTS)
TEXTS.update(SOBOL_TEXTS)
TEXTS.update(FAN_EXPORT_TEXTS)
TEXTS.update(TABLE_TEXTS)
TEXTS.update(BACKTEST_TEXTS)
TEXTS.update(UNCERTAINTY_NOTE_TEXTS)
TEXTS.update(COST_TEXTS)
TEXTS.update(FUNDING_TEXTS)
TEXTS.update(COST_VIEW_TEXTS)
TEXTS.update(OWN_TEXTS)
TEXTS.update(NEAR_TERM_TEXTS)
TEXTS.update(DATASET_TEXTS)
TEXTS.update(APPSTATE_TEXTS)
TEXTS.update(CALIBRATION_TABLE_TEXTS)


#: Planning regions in the genitive, as Latvian names them ("Kurzemes plānošanas reģions").
PLANNING_REGION_GENITIVE = {
    "Rīga": "Rīgas",
    "Vidzeme": "Vidzemes",
    "Kurzeme": "Kurzemes",
    "Zemgale": "Zemgales",
    "Latgale": "Latgales",
}


def region_genitive(name: str, lang: str = "lv") -> str:
    """Return a planning region's name as it stands before "plānošanas reģions".

    Parameters
    ----------
    name : str
        The region's name as the data write it.
    lang : {"lv", "en"}
        Language: Latvian takes the genitive (``"Kurzeme"`` -> ``"Kurzemes"``), English the
        name itself.

    Returns
    -------
    str
        The genitive, or `name` itself in English or for a region not in
        `PLANNING_REGION_GENITIVE`.
    """
    return PLANNING_REGION_GENITIVE.get(name, name) if check_lang(lang) == "lv" else name


class _Formatter(string.Formatter):
    """``str.format`` with one extra spec: ``{total:n}`` writes a number as `lang` does."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "n":
            if isinstance(value, int | float) and not isinstance(value, bool):
                return format_number(value, self.lang)
            return str(value)
        return str(super().format_field(value, format_spec))


def t(key: str, lang: str = "lv", **fields: object) -> str:
    """Return the interface text `key` in `lang`, with format fields filled in.

    A field written ``{name:n}`` is a number in the language's format (``"1 216"``,
    ``"1,216"``, minus U+2212).

    Parameters
    ----------
    key : str
        A key of `TEXTS`.
    lang : {"lv", "en"}
        Language of the text.
    **fields
        Values for the ``{name}`` fields of the text.

    Returns
    -------
    str
        The translated text.

    Raises
    ------
    KeyError
        If `key` is not a known text (a programming error, surfaced in tests).
    """
    lang = check_lang(lang)
    text = TEXTS[key][lang]
    return _Formatter(lang).format(text, **fields) if fields else text


def lever_label(lever: str, lang: str) -> str:
    """A lever's name in `lang`: the ranking's own text, else the builder's, else its code.

    Parameters
    ----------
    lever : str
        A lever of the registry (``relative_pay``).
    lang : {"lv", "en"}
        Language.

    Returns
    -------
    str
    """
    for key in (f"costrank_lever_{lever}", f"lever_{lever}"):
        if key in TEXTS:
            return t(key, lang)
    return lever

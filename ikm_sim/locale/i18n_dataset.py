"""Names of the dataset's tables in Latvian and English (the data page's provenance).

Merged into `ikm_sim.locale.i18n.TEXTS` as ``dataset_<table>``; the tables are defined in
`ikm_sim.data.schema.TABLES`.
"""

from __future__ import annotations

DATASET_TEXTS: dict[str, dict[str, str]] = {
    "dataset_municipalities": {"lv": "Pašvaldības", "en": "Municipalities"},
    "dataset_subjects": {"lv": "Mācību priekšmeti", "en": "Subjects"},
    "dataset_curriculum": {"lv": "Mācību plāns", "en": "Curriculum"},
    "dataset_births": {"lv": "Dzimušie", "en": "Births"},
    "dataset_births_by_municipality": {
        "lv": "Dzimušie pa pašvaldībām",
        "en": "Births by municipality",
    },
    "dataset_pupils": {"lv": "Skolēni", "en": "Pupils"},
    "dataset_preschool": {"lv": "Bērni pirmsskolā", "en": "Children in preschool"},
    "dataset_teachers": {"lv": "Pedagogi", "en": "Teachers"},
    "dataset_vacancies": {"lv": "Vakances", "en": "Vacancies"},
    "dataset_history": {"lv": "Vēsturiskās rindas", "en": "Historical series"},
    "dataset_published_totals": {"lv": "Publicētie kopskaitļi", "en": "Published totals"},
    "dataset_workload_rules": {"lv": "Slodzes noteikumi", "en": "Workload rules"},
    "dataset_retirement_age": {"lv": "Pensionēšanās vecums", "en": "Retirement age"},
    "dataset_funding": {"lv": "Finansējums", "en": "Funding"},
}

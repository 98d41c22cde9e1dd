"""Altair chart builders for ikm-sim results, in Latvian or English.

Each builder takes result tables that follow `ikm_sim.results_schema` and a language code
(``"lv"`` or ``"en"``) and returns a finished `altair.Chart`: title and subtitle (units,
scenario, a synthesized-data note), axis titles in the language, school-year axis labels,
the language's number locale (``config.locale``: decimal comma and non-breaking-space thousands
in Latvian), colour-blind-safe colours and small inline data aggregated in pandas.
"""

from __future__ import annotations

from ikm_sim.charts.compare import compare_chart, compare_data, gap_change_chart
from ikm_sim.charts.local import (
    area_compare_chart,
    provenance_chart,
    pupils_chart,
    pupils_data,
    vacancies_chart,
    vacancies_data,
    vacancies_table,
)
from ikm_sim.charts.national import (
    age_chart,
    age_data,
    age_table,
    balance_chart,
    balance_data,
    entrants_chart,
    entrants_data,
    gap_heatmap,
    gap_heatmap_data,
)

__all__ = [
    "age_chart",
    "age_data",
    "age_table",
    "area_compare_chart",
    "balance_chart",
    "balance_data",
    "compare_chart",
    "compare_data",
    "entrants_chart",
    "entrants_data",
    "gap_change_chart",
    "gap_heatmap",
    "gap_heatmap_data",
    "provenance_chart",
    "pupils_chart",
    "pupils_data",
    "vacancies_chart",
    "vacancies_data",
    "vacancies_table",
]

"""The export pack in the app: the standard charts and tables of a run, and its download button."""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import streamlit as st

from ikm_sim import charts
from ikm_sim.export_pack import PackTable, assumptions_note, build_pack
from ikm_sim.export_tables import TableContext, table_context
from ikm_sim.indicators.aggregate import teachers_by_age_group, yearly_totals
from ikm_sim.locale.i18n import t
from ikm_sim.ui.state import Results, dataset_or_none, names

#: Count columns of the results that are persons (suppressed in publication exports).
PERSON_COLUMNS = ("hires", "leavers", "retirements", "teachers", "entrants_needed")


def standard_tables(res: Results) -> list[PackTable]:
    """Return the tables of a run's export pack (the municipality × subject ones for publication).

    Parameters
    ----------
    res : Results
        The run.

    Returns
    -------
    list of PackTable
    """
    sd = res.supply_demand
    national = charts.balance_data(sd)
    sums = yearly_totals(sd, ["vacancies_fte", *PERSON_COLUMNS]).reset_index()
    national = national.merge(sums, on="year")
    return [
        PackTable("valsts_kopsavilkums", national),
        PackTable("pasvaldibas_prieksmeti", sd, publish=True, person_columns=PERSON_COLUMNS),
        PackTable(
            "pedagogi_pec_vecuma",
            teachers_by_age_group(res.teachers_by_age),
            publish=True,
            person_columns=("teachers",),
        ),
        PackTable("skoleni", res.pupils),
    ]


def standard_charts(res: Results, lang: str, scenario: str) -> dict[str, alt.TopLevelMixin]:
    """Return the national charts of a run for the export pack (file stem -> chart)."""
    subjects, munis = names(lang)
    years = res.years
    year = min(max(years[0], 2030), years[-1])
    return {
        "pieprasijums_piedavajums": charts.balance_chart(res.supply_demand, lang, scenario),
        f"vecums_{year}": charts.age_chart(res.teachers_by_age, year, lang, scenario=scenario),
        "jaunie_pedagogi": charts.entrants_chart(res.supply_demand, lang, subjects, scenario),
        f"iztrukums_{year}": charts.gap_heatmap(
            res.supply_demand, year, lang, 15, subjects, munis, scenario
        ),
    }


#: Names and provenance counts by (dataset, language); the dataset is held so its id stays its
#: own while cached.
_NAMES: dict[tuple[int, str], tuple[object, TableContext]] = {}


def report_context(res: Results | None, scenario: str, lang: str) -> TableContext:
    """Return the context of the report tables of a run: names, provenance, scenario title.

    Parameters
    ----------
    res : Results or None
        The run (None: names and data provenance only).
    scenario : str
        The scenario's title in `lang`.
    lang : {"lv", "en"}
        Interface language.

    Returns
    -------
    TableContext
    """
    ds = dataset_or_none()
    key = (id(ds), lang)
    if key not in _NAMES:
        if len(_NAMES) > 8:
            _NAMES.clear()
        _NAMES[key] = (ds, table_context(ds, lang))
    meta = dict(res.meta) if res is not None else {}
    return replace(_NAMES[key][1], run_meta=meta, scenario_title=scenario)


def make_pack(res: Results, scenario_yaml: str, scenario: str, lang: str) -> bytes:
    """Build the ZIP export pack of a run (charts, tables, scenario YAML, run.json, note)."""
    tables = standard_tables(res)
    ctx = report_context(res, scenario, lang)
    note = assumptions_note(res.meta, tables, ctx.data_status, scenario)
    return build_pack(
        standard_charts(res, lang, scenario), tables, scenario_yaml, res.meta, note, lang, ctx
    )


def pack_download(
    res: Results, scenario_yaml: str, scenario: str, lang: str, key: str, filename: str
) -> None:
    """Draw the export-pack download button (the ZIP is built only when clicked).

    Parameters
    ----------
    res : Results
        The run to export.
    scenario_yaml : str
        The scenario file's text.
    scenario : str
        Scenario title (chart subtitles, the note).
    lang : {"lv", "en"}
        Language of the charts.
    key : str
        Widget key.
    filename : str
        File name stem of the ZIP.
    """
    st.download_button(
        t("export_pack", lang),
        data=lambda: make_pack(res, scenario_yaml, scenario, lang),
        file_name=f"{filename}.zip",
        mime="application/zip",
        key=key,
        on_click="ignore",
        icon=":material/folder_zip:",
        help=t("export_pack_note", lang),
    )

"""Data page: provenance of every table (published / derived / synthesized) and exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ikm_sim import charts, export
from ikm_sim.data.schema import STATUSES
from ikm_sim.export_tables import status_rows, teachers_by_age_group
from ikm_sim.locale.i18n import t
from ikm_sim.ui.packs import (
    PERSON_COLUMNS,
    pack_download,
    report_context,
)
from ikm_sim.ui.state import (
    Results,
    chosen_scenario,
    current_lang,
    data_readme,
    dataset_or_none,
    get_results,
)
from ikm_sim.ui.widgets import chart_with_downloads, formatted_table, table_downloads

__all__ = ["PERSON_COLUMNS", "publication_table", "render", "status_rows"]


def publication_table(res: Results) -> pd.DataFrame:
    """Return the municipality × subject results with counts of 1–4 persons blanked."""
    return export.suppress_small_cells(res.supply_demand, PERSON_COLUMNS)


def _age_table(res: Results) -> pd.DataFrame:
    """Teachers by age group, with counts of 1–4 persons blanked (as in the pack)."""
    return export.suppress_small_cells(teachers_by_age_group(res.teachers_by_age), ("teachers",))


def render() -> None:
    """Draw the data and provenance page."""
    lang = current_lang()
    st.title(t("data_title", lang))
    st.markdown(t("data_intro", lang))
    ds = dataset_or_none()
    if ds is not None:
        counts = status_rows(ds)
        # The table's name in the language, its file beside it (what a data extract replaces).
        counts["table"] = [f"{t(f'dataset_{n}', lang)} ({n}.csv)" for n in counts["table"]]
        chart_with_downloads(charts.provenance_chart(counts, lang), "provenance", lang, "izcelsme")
        wide = counts.pivot_table(index="table", columns="status", values="rows", aggfunc="sum")
        wide = wide.reindex(columns=list(STATUSES), fill_value=0)
        wide.columns = [t(f"status_{s}", lang) for s in wide.columns]
        wide.index.name = t("data_table_col_table", lang)
        # Counts with the language's thousands separator ("28 315").
        st.dataframe(
            formatted_table(wide, lang, 0), width="stretch", height=36 * (len(wide) + 1) + 4
        )
    readme = data_readme()
    with st.expander(t("data_readme", lang), expanded=False):
        st.markdown(readme if readme else t("data_no_readme", lang))

    st.markdown(t("data_results_note", lang))
    res = get_results(lang)
    if res is None:
        return
    chosen = chosen_scenario()
    title = chosen.title(lang) if chosen else t("baseline", lang)
    ctx = report_context(res, title, lang)
    for key, make, stem in (
        ("results", lambda: res.supply_demand, "pasvaldibas_prieksmeti"),
        ("publication", lambda: publication_table(res), "pasvaldibas_prieksmeti_publicesanai"),
        ("age", lambda: _age_table(res), "pedagogi_pec_vecuma"),
        ("pupils", lambda: res.pupils, "skoleni"),
    ):
        st.markdown(f"**{t(f'data_download_{key}', lang)}**")
        table_downloads(make, f"data_{key}", lang, stem, ctx)
    st.subheader(t("section_export", lang))
    st.caption(t("export_pack_note", lang))
    yaml_text = chosen.yaml if chosen else ""
    stem = chosen.tag if chosen else "baseline"
    pack_download(res, yaml_text, title, lang, "data_pack", f"ikm_sim_{stem}")
    if res.meta:
        with st.expander(t("data_run_meta", lang)):
            st.json(res.meta)


if __name__ == "__main__":
    render()

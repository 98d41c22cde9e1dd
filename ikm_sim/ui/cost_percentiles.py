"""The Uncertainty page's cost section: the ensemble's national cost percentiles by year.

P50 with the P5-P95 band of the wage bill, state target grant, municipal top-up and supply
cost in constant 2025 EUR (`ikm_sim.uncertainty.money.cost_percentiles`), every fifth school
year and the coming one; the whole table (both price bases, every year) as downloads through
`ikm_sim.export_tables`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.export_tables import TableContext
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.ui.widgets import table_downloads

#: The measures shown, in order (the ensemble's money, `ikm_sim.uncertainty.ensemble.MONEY`).
SHOWN = ("wage_bill_eur", "grant_eur", "top_up_eur", "supply_cost_eur")
#: Years shown: the coming school year and every year divisible by this.
EVERY = 5


def cost_band_table(costs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The constant-price percentiles as the page shows them: "P50 (P5–P95)", EUR million.

    Parameters
    ----------
    costs : pandas.DataFrame
        `ikm_sim.uncertainty.money.cost_percentiles`.
    lang : {"lv", "en"}
        Language of the headers and numbers.

    Returns
    -------
    pandas.DataFrame
        One row per school year shown, one column per measure.
    """
    rows = costs[(costs["basis"] == "constant") & costs["variable"].isin(SHOWN)]
    years = sorted(int(y) for y in rows["year"].unique() if y == BASE_YEAR + 1 or y % EVERY == 0)
    out = pd.DataFrame({t("axis_school_year", lang): [school_year_label(y, lang) for y in years]})
    for measure in SHOWN:
        band = rows[rows["variable"] == measure].set_index("year").reindex(years)
        p50, p5, p95 = (band[p].to_numpy(dtype=float) / 1e6 for p in ("p50", "p5", "p95"))
        text = [[format_number(float(v), lang, 1) for v in col] for col in (p50, p5, p95)]
        out[t(f"col_{measure}", lang).rsplit(",", 1)[0]] = [
            f"{m} ({lo}–{hi})" for m, lo, hi in zip(*text, strict=True)
        ]
    return out


def cost_section(
    costs: pd.DataFrame, lang: str, tag: str, context: TableContext | None = None
) -> None:
    """Draw the cost percentiles of an ensemble (nothing when it carries no money)."""
    if costs is None or costs.empty:
        return
    st.subheader(t("unccost_section", lang))
    st.caption(t("unccost_intro", lang))
    st.dataframe(cost_band_table(costs, lang), hide_index=True, width="stretch", key="unc_costs")
    table_downloads(costs, "unc_costs_table", lang, f"izmaksu_procentiles_{tag}", context)

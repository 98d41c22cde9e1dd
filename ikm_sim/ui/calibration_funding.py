"""The Calibration page's funding check: the state grant against the published budget totals.

The tables are the calibration report's (``funding_fit.csv``: sub-programmes 05.00.00 +
10.00.00 of 2018–2023 and the cost of a full load; ``funding_plans.csv``: the budget plans
after the data, shown, never fitted), with headers and numbers in the interface language.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ikm_sim.locale.formatting import format_number
from ikm_sim.locale.i18n import t
from ikm_sim.ui.calibration_report import CalibrationReport

#: The fit table's columns shown, in order: (column, header text key, divisor, decimals).
FIT_COLUMNS = (
    ("published_grant_eur", "calfund_published", 1e6, 1),
    ("model_grant_eur", "calfund_model", 1e6, 1),
    ("grant_error_pct", "calfund_grant_error", 1.0, 1),
    ("published_eur_per_fte_month", "calfund_pay_published", 1.0, 0),
    ("model_eur_per_fte_month", "calfund_pay_model", 1.0, 0),
    ("pay_error_pct", "calfund_pay_error", 1.0, 1),
)
#: The plans table's columns shown, in order.
PLAN_COLUMNS = (
    ("plan_grant_eur", "calfund_plan_grant", 1e6, 1),
    ("model_grant_eur", "calfund_model", 1e6, 1),
    ("difference_pct", "calfund_difference", 1.0, 1),
)


def funding_table(
    frame: pd.DataFrame, columns: tuple[tuple[str, str, float, int], ...], lang: str
) -> pd.DataFrame:
    """The funding check as the page shows it: calendar year, then the columns in words.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``funding_fit.csv`` or ``funding_plans.csv``.
    columns : tuple
        `FIT_COLUMNS` or `PLAN_COLUMNS`.
    lang : {"lv", "en"}
        Language of the headers and numbers.

    Returns
    -------
    pandas.DataFrame
        Text cells; a missing value is "–".
    """
    out = pd.DataFrame({t("calfund_year", lang): frame["year"].astype(int).astype(str)})
    for column, key, divisor, decimals in columns:
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce") / divisor
            signed = column.endswith("_pct")
            out[t(key, lang)] = [format_number(v, lang, decimals, signed) for v in values]
    if "published_status" in frame.columns:
        status = [t(f"calfund_status_{s}", lang) for s in frame["published_status"]]
        out.insert(2, t("calfund_status", lang), status)
    return out


def funding_section(report: CalibrationReport, lang: str) -> None:
    """Draw the funding check (nothing when the report has none)."""
    if report.funding_fit is None or report.funding_fit.empty:
        return
    st.subheader(t("calfund_heading", lang))
    st.caption(t("calfund_intro", lang))
    fit = funding_table(report.funding_fit, FIT_COLUMNS, lang)
    st.dataframe(fit, width="stretch", hide_index=True, key="calib_funding_fit")
    if report.funding_plans is not None and not report.funding_plans.empty:
        st.caption(t("calfund_plans_intro", lang))
        plans = funding_table(report.funding_plans, PLAN_COLUMNS, lang)
        st.dataframe(plans, width="stretch", hide_index=True, key="calib_funding_plans")

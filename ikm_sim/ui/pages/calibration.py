"""Calibration and validity page: fit vs history, backtest errors, parameter estimates."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from ikm_sim.calibration.coverage_table import coverage_table
from ikm_sim.calibration.report import CHARTED
from ikm_sim.calibration.report_charts import VACANCY_QUANTITIES
from ikm_sim.charts.backtest import backtest_chart, series_label, shortfall_sentences
from ikm_sim.charts.calibration_fit import fit_chart
from ikm_sim.export_tables import TableContext
from ikm_sim.locale.formatting import format_number
from ikm_sim.locale.i18n import TEXTS, t
from ikm_sim.ui.builder import safe_name
from ikm_sim.ui.calibration_fit import FitSeries, fit_series
from ikm_sim.ui.calibration_funding import funding_section
from ikm_sim.ui.calibration_report import CalibrationReport, read_report
from ikm_sim.ui.packs import report_context
from ikm_sim.ui.state import current_lang
from ikm_sim.ui.widgets import chart_with_downloads, table_downloads

#: Columns shown with two decimals.
TWO_DIGITS = (
    "um",
    "us",
    "uc",
    "mape_pct",
    "bias_pct",
    "fit_mape_pct",
    "mape",
    "target",
    "nces",
    "bias",
    "mase",
    "nochange_mape",
    "nochange_bias",
    "cohort_mape",
    "cohort_bias",
    "bias_target",
    "mase_target",
)
#: Forecasts of the backtest tables -> text key of their name.
FORECAST_KEYS = {
    "model": "bt_forecast_model",
    "no change": "bt_forecast_nochange",
    "cohort ratio": "bt_forecast_cohort",
}


def quantity_name(code: str, lang: str) -> str:
    """Return the display name of a calibrated quantity (its code when unknown)."""
    key = f"calib_q_{code}"
    return t(key, lang) if key in TEXTS else code.replace("_", " ")


def parameter_table(estimates: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Format the estimates for display: estimate, 95 % interval, bounds and an at-bound flag.

    Parameters
    ----------
    estimates : pandas.DataFrame
        ``estimates.csv`` of the report (``name, unit, prior, estimate, ci_low, ci_high,
        lower, upper, at_bound``; missing columns are left out).
    lang : {"lv", "en"}
        Number format and headers.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, every cell a string.
    """
    sep = "; " if lang == "lv" else ", "

    def num(value: object) -> str:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
        digits = 0 if abs(number) >= 100 else (2 if abs(number) >= 1 else 4)
        return format_number(number, lang, digits)

    out = pd.DataFrame({t("col_parameter", lang): estimates["name"].astype(str)})
    if "unit" in estimates:
        out[t("col_unit", lang)] = estimates["unit"].fillna("").astype(str)
    for column, key in (("prior", "col_prior"), ("estimate", "col_estimate")):
        if column in estimates:
            out[t(key, lang)] = [num(v) for v in estimates[column]]
    if {"ci_low", "ci_high"} <= set(estimates.columns):
        out[t("col_ci", lang)] = [
            f"[{num(a)}{sep}{num(b)}]"
            for a, b in zip(estimates["ci_low"], estimates["ci_high"], strict=True)
        ]
    if {"lower", "upper"} <= set(estimates.columns):
        out[t("col_bounds", lang)] = [
            f"[{num(a)}{sep}{num(b)}]"
            for a, b in zip(estimates["lower"], estimates["upper"], strict=True)
        ]
    if "at_bound" in estimates:
        flags = estimates["at_bound"].astype(str).str.lower().isin(("true", "1", "yes"))
        out[t("col_at_bound", lang)] = ["⚠ " + t("yes", lang) if f else "" for f in flags]
    return out


def at_bound_rows(estimates: pd.DataFrame) -> pd.DataFrame:
    """Return the estimates flagged as lying at a bound."""
    if "at_bound" not in estimates:
        return estimates.iloc[0:0]
    flags = estimates["at_bound"].astype(str).str.lower().isin(("true", "1", "yes"))
    return estimates[flags]


def _table_height(df: pd.DataFrame) -> int:
    return min(36 * (len(df) + 1) + 8, 560)


def display_table(df: pd.DataFrame, lang: str, ids: bool = False) -> pd.DataFrame:
    """Format a report table for display: translated headers, numbers in the language's format.

    Parameters
    ----------
    df : pandas.DataFrame
        ``fit.csv`` or ``backtest.csv`` of the report.
    lang : {"lv", "en"}
        Language.
    ids : bool
        Its ``series`` are the ids of ``targets.yaml`` (``fit.csv``), headed as such.

    Returns
    -------
    pandas.DataFrame
        Every cell a string; missing values as "–"; lead columns as "+k g." / "+k yr".
    """
    out = pd.DataFrame(index=df.index)
    for column in df.columns:
        values = df[column]
        if column == "quantity":
            shown = [quantity_name(str(v), lang) for v in values]
        elif column == "meets_target":
            shown = [_yes_no(v, lang) for v in values]
        elif column == "years":  # "2016-2023" as a range of years is written with a dash
            shown = ["–" if pd.isna(v) else str(v).replace("-", "–") for v in values]
        elif column in ("origin", "n", "lead") or not pd.api.types.is_numeric_dtype(values):
            shown = ["–" if pd.isna(v) else str(v) for v in values]
        elif column.startswith("lead_"):
            shown = [format_number(float(v), lang, 1, signed=True) for v in values]
        else:
            digits = 2 if column in TWO_DIGITS else 0
            shown = [format_number(float(v), lang, digits) for v in values]
        out[_header(column, lang, ids)] = shown
    return out


def _header(column: str, lang: str, ids: bool = False) -> str:
    """A report table's column header in `lang` (`display_table`)."""
    if column.startswith("lead_"):
        return f"+{column.split('_', 1)[1]} {'g.' if lang == 'lv' else 'yr'}"
    key = "calib_col_series_id" if ids and column == "series" else f"calib_col_{column}"
    return t(key, lang) if key in TEXTS else column


def headed_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A report table with `display_table`'s headers and its numbers kept (for downloads)."""
    out = df.copy()
    if "meets_target" in out.columns:
        out["meets_target"] = [_yes_no(v, lang) for v in out["meets_target"]]
    return out.rename(columns={c: _header(str(c), lang) for c in out.columns})


def _yes_no(value: object, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return t("yes", lang) if str(value).lower() == "true" else t("no", lang)


def download_context(report: CalibrationReport, lang: str) -> TableContext:
    """The page's downloads' metadata: the calibration file and when it was fitted."""
    fit = report.fit_meta
    meta = {"run_at": fit.get("fitted_at", "–"), "package_version": fit.get("package_version", "–")}
    return replace(report_context(None, t("calib_meta_source", lang), lang), run_meta=meta)


def _fit_charts(series: FitSeries, lang: str, ctx: TableContext) -> None:
    """The model against history, one chart per charted quantity, two a row (Altair)."""
    quantities = [
        q
        for q in (*CHARTED, *VACANCY_QUANTITIES)
        if q in set(series.observed["quantity"]) and q in set(series.simulated["quantity"])
    ]
    quantities = list(dict.fromkeys(quantities))
    columns = st.columns(2, gap="large")
    for i, quantity in enumerate(quantities):
        simulated = series.simulated[series.simulated["quantity"] == quantity]
        observed = series.observed[series.observed["quantity"] == quantity]
        with columns[i % 2]:
            chart_with_downloads(
                fit_chart(
                    simulated[["year", "line", "value"]],
                    observed[["year", "value", "low", "high"]],
                    quantity_name(quantity, lang),
                    lang,
                    share=quantity.startswith("share_"),
                ),
                f"calib_fit_{quantity}",
                lang,
                f"kalibresana_{safe_name(quantity_name(quantity, 'lv'), quantity)}",
                context=ctx,
            )


def _fit_section(report: CalibrationReport, lang: str) -> None:
    st.subheader(t("calib_section_fit", lang))
    st.caption(t("calib_charts_note", lang))
    series = fit_series(report.estimates, lang)
    if series is not None:
        _fit_charts(series, lang, download_context(report, lang))
    elif not report.charts:
        st.caption(t("calib_no_charts", lang))
    columns = st.columns(2, gap="large")
    for i, png in enumerate(report.charts if series is None else []):
        with columns[i % 2], st.container(border=True):
            name = quantity_name(png.stem, lang)
            stem = safe_name(quantity_name(png.stem, "lv"), png.stem)
            st.markdown(f"**{name}**")
            st.image(str(png), width="stretch")
            svg = png.with_suffix(".svg")
            buttons = st.columns(2, width=320)
            buttons[0].download_button(
                t("download_png", lang), png.read_bytes(), f"kalibresana_{stem}.png",
                "image/png", key=f"calib_png_{png.stem}", on_click="ignore",
                icon=":material/image:",
            )  # fmt: skip
            if svg.is_file():
                buttons[1].download_button(
                    t("download_svg", lang), svg.read_bytes(), f"kalibresana_{stem}.svg",
                    "image/svg+xml", key=f"calib_svg_{png.stem}", on_click="ignore",
                    icon=":material/draw:",
                )  # fmt: skip
    st.subheader(t("calib_section_fitstats", lang))
    if report.fit is None:
        st.caption(t("calib_no_table", lang))
    else:
        fit = display_table(report.fit, lang, ids=True)
        st.dataframe(fit, width="stretch", hide_index=True, height=_table_height(fit))


def backtest_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Series and forecast names of a backtest table in `lang` (the quantity column dropped)."""
    out = df.copy()
    if "quantity" in out.columns:
        out["series"] = [series_label(row, lang) for _, row in out.iterrows()]
        out = out.drop(columns="quantity")
    if "forecast" in out.columns:
        out["forecast"] = [
            t(FORECAST_KEYS[f], lang) if f in FORECAST_KEYS else f for f in out["forecast"]
        ]
    return out


def _backtest_section(report: CalibrationReport, lang: str) -> None:
    st.subheader(t("calib_section_backtest", lang))
    st.caption(t("calib_backtest_note", lang))
    if report.backtest_by_lead is not None:
        st.markdown(t("calib_backtest_by_lead", lang))
        named = backtest_names(report.backtest_by_lead, lang)
        by_lead = display_table(named, lang)
        st.dataframe(by_lead, width="stretch", hide_index=True, height=_table_height(by_lead))
        table_downloads(
            headed_table(named, lang),
            "calib_by_lead",
            lang,
            "atpakaltests_pec_attaluma",
            download_context(report, lang),
        )
        with st.expander(t("calib_backtest_method", lang)):
            for key in ("bt_method", "bt_definitions", "bt_naive", "bt_targets"):
                st.markdown(t(key, lang))
        chart = backtest_chart(report.backtest_by_lead, lang)
        if chart is not None:
            chart_with_downloads(
                chart,
                "calib_backtest",
                lang,
                "atpakaltests_mape",
                context=download_context(report, lang),
            )
    if report.backtest_shortfalls is not None:
        st.markdown(f"**{t('bt_shortfalls', lang)}**")
        st.markdown(
            "\n".join(f"- {s}" for s in shortfall_sentences(report.backtest_shortfalls, lang))
        )
    if report.backtest is None:
        st.caption(t("calib_no_table", lang))
    else:
        st.markdown(t("calib_backtest_by_origin", lang))
        bt = display_table(backtest_names(report.backtest, lang), lang)
        st.dataframe(bt, width="stretch", hide_index=True, height=_table_height(bt))
    st.subheader(t("calib_section_forecast_errors", lang))
    st.caption(t("calib_forecast_errors_note", lang))
    if report.forecast_errors is None or report.forecast_errors.empty:
        st.caption(t("calib_no_forecast_errors", lang))
    else:
        fe = display_table(report.forecast_errors, lang)
        st.dataframe(fe, width="stretch", hide_index=True, height=_table_height(fe))


def coverage_display(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The pooled coverage table with the band names and headers in `lang`."""
    table = coverage_table(coverage)
    table["band"] = table["band"].map(lambda b: t(f"cov_band_{b}", lang))
    headers = {"band": t("cov_col_band", lang), "level": t("cov_col_level", lang)}
    headers["all"] = t("cov_col_all", lang)
    return table.rename(columns=headers)


def _coverage_section(report: CalibrationReport, lang: str) -> None:
    if report.coverage is None or report.coverage.empty:
        return
    st.subheader(t("cov_heading", lang))
    st.caption(t("cov_method", lang))
    st.caption(t("cov_applied", lang))
    table = coverage_display(report.coverage, lang)
    st.dataframe(table, width="stretch", hide_index=True, height=_table_height(table))
    table_downloads(
        table, "calib_coverage", lang, "joslu_parklajums", download_context(report, lang)
    )


def _parameters_section(report: CalibrationReport, lang: str) -> None:
    st.subheader(t("calib_section_params", lang))
    if report.estimates is None:
        if report.parameters:
            table = pd.DataFrame(
                {
                    t("col_parameter", lang): list(report.parameters),
                    t("col_estimate", lang): [
                        format_number(v, lang, 4) for v in report.parameters.values()
                    ],
                }
            )
            st.dataframe(table, width="stretch", hide_index=True, height=_table_height(table))
        else:
            st.caption(t("calib_no_table", lang))
        return
    st.caption(t("calib_params_note", lang))
    for _, row in at_bound_rows(report.estimates).iterrows():
        st.warning(
            t(
                "calib_at_bound",
                lang,
                name=row["name"],
                value=format_number(float(row["estimate"]), lang, 4),
                lo=format_number(float(row.get("lower", float("nan"))), lang, 4),
                hi=format_number(float(row.get("upper", float("nan"))), lang, 4),
            ),
            icon=":material/warning:",
        )
    table = parameter_table(report.estimates, lang)
    st.dataframe(table, width="stretch", hide_index=True, height=_table_height(table))


def render() -> None:
    """Draw the calibration and validity page."""
    lang = current_lang()
    st.title(t("calib_title", lang))
    st.markdown(t("calib_intro", lang))
    report = read_report()
    if report.parameters:
        st.caption(t("calib_params_file", lang, n=len(report.parameters)))
    if not report.has_report:
        st.info(t("calib_missing", lang), icon=":material/hourglass_empty:")
        if not report.parameters:
            st.caption(t("calib_no_params", lang))
            return
        _parameters_section(report, lang)
        return
    other = [w for w in report.warnings if "bound" not in w]
    if other:
        st.warning(f"**{t('calib_warnings', lang)}:** " + " · ".join(other))
    _fit_section(report, lang)
    _backtest_section(report, lang)
    _coverage_section(report, lang)
    funding_section(report, lang)
    _parameters_section(report, lang)
    if report.markdown:
        with st.expander(t("calib_report", lang)):
            st.markdown(report.markdown)


if __name__ == "__main__":
    render()

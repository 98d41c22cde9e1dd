"""Backtest chart (MAPE by lead time, the model beside two naive forecasts) and target texts."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import altair as alt
import numpy as np
import pandas as pd

from ikm_sim.charts._base import HALF_WIDTH, OKABE_ITO, finish
from ikm_sim.locale.formatting import check_lang, format_number
from ikm_sim.locale.i18n import t

#: Columns of a by-lead summary holding each forecast's MAPE -> its text key.
FORECAST_COLUMNS = {
    "mape": "bt_forecast_model",
    "nochange_mape": "bt_forecast_nochange",
    "cohort_mape": "bt_forecast_cohort",
}
#: Stroke dash of each forecast (solid model, dashed no change, dotted cohort ratio).
DASHES = ([1, 0], [6, 3], [2, 2])


def series_label(row: pd.Series, lang: str) -> str:
    """Display name of a backtested series: by its model quantity where known."""
    key = f"bt_series_{row.get('quantity', '')}"
    try:
        return t(key, lang)
    except KeyError:
        return str(row["series"])


def backtest_chart_data(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long table of MAPE by series, forecast and lead for `backtest_chart`.

    Parameters
    ----------
    summary : pandas.DataFrame
        `ikm_sim.calibration.backtest.by_lead` output (columns it lacks are skipped).
    lang : {"lv", "en"}
        Language of the series and forecast names.

    Returns
    -------
    pandas.DataFrame
        ``series, forecast, lead, mape, target`` for the relative series with a target (all
        relative series when none has one), rows with a MAPE only.
    """
    lang = check_lang(lang)
    rel = summary[summary["unit"] == "%"]
    with_target = rel[rel["series"].isin(rel.loc[rel["target"].notna(), "series"])]
    if with_target["mape"].notna().any():
        rel = with_target
    names = rel.apply(lambda r: series_label(r, lang), axis=1) if len(rel) else rel["series"]
    frames = [
        pd.DataFrame(
            {
                "series": names,
                "forecast": t(key, lang),
                "lead": rel["lead"].astype(int),
                "mape": rel[column].astype(float),
                "target": rel["target"].astype(float),
            }
        )
        for column, key in FORECAST_COLUMNS.items()
        if column in rel.columns
    ]
    if not frames:
        return pd.DataFrame(columns=["series", "forecast", "lead", "mape", "target"])
    return pd.concat(frames, ignore_index=True).dropna(subset=["mape"])


def backtest_chart(summary: pd.DataFrame, lang: str = "en") -> alt.Chart | None:
    """MAPE by lead time of the model and the naive forecasts, with the targets.

    Parameters
    ----------
    summary : pandas.DataFrame
        `ikm_sim.calibration.backtest.by_lead` output.
    lang : {"lv", "en"}
        Language.

    Returns
    -------
    altair.Chart or None
        Colour = series, dash = forecast (solid model, dashed no change, dotted cohort ratio),
        black-edged diamonds = targets; a symmetric-log scale. None without any error.
    """
    lang = check_lang(lang)
    data = backtest_chart_data(summary, lang)
    if data.empty:
        return None
    forecasts = [t(key, lang) for key in FORECAST_COLUMNS.values()]
    series = list(dict.fromkeys(data["series"]))
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=series, range=list(OKABE_ITO[: len(series)])),
    )
    x = alt.X("lead:O", title=t("bt_axis_lead", lang), axis=alt.Axis(labelAngle=0))
    y = alt.Y("mape:Q", title=t("bt_axis_mape", lang), scale=alt.Scale(type="symlog"))
    lines = (
        alt.Chart()
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=alt.StrokeDash(
                "forecast:N",
                title=None,
                scale=alt.Scale(domain=forecasts, range=list(DASHES)),
                legend=None,  # the subtitle says which dash is which
            ),
            detail="forecast:N",
            tooltip=[
                alt.Tooltip("series:N", title=t("bt_tooltip_series", lang)),
                alt.Tooltip("forecast:N", title=t("bt_tooltip_forecast", lang)),
                alt.Tooltip("lead:O", title=t("bt_axis_lead", lang)),
                alt.Tooltip("mape:Q", title="MAPE", format=".2f"),
            ],
        )
    )
    marks = (
        alt.Chart()
        .transform_filter("isValid(datum.target)")
        .mark_point(shape="diamond", size=110, filled=True, stroke="black", strokeWidth=1)
        .encode(
            x=x,
            y=alt.Y("target:Q"),
            color=colour,
            tooltip=[
                alt.Tooltip("series:N", title=t("bt_tooltip_series", lang)),
                alt.Tooltip("target:Q", title=t("bt_tooltip_target", lang), format=".1f"),
            ],
        )
    )
    return finish(
        alt.layer(lines, marks, data=data),
        lang,
        t("bt_chart_title", lang),
        t("bt_chart_subtitle", lang),
        width=HALF_WIDTH + 120,
        height=300,
    )


def shortfall_sentences(rows: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per target not met (or not evaluable), in `lang`.

    Parameters
    ----------
    rows : pandas.DataFrame
        `ikm_sim.calibration.backtest.shortfalls` output (``series, quantity, lead, check,
        value, limit, n``).
    lang : {"lv", "en"}
        Language.

    Returns
    -------
    list of str
        A single "every target met" sentence when `rows` is empty.
    """
    lang = check_lang(lang)
    if rows.empty:
        return [t("bt_short_none", lang)]
    out = []
    for r in rows.to_dict("records"):
        check = str(r["check"])
        out.append(
            t(
                f"bt_short_{'nodata' if check == 'no data' else check}",
                lang,
                series=series_label(pd.Series(r), lang),
                lead=r["lead"],
                value=format_number(float(r["value"]), lang, 2, signed=check == "bias"),
                limit=format_number(float(r["limit"]), lang, 1),
                n=r["n"],
                mape=_with_unit(_float(r, "mape"), lang, "%"),
                nochange=_with_unit(_float(r, "nochange_mape"), lang, "%"),
                nochange_bias=_with_unit(_float(r, "nochange_bias"), lang, "pp", signed=True),
                cohort=_with_unit(_float(r, "cohort_mape"), lang, "%"),
            )
        )
    return out


def _float(row: Mapping[Hashable, object], column: str) -> float:
    """A number of a shortfall row (NaN when the column is missing, e.g. an older report)."""
    value = row.get(column)
    return float(value) if isinstance(value, int | float) else float("nan")


def _with_unit(value: float, lang: str, unit: str, signed: bool = False) -> str:
    """``"1,25 %"`` (two decimals and the unit), or ``"–"`` without a value."""
    if not np.isfinite(value):
        return "–"
    return f"{format_number(value, lang, 2, signed=signed)} {unit}"

"""Charts of the calibration report beyond simulated-vs-historical: the vacancy fit.

An Altair specification, rendered by `ikm_sim.calibration.report.save_chart`; the backtest
chart is `ikm_sim.charts.backtest.backtest_chart`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ikm_sim.calibration.fit import FitResult

#: Vacancy quantities of the vacancy-fit chart -> label.
VACANCY_QUANTITIES = {
    "school_vacancies_fte": "school (all subjects but PRE)",
    "preschool_vacancies_fte": "preschool (PRE)",
}


def vacancy_chart(result: FitResult) -> alt.FacetChart | None:
    """Simulated (calibrated and prior) vs published vacancies, with the published ranges.

    Parameters
    ----------
    result : FitResult
        A calibration (its observations must include a vacancy series).

    Returns
    -------
    altair.FacetChart or None
        One panel per vacancy quantity; None without vacancy observations.
    """
    obs = result.observations[result.observations["quantity"].isin(list(VACANCY_QUANTITIES))]
    if obs.empty:
        return None
    lines = pd.concat(
        [
            pd.DataFrame(
                {
                    "year": q.index.astype(int),
                    "value": q[quantity].to_numpy(float),
                    "line": label,
                    "panel": VACANCY_QUANTITIES[quantity],
                }
            )
            for quantity in VACANCY_QUANTITIES
            for q, label in ((result.simulated, "calibrated"), (result.prior_simulated, "prior"))
            if quantity in q
        ]
    )
    pts = obs.assign(
        panel=obs["quantity"].map(VACANCY_QUANTITIES),
        low=obs["low"].fillna(obs["value"]),
        high=obs["high"].fillna(obs["value"]),
    )[["year", "value", "low", "high", "panel", "series"]]
    data = pd.concat([lines.assign(kind="model"), pts.assign(kind="published")])
    base = alt.Chart().encode(x=alt.X("year:O", title="school year"))
    model = (
        base.transform_filter(alt.datum.kind == "model")
        .mark_line()
        .encode(
            y=alt.Y("value:Q", title="vacancies, FTE at the start of the school year"),
            color=alt.Color("line:N", title=None),
            strokeDash=alt.StrokeDash("line:N", legend=None),
        )
    )
    published = base.transform_filter(alt.datum.kind == "published")
    ranges = published.mark_rule(color="black").encode(y="low:Q", y2="high:Q")
    dots = published.mark_point(filled=True, size=60, color="black").encode(
        y="value:Q", tooltip=["series", "year", "value", "low", "high"]
    )
    return (
        alt.layer(model, ranges, dots, data=data)
        .properties(width=300, height=220)
        .facet(column=alt.Column("panel:N", title=None))
        .resolve_scale(y="independent")
        .properties(
            title=alt.TitleParams(
                "Vacancies: model vs published",
                subtitle="lines: model (solid calibrated, dashed prior) · dots and bars: "
                "published value and range",
            )
        )
    )

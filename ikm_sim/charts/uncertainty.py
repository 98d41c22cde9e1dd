"""Fan charts of percentile bands and tornado charts of parameter effects."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ikm_sim.charts._base import (
    OKABE_ITO,
    WIDTH,
    add_school_year,
    every_nth_year,
    finish,
    year_axis,
)
from ikm_sim.locale.formatting import check_lang

_TEXT = {
    "en": {
        "fan_title": "{what}: range of outcomes",
        "fan_sub": "FTE; median line, darker band 50 % (P25–P75), lighter band 90 % (P5–P95)",
        "tornado_title": "What drives the gap: {output}",
        "tornado_sub": "Morris mean absolute elementary effect (μ*), FTE; bar = ± confidence",
        "value": "FTE",
        "effect": "μ* (FTE)",
        "parameter": "Parameter",
        "gap_fte": "Teacher gap",
        "demand_fte": "Teacher demand",
        "supply_fte": "Teacher supply",
        "vacancies_fte": "Vacancies",
        "school_vacancies_fte": "Vacancies in schools",
        "teachers": "Teachers and preschool teachers (persons)",
        "school_pedagogues": "School pedagogues (persons)",
        "pupils": "Pupils in grades 1–12",
        "first_graders": "First-graders",
        "fan_sub_persons": (
            "Persons; median line, darker band 50 % (P25–P75), lighter band 90 % (P5–P95)"
        ),
        "persons": "Persons",
    },
    "lv": {
        "fan_title": "{what}: iespējamo iznākumu diapazons",
        "fan_sub": "Likmes; mediāna, tumšākā josla 50 % (P25–P75), gaišākā 90 % (P5–P95)",
        "tornado_title": "Kas nosaka iztrūkumu: {output}",
        "tornado_sub": "Morisa vidējais absolūtais elementārais efekts (μ*), likmes",
        "value": "Likmes",
        "effect": "μ* (likmes)",
        "parameter": "Parametrs",
        "gap_fte": "Skolotāju iztrūkums",
        "demand_fte": "Skolotāju pieprasījums",
        "supply_fte": "Skolotāju piedāvājums",
        "vacancies_fte": "Vakances",
        "school_vacancies_fte": "Vakances skolās",
        "teachers": "Pedagogi kopā ar pirmsskolas pedagogiem (personas)",
        "school_pedagogues": "Skolu pedagogi (personas)",
        "pupils": "Skolēni 1.–12. klasē",
        "first_graders": "Pirmklasnieki",
        "fan_sub_persons": "Personas; mediāna, tumšākā josla 50 % (P25–P75), gaišākā 90 % (P5–P95)",
        "persons": "Personas",
    },
}


def in_fte(variable: str) -> bool:
    """Whether a quantity is in full-time equivalents (``*_fte``); the others count persons."""
    return variable.endswith("_fte")


def fan_data(
    percentiles: pd.DataFrame,
    variable: str = "gap_fte",
    region: str | None = None,
    subject: str | None = None,
) -> pd.DataFrame:
    """Select one variable (and optionally a municipality and/or subject) for a fan chart.

    Percentiles do not add up, so the selection must leave one row per year: filter a table
    by municipality (``regions``), by subject (``subjects``) or by both (``cells``).

    Parameters
    ----------
    percentiles : pandas.DataFrame
        A percentile table of `ikm_sim.uncertainty.summary` (national, regions, subjects or
        cells).
    variable : str
        A quantity of the percentile table (``gap_fte``, ``teachers``, ``pupils`` ...).
    region, subject : str, optional
        Filter on these columns when given.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``p5`` … ``p95``, one row per year (none if nothing matches).

    Raises
    ------
    ValueError
        If the selection leaves more than one row for a year (a municipality or subject
        filter is missing).
    """
    df = percentiles[percentiles["variable"] == variable]
    if region is not None:
        df = df[df["region"].astype(str) == str(region)]
    if subject is not None:
        df = df[df["subject"].astype(str) == str(subject)]
    if df["year"].duplicated().any():
        by = [c for c in ("region", "subject") if c in df.columns and df[c].nunique() > 1]
        raise ValueError(f"several rows per year: choose one value of {', '.join(by) or 'key'}")
    cols = ["year", "p5", "p25", "p50", "p75", "p95"]
    return df[cols].sort_values("year").reset_index(drop=True)


def fan_chart(
    percentiles: pd.DataFrame,
    lang: str = "en",
    variable: str = "gap_fte",
    region: str | None = None,
    subject: str | None = None,
    where: str | None = None,
    scenario: str | None = None,
    width: int = WIDTH,
) -> alt.Chart:
    """Fan chart: P5–P95 and P25–P75 bands and the median line of one variable over years.

    Parameters
    ----------
    percentiles : pandas.DataFrame
        A percentile table (see `fan_data`).
    lang : {"lv", "en"}
        Language.
    variable : str
        Output variable.
    region, subject : str, optional
        Municipality and/or subject to show (filter of the table).
    where : str, optional
        Name of the place or subject for the title (e.g. "Latvia").
    scenario : str, optional
        Scenario name for the subtitle.
    width : int, optional
        Width the chart is drawn at (`HALF_WIDTH` in a half-page column: titles wrap to it).

    Returns
    -------
    alt.Chart
    """
    lang = check_lang(lang)
    text = _TEXT[lang]
    data = add_school_year(fan_data(percentiles, variable, region, subject), lang)
    fte = in_fte(variable)
    base = alt.Chart(data)
    x = alt.X(
        "year:Q", axis=year_axis(lang, every_nth_year(data["year"])), scale=alt.Scale(nice=False)
    )
    colour = OKABE_ITO[0]
    outer = base.mark_area(opacity=0.2, color=colour).encode(
        x=x, y=alt.Y("p5:Q", title=text["value" if fte else "persons"]), y2="p95:Q"
    )
    inner = base.mark_area(opacity=0.4, color=colour).encode(x=x, y="p25:Q", y2="p75:Q")
    tooltip = [
        alt.Tooltip("school_year:N"),
        *[alt.Tooltip(f"{p}:Q", format=",.0f") for p in ("p5", "p25", "p50", "p75", "p95")],
    ]
    line = base.mark_line(color=colour, strokeWidth=2).encode(x=x, y="p50:Q", tooltip=tooltip)
    what = text.get(variable, variable)
    title = text["fan_title"].format(what=f"{what} – {where}" if where else what)
    sub = text["fan_sub" if fte else "fan_sub_persons"]
    return finish(alt.layer(outer, inner, line), lang, title, sub, scenario, width=width)


def tornado_chart(
    effects: pd.DataFrame,
    output: str,
    lang: str = "en",
    top: int = 12,
    scenario: str | None = None,
) -> alt.Chart:
    """Tornado chart of the parameters with the largest Morris effect on one output.

    Parameters
    ----------
    effects : pandas.DataFrame
        Result of `ikm_sim.uncertainty.sensitivity.sensitivity`.
    output : str
        One of its ``output`` values (e.g. ``national_gap_2030``).
    lang : {"lv", "en"}
        Language.
    top : int
        Number of parameters shown.
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
    """
    lang = check_lang(lang)
    text = _TEXT[lang]
    df = effects[effects["output"] == output].nlargest(top, "mu_star").copy()
    df["lo"] = (df["mu_star"] - df["mu_star_conf"]).clip(lower=0)
    df["hi"] = df["mu_star"] + df["mu_star_conf"]
    order = df["parameter"].tolist()
    y = alt.Y("parameter:N", sort=order, title=text["parameter"])
    bars = (
        alt.Chart(df)
        .mark_bar(color=OKABE_ITO[1])
        .encode(
            x=alt.X("mu_star:Q", title=text["effect"]),
            y=y,
            tooltip=[
                alt.Tooltip("parameter:N"),
                alt.Tooltip("mu_star:Q", format=",.1f"),
                alt.Tooltip("sigma:Q", format=",.1f"),
            ],
        )
    )
    rules = alt.Chart(df).mark_rule(color="#333333").encode(x="lo:Q", x2="hi:Q", y=y)
    title = text["tornado_title"].format(output=output.replace("_", " "))
    return finish(alt.layer(bars, rules), lang, title, text["tornado_sub"], scenario)

"""Municipality charts (vacancies, pupils) and the data-provenance chart."""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import pandas as pd

from ikm_sim.charts._base import (
    HALF_WIDTH,
    OKABE_ITO,
    add_school_year,
    every_nth_year,
    finish,
    label,
    stacked_subject_bars,
    year_axis,
    year_span,
)
from ikm_sim.charts.compare import scenario_lines
from ikm_sim.indicators.aggregate import by_year_subject
from ikm_sim.locale.formatting import school_year_label
from ikm_sim.locale.i18n import t

#: Grade groups of the pupils chart (inclusive), with their text keys.
GRADE_GROUPS = (
    (1, 3, "grades_1_3"),
    (4, 6, "grades_4_6"),
    (7, 9, "grades_7_9"),
    (10, 12, "grades_10_12"),
)
#: Provenance statuses in display order, with colours (blue = published … orange = synthesized).
STATUS_COLOURS = {"published": "#0072B2", "derived": "#56B4E9", "synthesized": "#E69F00"}


def vacancies_data(supply_demand: pd.DataFrame, region: str) -> pd.DataFrame:
    """Vacancies (FTE) by year and subject in one municipality.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    region : str
        ATVK code.

    Returns
    -------
    pandas.DataFrame
        ``year, subject, vacancies_fte``.
    """
    return by_year_subject(supply_demand, "vacancies_fte", region)


def vacancies_chart(
    supply_demand: pd.DataFrame,
    region: str,
    lang: str,
    subject_names: Mapping[str, str] | None = None,
    municipality_names: Mapping[str, str] | None = None,
    scenario: str | None = None,
    top_n: int = 7,
) -> alt.Chart:
    """Stacked bars of a municipality's vacancies per school year, coloured by subject.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    region : str
        ATVK code of the municipality.
    lang : {"lv", "en"}
        Language.
    subject_names, municipality_names : mapping, optional
        Display names by code.
    scenario : str, optional
        Scenario name for the subtitle.
    top_n : int
        Subjects with their own colour; the rest are stacked as "other".

    Returns
    -------
    alt.Chart
    """
    chart, data = stacked_subject_bars(
        vacancies_data(supply_demand, region),
        "vacancies_fte",
        "axis_vacancies_fte",
        lang,
        subject_names,
        top_n,
        ",.1f",
    )
    span = year_span(data, lang) if len(data) else ""
    return finish(
        chart,
        lang,
        t("chart_vacancies_title", lang, place=label(region, municipality_names)),
        t("chart_vacancies_subtitle", lang, span=span),
        scenario,
    )


def vacancies_table(
    supply_demand: pd.DataFrame,
    region: str,
    lang: str,
    subject_names: Mapping[str, str] | None = None,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Wide table of a municipality's vacancies: one row per subject, one column per school year.

    Parameters
    ----------
    supply_demand : pandas.DataFrame
        The ``supply_demand`` result table.
    region : str
        ATVK code.
    lang : {"lv", "en"}
        Language of the column labels (school years).
    subject_names : mapping, optional
        Display names by subject code.
    years : list of int, optional
        Years to show as columns; default every fifth year from the first plus the last.

    Returns
    -------
    pandas.DataFrame
        Index: subject names; columns: school-year labels; values FTE, largest total first.
    """
    data = vacancies_data(supply_demand, region)
    if years is None:
        first = [int(data["year"].min())] if len(data) else []
        years = sorted(set(first) | set(every_nth_year(data["year"], 5)))
    wide = data[data["year"].isin(years)].pivot_table(
        index="subject", columns="year", values="vacancies_fte", aggfunc="sum", fill_value=0.0
    )
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index]
    wide.index = pd.Index(
        [label(str(c), subject_names) for c in wide.index], name=t("axis_subject", lang)
    )
    wide.columns = [school_year_label(int(y), lang) for y in wide.columns]
    return wide


def pupils_data(pupils: pd.DataFrame, region: str | None, lang: str) -> pd.DataFrame:
    """Pupils by year and grade group, nationally or in one municipality.

    Parameters
    ----------
    pupils : pandas.DataFrame
        The ``pupils`` result table.
    region : str or None
        ATVK code; None sums all municipalities.
    lang : {"lv", "en"}
        Language of the grade-group labels.

    Returns
    -------
    pandas.DataFrame
        ``year, grade_group, pupils``.
    """
    df = pupils if region is None else pupils[pupils["region"] == region]
    groups = {g: t(key, lang) for lo, hi, key in GRADE_GROUPS for g in range(lo, hi + 1)}
    df = df.assign(grade_group=df["grade"].map(groups))
    out = df.groupby(["year", "grade_group"], as_index=False, sort=False)[["pupils"]].sum()
    return out.sort_values(["year", "grade_group"]).reset_index(drop=True)


def pupils_chart(
    pupils: pd.DataFrame,
    region: str | None,
    lang: str,
    municipality_names: Mapping[str, str] | None = None,
    scenario: str | None = None,
) -> alt.Chart:
    """Stacked area of pupils per school year by grade group (1–3, 4–6, 7–9, 10–12).

    Parameters
    ----------
    pupils : pandas.DataFrame
        The ``pupils`` result table.
    region : str or None
        ATVK code; None for all of Latvia.
    lang : {"lv", "en"}
        Language.
    municipality_names : mapping, optional
        Display names by code.
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
    """
    data = add_school_year(pupils_data(pupils, region, lang), lang)
    cats = [t(key, lang) for _, _, key in GRADE_GROUPS]
    group_title = t("axis_grade_group", lang)
    chart = (
        alt.Chart(data)
        .transform_calculate(rank=f"indexof({json.dumps(cats)}, datum.grade_group)")
        .mark_area(opacity=0.9, line={"color": "white", "strokeWidth": 0.5})
        .encode(
            x=alt.X(
                "year:Q",
                axis=year_axis(lang, every_nth_year(data["year"])),
                scale=alt.Scale(nice=False),
            ),
            y=alt.Y("pupils:Q", title=t("axis_pupils", lang), stack="zero"),
            color=alt.Color(
                "grade_group:N",
                title=group_title,
                scale=alt.Scale(domain=cats, range=list(OKABE_ITO[:4])),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("school_year:N", title=t("axis_school_year", lang)),
                alt.Tooltip("grade_group:N", title=group_title),
                alt.Tooltip("pupils:Q", title=t("axis_pupils", lang), format=",.0f"),
            ],
        )
    )
    place = label(region, municipality_names) if region else t("all_latvia", lang)
    return finish(
        chart,
        lang,
        t("chart_pupils_title", lang, place=place),
        t("chart_pupils_subtitle", lang, span=year_span(data, lang) if len(data) else ""),
        scenario,
        width=HALF_WIDTH,
        height=300,
    )


def provenance_chart(status_rows: pd.DataFrame, lang: str) -> alt.Chart:
    """Normalised horizontal bars: the share of each table's rows by provenance status.

    Parameters
    ----------
    status_rows : pandas.DataFrame
        ``table, status, rows`` (status one of published, derived, synthesized).
    lang : {"lv", "en"}
        Language.

    Returns
    -------
    alt.Chart
    """
    data = status_rows.copy()
    data["status_label"] = [t(f"status_{s}", lang) for s in data["status"]]
    domain = [t(f"status_{s}", lang) for s in STATUS_COLOURS]
    status_title = t("axis_status", lang)
    chart = (
        alt.Chart(data)
        .transform_calculate(rank=f"indexof({json.dumps(domain)}, datum.status_label)")
        .mark_bar(size=16)
        .encode(
            y=alt.Y(
                "table:N",
                title=t("axis_table", lang),
                sort="ascending",
                axis=alt.Axis(labelLimit=320),  # file names such as births_by_municipality
            ),
            x=alt.X(
                "rows:Q",
                stack="normalize",
                title=t("axis_share_rows", lang),
                axis=alt.Axis(format="%", tickCount=5),  # 0 %, 20 % … (5 % steps ran together)
            ),
            color=alt.Color(
                "status_label:N",
                title=status_title,
                scale=alt.Scale(domain=domain, range=list(STATUS_COLOURS.values())),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("table:N", title=t("axis_table", lang)),
                alt.Tooltip("status_label:N", title=status_title),
                alt.Tooltip("rows:Q", title=t("data_table_col_rows", lang), format=",.0f"),
            ],
        )
    )
    n_tables = data["table"].nunique()
    return finish(
        chart,
        lang,
        t("chart_status_title", lang),
        t("chart_status_subtitle", lang),
        None,
        height=max(120, 26 * n_tables),
    )


def area_compare_chart(
    base: pd.DataFrame,
    edited: pd.DataFrame,
    lang: str,
    place: str,
    base_name: str,
    edited_name: str,
) -> alt.Chart:
    """Lines of an area's gap and vacancies per school year in two scenarios (A dashed).

    Parameters
    ----------
    base, edited : pandas.DataFrame
        The area's rows of the ``supply_demand`` tables of scenario A (compared with) and B.
    lang : {"lv", "en"}
        Language.
    place : str
        The area's name, for the title.
    base_name, edited_name : str
        Names of scenarios A and B.

    Returns
    -------
    alt.Chart
        Its data (``year, school_year, scenario, series, fte``) is what the CSV holds.
    """
    rows = []
    measures = (("gap_fte", "series_shortage"), ("vacancies_fte", "axis_vacancies_fte"))
    for frame, name in ((base, base_name), (edited, edited_name)):
        totals = frame.groupby("year", as_index=False)[["gap_fte", "vacancies_fte"]].sum()
        for column, key in measures:
            rows.append(
                pd.DataFrame(
                    {
                        "year": totals["year"].astype(int),
                        "scenario": name,
                        "series": t(key, lang),
                        "fte": totals[column],
                    }
                )
            )
    data = add_school_year(pd.concat(rows, ignore_index=True), lang)
    series = [t("series_shortage", lang), t("axis_vacancies_fte", lang)]
    chart = scenario_lines(
        data,
        lang,
        series,
        (base_name, edited_name),
        x_scale=alt.Scale(nice=False, zero=False),
        fte_format=",.1f",
    )
    return finish(
        chart,
        lang,
        t("chart_area_compare_title", lang, place=place, span=year_span(data, lang)),
        t("chart_area_compare_subtitle", lang, a=base_name, b=edited_name),
    )

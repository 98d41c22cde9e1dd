"""Readable charts and tables of the sensitivity analyses: Morris tornado, Sobol index bars.

`ikm_sim.uncertainty.sensitivity.sensitivity` and `ikm_sim.uncertainty.sobol.sobol` name
parameters and outputs by code (``returner_rate``, ``national_gap_2030``,
``LV0001000_gap_2035``). This module turns the codes into labels in the interface language and
draws the tornado chart of `ikm_sim.charts.uncertainty.tornado_chart` (Morris μ*) or a bar chart
of the total and first-order Sobol indices (ST with its interval, S1 beside it) with them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import altair as alt
import pandas as pd

from ikm_sim.charts._base import OKABE_ITO, finish
from ikm_sim.charts.uncertainty import tornado_chart
from ikm_sim.locale.formatting import check_lang, school_year_label
from ikm_sim.locale.i18n import TEXTS, t
from ikm_sim.locale.i18n_sensitivity import UNIT_KEYS
from ikm_sim.model.parameters import BehaviouralParameters

_OUTPUT = re.compile(r"^(?P<where>.+)_gap_(?P<year>\d{4})$")
#: Widest y-axis label of a tornado chart, in pixels (the labels are short phrases).
LABEL_LIMIT = 320


def parameter_label(name: str, lang: str) -> str:
    """Return a behavioural parameter's readable label in `lang`.

    Parameters
    ----------
    name : str
        Parameter name (a field of `BehaviouralParameters`).
    lang : {"lv", "en"}
        Language.

    Returns
    -------
    str
        The label (the name with spaces for underscores when no label is known).
    """
    key = f"param_{name}"
    if key in TEXTS:
        return t(key, lang)
    check_lang(lang)
    return name.replace("_", " ")


def parameter_unit(name: str, lang: str) -> str:
    """Return the unit of a behavioural parameter in `lang` (``""`` when unknown).

    Parameters
    ----------
    name : str
        Parameter name.
    lang : {"lv", "en"}
        Language.

    Returns
    -------
    str
    """
    field = BehaviouralParameters.model_fields.get(name)
    extra = field.json_schema_extra if field is not None else None
    unit = str(extra.get("unit", "")) if isinstance(extra, dict) else ""
    key = UNIT_KEYS.get(unit)
    return t(key, lang) if key else unit


def output_parts(output: str) -> tuple[str | None, int]:
    """Split an output code into its municipality and year.

    Parameters
    ----------
    output : str
        ``national_gap_<year>`` or ``<ATVK>_gap_<year>``.

    Returns
    -------
    tuple
        The ATVK code (None for the national gap) and the year.

    Raises
    ------
    ValueError
        If the code does not have that form.
    """
    match = _OUTPUT.match(output)
    if match is None:
        raise ValueError(f"not a sensitivity output: {output!r}")
    where = match["where"]
    return (None if where == "national" else where), int(match["year"])


def output_label(output: str, lang: str, region_names: Mapping[str, str] | None = None) -> str:
    """Return a readable name of an output: place and school year.

    Parameters
    ----------
    output : str
        ``national_gap_<year>`` or ``<ATVK>_gap_<year>``.
    lang : {"lv", "en"}
        Language.
    region_names : mapping, optional
        Municipality names by ATVK code (the code is shown when missing).

    Returns
    -------
    str
        E.g. ``"Latvija, 2030./2031. mācību gadā"`` or ``"Riga, school year 2030/31"``.
    """
    region, year = output_parts(output)
    if region is None:
        where = t("sens_latvia", lang)
    else:
        where = str((region_names or {}).get(region, region))
    return t("sens_output", lang, where=where, year=school_year_label(year, lang))


def readable_effects(
    effects: pd.DataFrame, lang: str, region_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return a copy of a ranking table with labels instead of codes.

    Parameters
    ----------
    effects : pandas.DataFrame
        Result of `ikm_sim.uncertainty.sensitivity.sensitivity`.
    lang : {"lv", "en"}
        Language.
    region_names : mapping, optional
        Municipality names by ATVK code.

    Returns
    -------
    pandas.DataFrame
        The same rows; ``output`` and ``parameter`` hold labels, the codes move to
        ``output_code`` and ``parameter_code``.
    """
    out = effects.copy()
    out["output_code"] = out["output"]
    out["parameter_code"] = out["parameter"]
    out["output"] = [output_label(str(o), lang, region_names) for o in effects["output"]]
    out["parameter"] = [parameter_label(str(p), lang) for p in effects["parameter"]]
    return out


def sensitivity_tornado(
    effects: pd.DataFrame,
    output: str,
    lang: str = "lv",
    region_names: Mapping[str, str] | None = None,
    top: int = 12,
    scenario: str | None = None,
) -> alt.Chart:
    """Tornado chart of one output with readable parameter names and title.

    Parameters
    ----------
    effects : pandas.DataFrame
        Result of `ikm_sim.uncertainty.sensitivity.sensitivity` (codes, not labels).
    output : str
        One of its ``output`` codes (e.g. ``national_gap_2030``).
    lang : {"lv", "en"}
        Language.
    region_names : mapping, optional
        Municipality names by ATVK code, for the title.
    top : int
        Number of parameters shown (largest μ* first).
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        The chart of `ikm_sim.charts.uncertainty.tornado_chart`, bars sorted by μ*.

    Raises
    ------
    ValueError
        If `output` is not in the table.
    """
    if output not in set(effects["output"]):
        raise ValueError(f"output {output!r} is not in the sensitivity table")
    readable = readable_effects(effects[effects["output"] == output], lang, region_names)
    label = output_label(output, lang, region_names)
    chart = tornado_chart(readable, label, lang, top=top, scenario=scenario).copy(deep=True)
    # Long labels stay whole; the y-axis title ("Parameter") is dropped: the labels say it, and
    # Vega places it over labels this long.
    for layer in getattr(chart, "layer", None) or [chart]:
        y = getattr(getattr(layer, "encoding", None), "y", None)
        if isinstance(y, alt.Y):
            y["title"] = None
    return chart.configure_axisY(labelLimit=LABEL_LIMIT)


def tornado_table(
    effects: pd.DataFrame,
    output: str,
    lang: str = "lv",
    top: int = 12,
) -> pd.DataFrame:
    """The data of one tornado chart, for its CSV download (codes and labels).

    Parameters
    ----------
    effects : pandas.DataFrame
        Result of `ikm_sim.uncertainty.sensitivity.sensitivity`.
    output : str
        One of its ``output`` codes.
    lang : {"lv", "en"}
        Language of the labels.
    top : int
        Number of parameters (as in the chart).

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``parameter``, ``label``, ``mu_star``, ``mu_star_conf``, ``sigma`` and, when
        the table has them, ``low`` and ``high``; largest μ* first.
    """
    df = effects[effects["output"] == output].nlargest(top, "mu_star")
    out = pd.DataFrame(
        {
            "rank": df["rank"].to_numpy() if "rank" in df else range(1, len(df) + 1),
            "parameter": df["parameter"].to_numpy(),
            "label": [parameter_label(str(p), lang) for p in df["parameter"]],
        }
    )
    for col in ("mu_star", "mu_star_conf", "sigma", "low", "high"):
        if col in df:
            out[col] = df[col].to_numpy()
    return out


def _output_rows(effects: pd.DataFrame, output: str) -> pd.DataFrame:
    if output not in set(effects["output"]):
        raise ValueError(f"output {output!r} is not in the sensitivity table")
    return effects[effects["output"] == output]


def _sobol_bars_data(readable: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """One row per parameter and index (ST, S1): the value and its 95 % interval."""
    data = pd.concat(
        [
            pd.DataFrame(
                {
                    "parameter": readable["parameter"].to_numpy(),
                    "parameter_code": readable["parameter_code"].to_numpy(),
                    "index": kind,
                    "value": readable[kind].to_numpy(dtype=float),
                    "lo": (readable[kind] - readable[f"{kind}_conf"]).to_numpy(dtype=float),
                    "hi": (readable[kind] + readable[f"{kind}_conf"]).to_numpy(dtype=float),
                    "order": i,
                }
            )
            for i, kind in enumerate(kinds)
        ],
        ignore_index=True,
    )
    data["index_label"] = data["index"].map(kinds)
    return data


def _sobol_layers(
    order: list[str], kinds: dict[str, str], lang: str
) -> tuple[alt.Chart, alt.Chart]:
    """The Sobol chart's bars (ST and S1 side by side per parameter) and interval lines."""
    y = alt.Y("parameter:N", sort=order, title=None)
    offset = alt.YOffset("index_label:N", sort=list(kinds.values()))
    colour = alt.Color(
        "index_label:N",
        title=t("sobol_index", lang),
        sort=list(kinds.values()),
        scale=alt.Scale(domain=list(kinds.values()), range=[OKABE_ITO[0], OKABE_ITO[1]]),
    )
    interval = t("sobol_interval", lang)
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X(
                "value:Q",
                title=t("sobol_axis", lang),
                axis=alt.Axis(format=",.1f", tickMinStep=0.1),
            ),
            y=y,
            yOffset=offset,
            color=colour,
            tooltip=[
                alt.Tooltip("parameter:N", title=t("sens_col_parameter", lang)),
                alt.Tooltip("index_label:N", title=t("sobol_index", lang)),
                alt.Tooltip("value:Q", title=t("sobol_axis", lang), format=",.3f"),
                alt.Tooltip("lo:Q", title=f"{interval} ↓", format=",.3f"),
                alt.Tooltip("hi:Q", title=f"{interval} ↑", format=",.3f"),
            ],
        )
    )
    rules = alt.Chart().mark_rule(color="#333333").encode(x="lo:Q", x2="hi:Q", y=y, yOffset=offset)
    return bars, rules


def sobol_chart(
    indices: pd.DataFrame,
    output: str,
    lang: str = "lv",
    region_names: Mapping[str, str] | None = None,
    top: int = 12,
    scenario: str | None = None,
) -> alt.Chart:
    """Bar chart of one output's Sobol indices: ST with its interval, S1 beside it.

    Parameters
    ----------
    indices : pandas.DataFrame
        ``indices`` of `ikm_sim.uncertainty.sobol.sobol` (codes, not labels).
    output : str
        One of its ``output`` codes (e.g. ``national_gap_2030``).
    lang : {"lv", "en"}
        Language.
    region_names : mapping, optional
        Municipality names by ATVK code, for the title.
    top : int
        Number of parameters shown (largest ST first).
    scenario : str, optional
        Scenario name for the subtitle.

    Returns
    -------
    alt.Chart
        Two bars per parameter (ST, then S1) with black 95 % interval lines; parameters sorted
        by ST.

    Raises
    ------
    ValueError
        If `output` is not in the table.
    """
    rows = _output_rows(indices, output).nlargest(top, "ST", keep="first")
    readable = readable_effects(rows, lang, region_names)
    kinds = {"ST": t("sobol_st", lang), "S1": t("sobol_s1", lang)}
    data = _sobol_bars_data(readable, kinds)
    order = readable["parameter"].tolist()
    bars, rules = _sobol_layers(order, kinds, lang)
    label = output_label(output, lang, region_names)
    chart = finish(
        alt.layer(bars, rules, data=data),
        lang,
        t("sobol_chart_title", lang, output=label),
        t("sobol_chart_sub", lang),
        scenario,
        height=max(360, 30 * len(order)),
    )
    return chart.configure_axisY(labelLimit=LABEL_LIMIT)


def sobol_table(
    indices: pd.DataFrame,
    output: str,
    lang: str = "lv",
    top: int = 12,
) -> pd.DataFrame:
    """The data of one Sobol chart, for its CSV download (codes and labels).

    Parameters
    ----------
    indices : pandas.DataFrame
        ``indices`` of `ikm_sim.uncertainty.sobol.sobol`.
    output : str
        One of its ``output`` codes.
    lang : {"lv", "en"}
        Language of the labels.
    top : int
        Number of parameters (as in the chart).

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``parameter``, ``label``, ``ST``, ``ST_conf``, ``S1``, ``S1_conf``, ``low``,
        ``high``; largest ST first.
    """
    df = _output_rows(indices, output).nlargest(top, "ST", keep="first")
    out = pd.DataFrame(
        {
            "rank": df["rank"].to_numpy(),
            "parameter": df["parameter"].to_numpy(),
            "label": [parameter_label(str(p), lang) for p in df["parameter"]],
        }
    )
    for col in ("ST", "ST_conf", "S1", "S1_conf", "low", "high"):
        out[col] = df[col].to_numpy()
    return out


def sensitivity_chart(
    table: pd.DataFrame,
    output: str,
    lang: str = "lv",
    region_names: Mapping[str, str] | None = None,
    top: int = 12,
    scenario: str | None = None,
) -> alt.Chart:
    """The chart of either analysis: Sobol bars for a table of indices, else the tornado.

    Parameters
    ----------
    table : pandas.DataFrame
        A Morris ranking or the ``indices`` of a Sobol analysis.
    output, lang, region_names, top, scenario
        As in `sensitivity_tornado` and `sobol_chart`.

    Returns
    -------
    alt.Chart
    """
    draw = sobol_chart if "ST" in table.columns else sensitivity_tornado
    return draw(table, output, lang, region_names, top=top, scenario=scenario)

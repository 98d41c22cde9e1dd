"""The ranking tables of the sensitivity page: formatted for display, numeric for downloads.

One row per parameter in the order of its national rank; the parameter's label, range and
unit, then per place (Latvia, the municipality) its rank and either Morris μ* and σ or the
Sobol indices ST and S1 with their 95 % half-widths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from ikm_sim.charts.sensitivity import parameter_label, parameter_unit
from ikm_sim.locale.formatting import format_number
from ikm_sim.locale.i18n import t
from ikm_sim.ui.sensitivity_run import SensitivityResults


def _range_text(low: float, high: float, lang: str) -> str:
    """A parameter's range with three significant digits, e.g. ``"0,0135–0,0202"``."""
    top = max(abs(low), abs(high))
    decimals = 0 if top == 0 else max(0, 2 - math.floor(math.log10(top)))
    return f"{format_number(low, lang, decimals)}–{format_number(high, lang, decimals)}"


def _with_interval(value: float, half_width: float, lang: str) -> str:
    """An index with its 95 % half-width, e.g. ``"0,35 ± 0,10"``."""
    return f"{format_number(value, lang, 2)} ± {format_number(half_width, lang, 2)}"


def _places(
    res: SensitivityResults, lang: str, region_names: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(output code, place name) of Latvia and, when analysed, the municipality."""
    places = [(f"national_gap_{res.year}", t("sens_latvia", lang))]
    if res.region is not None:
        where = str(region_names.get(res.region, res.region))
        places.append((f"{res.region}_gap_{res.year}", where))
    return places


def ranking_table(
    res: SensitivityResults, lang: str, region_names: Mapping[str, str]
) -> pd.DataFrame:
    """The ranking for display: one row per parameter, national rank first, texts formatted.

    Parameters
    ----------
    res : SensitivityResults
        The analysis (Morris or Sobol).
    lang : {"lv", "en"}
        Language of the labels and number format.
    region_names : mapping
        Municipality names by ATVK code.

    Returns
    -------
    pandas.DataFrame
        Parameter, range, unit, then for Latvia and for the municipality the rank and μ* and σ
        (Morris) or ST and S1 with their 95 % half-widths (Sobol); every cell a string.
    """
    table = res.table
    national = table[table["output"] == f"national_gap_{res.year}"].set_index("parameter")
    national = national.sort_values("rank", kind="stable")
    order = [str(p) for p in national.index]
    lows = national["low"].to_numpy(dtype=float)
    highs = national["high"].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            t("sens_col_parameter", lang): [parameter_label(p, lang) for p in order],
            t("sens_col_range", lang): [
                _range_text(float(lo), float(hi), lang) for lo, hi in zip(lows, highs, strict=True)
            ],
            t("sens_col_unit", lang): [parameter_unit(p, lang) for p in order],
        }
    )
    for output, where in _places(res, lang, region_names):
        part = table[table["output"] == output].set_index("parameter").reindex(order)
        out[t("sens_col_rank", lang, where=where)] = [str(int(v)) for v in part["rank"]]
        if res.method == "sobol":
            for index in ("ST", "S1"):
                out[t(f"sobol_col_{index.lower()}", lang, where=where)] = [
                    _with_interval(float(v), float(c), lang)
                    for v, c in zip(part[index], part[f"{index}_conf"], strict=True)
                ]
        else:
            out[t("sens_col_mu_star", lang, where=where)] = [
                format_number(float(v), lang, 1) for v in part["mu_star"]
            ]
            out[t("sens_col_sigma", lang, where=where)] = [
                format_number(float(v), lang, 1) for v in part["sigma"]
            ]
    return out


def download_table(res: SensitivityResults, lang: str) -> pd.DataFrame:
    """The table with numbers kept as numbers, plus the parameter label and unit (for CSV).

    Parameters
    ----------
    res : SensitivityResults
        The analysis.
    lang : {"lv", "en"}
        Language of the labels and units.

    Returns
    -------
    pandas.DataFrame
        The result table of the method with ``label`` and ``unit`` after ``parameter``.
    """
    out = res.table.copy()
    out.insert(2, "label", [parameter_label(str(p), lang) for p in out["parameter"]])
    out.insert(3, "unit", [parameter_unit(str(p), lang) for p in out["parameter"]])
    return out

"""Cost-effectiveness of levers: horizontal bars of EUR per FTE of gap closed, cheapest on top."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ikm_sim.charts._base import finish, label
from ikm_sim.locale.formatting import school_year_label
from ikm_sim.locale.i18n import t

#: Bar colour (Okabe-Ito blue).
BAR_COLOUR = "#0072B2"
#: EUR per thousand, the axis unit.
THOUSAND = 1e3


def lever_ranking_data(
    ranking: pd.DataFrame, year: int, lever_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The ranked levers with a price per FTE closed, cumulative to `year`, cheapest first.

    Parameters
    ----------
    ranking : pandas.DataFrame
        `ikm_sim.compare.lever_ranking` (constant 2025 EUR).
    year : int
        The year summed to (``to_year``).
    lever_names : mapping, optional
        Display names by lever.

    Returns
    -------
    pandas.DataFrame
        ``rank, lever, lever_name, scenarios, eur_k_per_fte, cum_extra_cost_eur,
        cum_gap_closed_fte_years`` of the levers with a ratio (a lever that saves money or
        closes nothing has none and is left out of the bars).
    """
    rows = ranking[(ranking["to_year"] == year) & ranking["eur_per_fte_closed"].notna()]
    rows = rows.sort_values("rank", kind="stable")
    return pd.DataFrame(
        {
            "rank": rows["rank"].astype(int).to_numpy(),
            "lever": rows["lever"].to_numpy(),
            "lever_name": [label(str(c), lever_names) for c in rows["lever"]],
            "scenarios": rows["scenarios"].to_numpy(),
            "eur_k_per_fte": rows["eur_per_fte_closed"].to_numpy(dtype=float) / THOUSAND,
            "cum_extra_cost_eur": rows["cum_extra_cost_eur"].to_numpy(dtype=float),
            "cum_gap_closed_fte_years": rows["cum_gap_closed_fte_years"].to_numpy(dtype=float),
        }
    )


def lever_ranking_chart(
    data: pd.DataFrame, lang: str, year: int, first: int, scenario: str | None = None
) -> alt.Chart:
    """Bars of EUR per FTE of gap closed (thousand EUR, constant 2025 prices), by lever.

    Parameters
    ----------
    data : pandas.DataFrame
        `lever_ranking_data` output.
    lang : {"lv", "en"}
        Language.
    year : int
        The year summed to.
    first : int
        The first year summed.
    scenario : str, optional
        What the levers are measured against, for the subtitle.

    Returns
    -------
    alt.Chart
    """
    order = list(data["lever_name"])
    per_fte = t("costrank_axis", lang)
    chart = (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            y=alt.Y("lever_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=280)),
            x=alt.X("eur_k_per_fte:Q", title=per_fte),
            tooltip=[
                alt.Tooltip("rank:Q", title=t("col_rank", lang)),
                alt.Tooltip("lever_name:N", title=t("col_lever", lang)),
                alt.Tooltip("scenarios:N", title=t("col_scenarios", lang)),
                alt.Tooltip("eur_k_per_fte:Q", title=per_fte, format=",.1f"),
                alt.Tooltip(
                    "cum_gap_closed_fte_years:Q",
                    title=t("col_cum_gap_closed_fte_years", lang),
                    format=",.0f",
                ),
            ],
        )
    )
    span = f"{school_year_label(first, lang)}–{school_year_label(year, lang)}"
    return finish(
        chart,
        lang,
        t("costrank_chart_title", lang, span=span),
        t("costrank_chart_subtitle", lang),
        scenario,
        height=max(160, 30 * len(data)),
    )

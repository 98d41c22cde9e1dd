"""The Funding page's cost-effectiveness ranking of the levers the shipped what-ifs move.

Each lever the shipped scenarios move is switched alone in the shipped baseline
(`ikm_sim.compare.lever_switches`) and run through the app's cached runner (so a second
visit, or another session of the same server, reads the runs from the cache); the ranking is
`ikm_sim.compare.lever_ranking` in constant 2025 EUR, cumulative to 2030, 2035 and the
horizon. The runs start only on a button press (one model run per lever).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ikm_sim.charts.costs import lever_ranking_chart, lever_ranking_data
from ikm_sim.compare import lever_ranking, lever_switches, national_outcome
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.errors import IkmSimError
from ikm_sim.export_columns import column_label
from ikm_sim.locale.formatting import format_number, format_quantity, school_year_label
from ikm_sim.locale.i18n import lever_label, t
from ikm_sim.ui.cost_cards import BASELINE_FILE, baseline_run
from ikm_sim.ui.state import (
    _load_scenario,
    dataset_or_none,
    run_with_status,
    scenario_files,
    scenario_object_key,
    scenario_title,
)
from ikm_sim.ui.widgets import chart_with_downloads, table_downloads

#: Session key: the ranking was asked for in this session.
ASKED_KEY = "fund_rank_asked"
#: Segmented control of the year summed to.
YEAR_KEY = "fund_rank_year"
#: Columns of the table shown and downloaded, in order.
SHOWN_COLUMNS = (
    "to_year",
    "rank",
    "lever",
    "lever_name",
    "scenarios",
    "cum_extra_cost_eur",
    "cum_gap_closed_fte_years",
    "eur_per_fte_closed",
    "verdict",
)


def _what_ifs() -> list[Any]:
    """The shipped what-if scenarios that load (a broken file is left out)."""
    out = []
    for path in scenario_files():
        if path.stem == BASELINE_FILE.stem:
            continue
        try:
            out.append(_load_scenario(path))
        except (IkmSimError, AttributeError, TypeError, ValueError):
            continue
    return out


def _ranking(lang: str) -> pd.DataFrame | None:
    """Run the baseline and every lever alone (cached runs); rank them. None when one fails."""
    ds = dataset_or_none()
    base_sc = _load_scenario(BASELINE_FILE)
    base = baseline_run(lang)
    if ds is None or base is None:
        return None
    titles = {str(w.name): str(getattr(w, f"title_{lang}", w.name)) for w in _what_ifs()}
    alone = {}
    for switch in lever_switches(base_sc, _what_ifs()):
        name = lever_label(switch.lever, lang)
        res = run_with_status(
            scenario_object_key(switch.scenario), None, switch.scenario, name, lang, None
        )
        if res is None:
            return None
        shown = ", ".join(titles.get(s, s) for s in switch.scenarios)
        alone[(switch.lever, shown)] = national_outcome(res.supply_demand, res.funding)
    return lever_ranking(national_outcome(base.supply_demand, base.funding), alone, ds.funding)


def _table(ranking: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranking with lever names and a note where a lever has no price per FTE."""
    saves = ranking["cum_extra_cost_eur"].lt(0) & ranking["rank"].notna()
    nothing = ranking["rank"].isna()
    verdict = pd.Series("", index=ranking.index)
    verdict[saves] = t("costrank_saves", lang)
    verdict[nothing] = t("costrank_nothing", lang)
    table = ranking.assign(
        lever_name=[lever_label(str(x), lang) for x in ranking["lever"]], verdict=verdict
    )
    return table[list(SHOWN_COLUMNS)]


def _shown(table: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """One year's rows as the page shows them: Latvian/English headers and numbers."""
    rows = table[table["to_year"] == year].drop(columns=["to_year", "lever"])
    out = pd.DataFrame(
        {
            column_label("rank", lang): [format_number(v, lang, 0) for v in rows["rank"]],
            t("col_lever", lang): rows["lever_name"],
            t("col_scenarios", lang): rows["scenarios"],
        }
    )
    for col, decimals in (
        ("cum_extra_cost_eur", 0),
        ("cum_gap_closed_fte_years", 0),
        ("eur_per_fte_closed", 0),
    ):
        out[column_label(col, lang)] = [format_number(v, lang, decimals) for v in rows[col]]
    out[t("col_verdict", lang)] = rows["verdict"]
    return out.reset_index(drop=True)


def _cheapest(table: pd.DataFrame, year: int, lang: str) -> None:
    """The first-ranked lever summed to `year`, with its EUR per FTE closed (or its saving)."""
    rows = table[(table["to_year"] == year) & table["rank"].notna()].sort_values("rank")
    if rows.empty:
        return
    top = rows.iloc[0]
    per_fte = top["eur_per_fte_closed"]
    note = (
        format_quantity(float(per_fte), t("costrank_per_fte_unit", lang), lang, 0)
        if pd.notna(per_fte)
        else str(top["verdict"])
    )
    st.metric(
        t("costrank_best", lang, year=school_year_label(year, lang)),
        str(top["lever_name"]),
        note,
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def ranking_section(lang: str, ctx: Any) -> None:
    """Draw the lever ranking: a button, then the chart, the table and its downloads."""
    st.subheader(t("costrank_section", lang))
    st.caption(t("costrank_intro", lang))
    if not st.session_state.get(ASKED_KEY):
        if not st.button(
            t("costrank_button", lang), key="fund_rank_button", icon=":material/leaderboard:"
        ):
            n = len(lever_switches(_load_scenario(BASELINE_FILE), _what_ifs()))
            st.caption(t("costrank_runs", lang, n=n))
            return
        st.session_state[ASKED_KEY] = True
    ranking = _ranking(lang)
    if ranking is None or ranking.empty:
        return
    table = _table(ranking, lang)
    years = sorted(int(y) for y in table["to_year"].unique())
    year = st.segmented_control(
        t("costrank_to_year", lang),
        options=years,
        default=years[0],
        format_func=lambda y: school_year_label(int(y), lang),
        key=YEAR_KEY,
    )
    year = int(year or years[0])
    _cheapest(table, year, lang)
    first = int(BASE_YEAR)  # the runs' first year, where the sums start
    data = lever_ranking_data(ranking, year, {x: lever_label(x, lang) for x in ranking["lever"]})
    chart_with_downloads(
        lever_ranking_chart(data, lang, year, first, scenario_title(BASELINE_FILE, lang)),
        "fund_rank",
        lang,
        f"sviru_vertejums_{year}",
        table=data,
        context=ctx,
    )
    with st.container(key="fund_rank_view"):
        st.markdown(f"**{t('costrank_table', lang)}**")
        shown = _shown(table, year, lang)
        st.dataframe(shown, hide_index=True, width="stretch", key="fund_rank_df")
        table_downloads(table, "fund_rank_table", lang, "sviru_vertejums", ctx)

"""The school year the forecast cards show, and the cost cards beside them.

`year_choice` is the one year choice of the Overview's and the Municipality page's cards (the
same session key, kept in the URL: `ikm_sim.ui.url_state.YEAR_KEY`; default today's school year,
`ikm_sim.indicators.near_term.near_term_start`). `cost_cards` shows, for that year, the wage
bill the state target grant is for, the grant and the municipal top-up of the country or of an
area (its municipalities' own rows), in constant 2025 EUR (`ikm_sim.costs`), and, when a what-if
is chosen, its extra cost against the baseline that year and its EUR per FTE of gap closed
summed to that year: nationally the public cost (wage bill + supply cost), for an area the
change of its wage bill (the cost of teacher supply is national).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ikm_sim import costs
from ikm_sim.compare import national_outcome
from ikm_sim.indicators.aggregate import shortage_totals
from ikm_sim.indicators.near_term import near_term_start
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.ui.caches import shared
from ikm_sim.ui.state import (
    YEAR_KEY,
    Results,
    _scenario_key,
    chosen_scenario,
    dataset_or_none,
    run_with_status,
    scenario_title,
)
from ikm_sim.ui.widgets import kept_year_slider

#: The cards' money, in drawing order.
CARD_MEASURES = costs.AREA_MEASURES
#: The shipped baseline a what-if is measured against.
BASELINE_FILE = SCENARIOS_DIR / "baseline.yaml"


#: Widget key of the cards' year slider (the chosen year itself is kept in ``YEAR_KEY``).
YEAR_WIDGET_KEY = f"{YEAR_KEY}__widget"


def year_choice(years: Sequence[int], lang: str) -> int:
    """Draw the school year of the cards (default: today's school year, `near_term_start`).

    Parameters
    ----------
    years : sequence of int
        The run's school years.
    lang : {"lv", "en"}
        Language of the label and the school years.

    Returns
    -------
    int
    """
    options = [int(y) for y in years]
    # None yet, or a year (from a URL) not run: today's school year
    default = near_term_start(options)
    return kept_year_slider(
        t("cards_year", lang), options, YEAR_KEY, YEAR_WIDGET_KEY, default, lang
    )


def _outcome(res: Results, regions: Sequence[str] | None, basis_of: pd.DataFrame) -> pd.DataFrame:
    """Per year: the area's gap, vacancies and money, the money in constant 2025 EUR."""
    if regions is None:
        out = national_outcome(res.supply_demand, res.funding)
        columns = list(costs.COST_MEASURES)
    else:
        sd = res.supply_demand[res.supply_demand["region"].astype(str).isin(set(regions))]
        gap = sd.groupby("year")[["gap_fte", "vacancies_fte"]].sum()
        gap.index = gap.index.astype(int)
        out = gap.join(shortage_totals(sd)).join(costs.area_costs(res.funding, regions))
        columns = list(costs.AREA_MEASURES)
    return costs.in_prices(out, basis_of, costs.DEFAULT_PRICE_BASIS, columns)


def baseline_run(lang: str) -> Results | None:
    """The shipped baseline's run (cached), or None when it fails or has no money.

    Parameters
    ----------
    lang : {"lv", "en"}
        Language of a failure's message.

    Returns
    -------
    Results or None
        What-ifs are measured against it (the cost cards, the lever ranking).
    """
    res = run_with_status(
        _scenario_key(BASELINE_FILE),
        str(BASELINE_FILE),
        None,
        scenario_title(BASELINE_FILE, lang),
        lang,
        None,
    )
    return None if res is None or res.funding.empty else res


def _is_what_if() -> bool:
    chosen = chosen_scenario()
    return chosen is not None and chosen.key != _scenario_key(BASELINE_FILE)


def _against_baseline(
    res: Results, regions: Sequence[str] | None, year: int, lang: str, prices: pd.DataFrame
) -> tuple[float, float, float] | None:
    """The what-if's extra cost and shortage closed in `year`, EUR per FTE closed summed to it."""
    base = baseline_run(lang)
    if base is None:
        return None
    cost = "public_cost_eur" if regions is None else "wage_bill_eur"
    effect = costs.effectiveness_against(
        _outcome(base, regions, prices), _outcome(res, regions, prices), cost
    ).set_index("year")
    if year not in effect.index:
        return None
    at = effect.index.get_loc(year)
    extra = effect["extra_cost_eur"].to_numpy(dtype=float)[at]
    per_fte = effect["cum_eur_per_fte_closed"].to_numpy(dtype=float)[at]
    return float(extra), float(per_fte), float(effect["gap_closed_fte"].to_numpy(dtype=float)[at])


def cost_cards(res: Results, year: int, lang: str, regions: Sequence[str] | None = None) -> None:
    """Draw the cost of `year` beside the forecast cards (nothing when the run has no money).

    Parameters
    ----------
    res : Results
        The chosen scenario's run.
    year : int
        The cards' school year.
    lang : {"lv", "en"}
        Language.
    regions : sequence of str, optional
        ATVK codes of the area (a municipality, or a planning region's); None: the country.
    """
    ds = dataset_or_none()
    if res.funding.empty or ds is None:
        return
    money = _outcome(res, regions, ds.funding)
    if year not in money.index:
        return
    million = t("fund_unit_eur_m", lang)
    with st.container(key="cost_cards"):
        st.caption(t("costcard_caption", lang, year=school_year_label(year, lang)))
        against = _against_baseline(res, regions, year, lang, ds.funding) if _is_what_if() else None
        # the unit in the label and rows of three: five cards in a row cut the values short
        for col, code in zip(st.columns(3), CARD_MEASURES, strict=False):
            value = float(money[code].to_numpy(dtype=float)[money.index.get_loc(year)]) / 1e6
            col.metric(
                f"{t(f'costcard_{code}', lang)}, {million}",
                format_number(value, lang, 1),
                border=True,
            )
        if against is None:
            return
        extra, per_fte, closed = against
        cols = st.columns(3)
        cols[0].metric(
            f"{t('costcard_extra', lang)}, {million}",
            format_number(extra / 1e6, lang, 1),
            help=t("costcard_extra_help", lang),
            border=True,
        )
        cols[1].metric(
            t("costcard_per_fte", lang),
            format_number(per_fte, lang, 0) if pd.notna(per_fte) else format_number(None),
            help=t("costcard_per_fte_help", lang, year=school_year_label(year, lang)),
            border=True,
        )
        cols[2].metric(
            t("costcard_closed", lang),
            format_number(closed, lang, 1),
            help=t("costcard_closed_help", lang),
            border=True,
        )


def _national(res: Results) -> pd.DataFrame:
    return shared(national_outcome, res.supply_demand, res.funding)


def what_if_effectiveness(
    base: Results, edited: Results, basis: str, prices: pd.DataFrame
) -> pd.DataFrame:
    """Cost-effectiveness of a what-if against its base (`ikm_sim.costs`), by year.

    Parameters
    ----------
    base, edited : Results
        The two runs (with their ``funding`` tables).
    basis : {"nominal", "constant"}
        Prices of the money.
    prices : pandas.DataFrame
        The dataset's ``funding`` table (consumer prices).

    Returns
    -------
    pandas.DataFrame
        `ikm_sim.costs.EFFECTIVENESS_COLUMNS`, lever ``total``.
    """
    return costs.effectiveness_against(
        costs.in_prices(_national(base), prices, basis, ["public_cost_eur"]),
        costs.in_prices(_national(edited), prices, basis, ["public_cost_eur"]),
    )


def what_if_cost_kpis(effect: pd.DataFrame, lang: str) -> None:
    """Draw a what-if's money summed over its years: extra public cost, gap closed, EUR per FTE.

    Parameters
    ----------
    effect : pandas.DataFrame
        `what_if_effectiveness` of the what-if.
    lang : {"lv", "en"}
        Language.
    """
    last = effect.iloc[-1]
    # two rows of two: four in a row cut "Papildu publiskās izmaksas, milj. EUR" short
    cols = [col for _ in range(2) for col in st.columns(2)]
    values = (
        ("fund_kpi_extra_cost", last["cum_extra_cost_eur"] / 1e6, 1, t("fund_unit_eur_m", lang)),
        ("fund_kpi_closed", last["cum_gap_closed_fte_years"], 0, t("fund_unit_fte_years", lang)),
        ("fund_kpi_per_fte", last["cum_eur_per_fte_closed"], 0, "EUR"),
        ("fund_kpi_per_vacancy", last["cum_eur_per_vacancy_avoided"], 0, "EUR"),
    )
    for col, (key, value, decimals, unit) in zip(cols, values, strict=True):
        col.metric(f"{t(key, lang)}, {unit}", format_number(value, lang, decimals), border=True)

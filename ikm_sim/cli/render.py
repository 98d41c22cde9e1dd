"""Console tables of the ``ikm-sim`` commands (rich), kept out of the command modules."""

from __future__ import annotations

from typing import Any


def _school_year(year: Any) -> str:
    return f"{int(year)}/{(int(year) + 1) % 100:02d}"


def _every_fifth(table: Any) -> Any:
    return table[(table["year"] % 5 == 0) | (table["year"] == table["year"].min())]


def national_summary(table: object, title: str) -> object:
    """A rich table of the national totals every five years."""
    import pandas as pd
    from rich.table import Table

    assert isinstance(table, pd.DataFrame)
    shown = _every_fifth(table)
    out = Table(title=f"National summary: {title}")
    columns = {
        "year": "year",
        "pupils": "pupils",
        "demand_fte": "demand FTE",
        "supply_fte": "supply FTE",
        "vacancies_fte": "vacancies FTE",
        "teachers": "teachers",
        "entrants_needed": "entrants needed",
        "share_60plus": "60+ share",
    }
    for label in columns.values():
        out.add_column(label, justify="right")
    for row in shown.itertuples(index=False):
        cells = []
        for col in columns:
            value = getattr(row, col)
            if col == "year":
                cells.append(_school_year(value))
            elif col == "share_60plus":
                cells.append(f"{value:.1%}")
            else:
                cells.append(f"{value:,.0f}")
        out.add_row(*cells)
    return out


def comparison_tables(result: Any) -> list[object]:
    """Rich tables of a comparison: the national gap every five years, the levers' effects."""
    from rich.table import Table

    shown = _every_fifth(result.national)
    table = Table(
        title=f"National gap (demand - supply FTE): {result.a.scenario_name} -> "
        f"{result.b.scenario_name}"
    )
    for label in ("year", "gap A", "gap B", "B - A", "vacancies B - A"):
        table.add_column(label, justify="right")
    for row in shown.itertuples(index=False):
        table.add_row(
            _school_year(row.year),
            f"{row.gap_fte_a:,.0f}",
            f"{row.gap_fte_b:,.0f}",
            f"{row.gap_fte_diff:+,.0f}",
            f"{row.vacancies_fte_diff:+,.0f}",
        )
    tables: list[object] = [table]
    lv = result.levers
    if len(lv):
        last = lv[lv["year"] == lv["year"].max()]
        levers = Table(title=f"Which levers moved the national gap by {int(lv['year'].max())}")
        levers.add_column("lever")
        levers.add_column("gap change FTE", justify="right")
        for row in last.itertuples(index=False):
            levers.add_row(str(row.lever), f"{row.gap_change_fte:+,.0f}")
        tables.append(levers)
    return tables


def gap_percentiles(national: Any) -> str:
    """The national gap's percentiles every five years, as plain text."""
    gap = national[(national["variable"] == "gap_fte") & (national["year"] % 5 == 0)]
    return str(gap[["year", "p5", "p25", "p50", "p75", "p95"]].round(0).to_string(index=False))


def _millions(value: Any, lang: str, signed: bool = False) -> str:
    from ikm_sim.locale.formatting import format_number

    return format_number(float(value) / 1e6, lang, 1, signed=signed)


def cost_tables(result: Any, lang: str = "en") -> list[object]:
    """Rich tables of a comparison's money: the cost every five years, EUR per FTE closed."""
    from rich.table import Table

    from ikm_sim.locale.formatting import format_number, school_year_label
    from ikm_sim.locale.i18n import t

    costs = _every_fifth(result.costs)
    table = Table(
        title=t("cost_title", lang, a=result.a.scenario_name, b=result.b.scenario_name),
        caption=t("cost_note", lang),
    )
    columns = {
        "public_cost_eur_a": "cost_public_a",
        "public_cost_eur_b": "cost_public_b",
        "public_cost_eur_diff": "cost_public_diff",
        "wage_bill_eur_diff": "cost_wage_bill_diff",
        "top_up_eur_diff": "cost_top_up_diff",
        "supply_cost_eur_diff": "cost_supply_diff",
    }
    table.add_column(t("cost_year", lang), justify="right")
    for key in columns.values():
        table.add_column(t(key, lang), justify="right")
    for row in costs.itertuples(index=False):
        cells = [school_year_label(row.year, lang)]
        for col in columns:
            cells.append(_millions(getattr(row, col), lang, signed=col.endswith("_diff")))
        table.add_row(*cells)
    first = int(result.cost_effectiveness["year"].min()) if len(result.costs) else 0
    effect = Table(
        title=t("cost_effect_title", lang, first=school_year_label(first, lang)),
        caption=t("cost_effect_note", lang),
    )
    for key in ("cost_lever", "cost_to_year", "cost_extra", "cost_gap_closed", "cost_per_fte"):
        effect.add_column(t(key, lang), justify="left" if key == "cost_lever" else "right")
    effect.add_column(t("cost_vacancies_avoided", lang), justify="right")
    effect.add_column(t("cost_per_vacancy", lang), justify="right")
    for row in result.cost_summary.itertuples(index=False):
        effect.add_row(
            t("cost_lever_total", lang) if row.lever == "total" else str(row.lever),
            school_year_label(row.to_year, lang),
            _millions(row.cum_extra_cost_eur, lang, signed=True),
            format_number(row.cum_gap_closed_fte_years, lang, 0, signed=True),
            format_number(row.eur_per_fte_closed / 1e3, lang, 0),
            format_number(row.cum_vacancies_avoided_fte_years, lang, 0, signed=True),
            format_number(row.eur_per_vacancy_avoided / 1e3, lang, 0),
        )
    return [table, effect]

"""Compare two scenarios: differences by year, region and subject, and which levers moved the gap.

`compare` runs scenario A and scenario B on the same data and parameters. The lever breakdown
then runs A once more per lever that differs, with only that lever switched to B's setting, and
reports how far each moved the national gap (demand minus supply FTE, summed over
municipalities and subjects), the unfilled vacancies and the national money (`ikm_sim.costs`).
What the single switches do not add up to is reported as the interaction of the levers (row
``interaction``), so that B - A = the sum of the single switches + interaction, for the gap
and for every cost alike. Per lever and for B as a whole, the extra public cost is set against
the gap closed and the vacancies avoided (EUR per FTE closed, `ikm_sim.costs`).

`rank_levers` ranks every lever a set of what-ifs moves, each alone against the base, by EUR per
FTE of gap closed (constant 2025 EUR, cumulative to 2030, 2035 and the horizon): the
cost-effectiveness ranking of the Funding page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ikm_sim.atomic import replaced_directory
from ikm_sim.costs import (
    COST_MEASURES,
    EFFECTIVENESS_COLUMNS,
    MIN_CLOSED_FTE,
    SUMMARY_COLUMNS,
    SUMMARY_YEARS,
    cost_effectiveness,
    cost_summary,
    in_prices,
    national_costs,
)
from ikm_sim.indicators.aggregate import SHORTAGE, shortage_totals, side_by_side, yearly_totals
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.settings import FINAL_YEAR

if TYPE_CHECKING:
    from ikm_sim.data.load import Dataset
    from ikm_sim.runner import RunResult

#: Measures compared, per year, municipality and subject.
MEASURES = ("demand_fte", "supply_fte", "gap_fte", "vacancies_fte", "teachers", "entrants_needed")

#: The tables a comparison writes, each as ``<name>.csv``.
TABLES = (
    "national",
    "by_region",
    "by_subject",
    "detail",
    "levers",
    "costs",
    "lever_costs",
    "cost_effectiveness",
    "cost_summary",
    "costs_constant",
    "cost_effectiveness_constant",
    "cost_summary_constant",
)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Comparison:
    """Results of comparing scenario A with scenario B.

    Attributes
    ----------
    a, b : RunResult
        The two runs.
    national : pandas.DataFrame
        Per year: each measure in A, in B and B - A (columns ``<measure>_a``, ``_b``, ``_diff``).
    by_region : pandas.DataFrame
        The same per year and planning region.
    by_subject : pandas.DataFrame
        The same per year and subject.
    detail : pandas.DataFrame
        The same per year, municipality and subject.
    levers : pandas.DataFrame
        Per lever that differs and year: the change of the national gap and vacancies when
        only that lever is switched from A to B (``gap_change_fte``, ``vacancies_change_fte``),
        plus rows ``total`` (B - A) and ``interaction`` (total - sum of the single switches).
    costs : pandas.DataFrame
        Per year: each national cost measure (`ikm_sim.costs.COST_MEASURES`) in A, in B and
        B - A (columns ``<measure>_a``, ``_b``, ``_diff``).
    lever_costs : pandas.DataFrame
        The breakdown of `levers` for the money: per lever (and ``total``, ``interaction``)
        and year, ``<measure>_change`` for each cost measure (e.g. ``wage_bill_eur_change``).
    cost_effectiveness : pandas.DataFrame
        Per lever alone and ``total`` (B against A) and year: extra public cost, gap closed,
        vacancies avoided, EUR per FTE closed and per vacancy avoided, by year and cumulative
        (`ikm_sim.costs.cost_effectiveness`).
    cost_summary : pandas.DataFrame
        The cumulative ratios to 2030, 2035 and the horizon (`ikm_sim.costs.cost_summary`).
    costs_constant, cost_effectiveness_constant, cost_summary_constant : pandas.DataFrame
        `costs`, `cost_effectiveness` and `cost_summary` in constant 2025 EUR
        (`ikm_sim.costs.constant_price_factor`); the others are nominal EUR.
    meta : dict
        The two scenarios and the levers that differ.
    """

    a: RunResult
    b: RunResult
    national: pd.DataFrame
    by_region: pd.DataFrame
    by_subject: pd.DataFrame
    detail: pd.DataFrame
    levers: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)
    lever_costs: pd.DataFrame = field(default_factory=pd.DataFrame)
    cost_effectiveness: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(EFFECTIVENESS_COLUMNS))
    )
    cost_summary: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    )
    costs_constant: pd.DataFrame = field(default_factory=pd.DataFrame)
    cost_effectiveness_constant: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(EFFECTIVENESS_COLUMNS))
    )
    cost_summary_constant: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    )

    def write(self, out_dir: Path) -> None:
        """Write the comparison tables and ``compare.json`` to `out_dir`, atomically.

        Parameters
        ----------
        out_dir : pathlib.Path
            Target directory; replaced only once every file is complete.
        """
        with replaced_directory(Path(out_dir)) as tmp:
            for name in TABLES:
                getattr(self, name).round(4).to_csv(tmp / f"{name}.csv", index=False)
            (tmp / "compare.json").write_text(
                json.dumps(self.meta, indent=2, ensure_ascii=False), encoding="utf-8"
            )


def _scenario(value: Scenario | str | Path, data: Any) -> Scenario:
    return value if isinstance(value, Scenario) else load_scenario(value, data)


def differing_levers(a: Scenario, b: Scenario) -> list[str]:
    """Names of the levers whose settings differ between two (resolved) scenarios.

    Parameters
    ----------
    a, b : Scenario
        Scenarios with their ``extends`` chains resolved.

    Returns
    -------
    list of str
    """
    da = a.levers.model_dump(mode="json", by_alias=True)
    db = b.levers.model_dump(mode="json", by_alias=True)
    return [name for name in da if da[name] != db[name]]


def difference_tables(
    a: pd.DataFrame, b: pd.DataFrame, planning_region: pd.Series | dict[str, str]
) -> dict[str, pd.DataFrame]:
    """Side-by-side tables of two runs' ``supply_demand`` results.

    Parameters
    ----------
    a, b : pandas.DataFrame
        ``supply_demand`` tables (columns of `ikm_sim.results_schema.SUPPLY_DEMAND_COLUMNS`).
    planning_region : pandas.Series or dict
        Municipality (ATVK) -> planning region.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``national`` (per year), ``by_region`` (year, planning region), ``by_subject`` (year,
        subject) and ``detail`` (year, municipality, subject); each with ``<measure>_a``,
        ``<measure>_b`` and ``<measure>_diff`` columns.
    """
    regions = pd.Series(planning_region)
    da = a.assign(planning_region=a["region"].map(regions))
    db = b.assign(planning_region=b["region"].map(regions))
    return {
        "national": side_by_side(da, db, ["year"], MEASURES),
        "by_region": side_by_side(da, db, ["year", "planning_region"], MEASURES),
        "by_subject": side_by_side(da, db, ["year", "subject"], MEASURES),
        "detail": side_by_side(da, db, ["year", "region", "subject"], MEASURES),
    }


def national_outcome(supply_demand: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """Per year: the national gap, vacancies and cost measures of a run.

    Parameters
    ----------
    supply_demand, funding : pandas.DataFrame
        A run's ``supply_demand`` and ``funding`` tables.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``gap_fte``, ``vacancies_fte``, ``shortage_fte``
        (`ikm_sim.indicators.aggregate.SHORTAGE`) and `ikm_sim.costs.COST_MEASURES`.
    """
    sd = yearly_totals(supply_demand, ["gap_fte", "vacancies_fte"])
    sd.index = sd.index.astype(int)
    return sd.join(shortage_totals(supply_demand)).join(national_costs(funding))


def _national(result: RunResult) -> pd.DataFrame:
    """Per year: the national gap, vacancies and cost measures of a run."""
    return national_outcome(result.supply_demand, result.funding)


def _breakdown(base: pd.DataFrame, alone: dict[str, pd.DataFrame], b: pd.DataFrame) -> pd.DataFrame:
    """Per lever (alone - base), ``total`` (b - base) and ``interaction`` (total - the levers)."""
    rows = [(r - base).assign(lever=lever) for lever, r in alone.items()]
    total = b - base
    frames = [*rows, total.assign(lever="total")]
    if rows:
        summed = sum((r.drop(columns="lever") for r in rows), start=base * 0.0)
        frames.append((total - summed).assign(lever="interaction"))
    return pd.concat(frames).rename_axis("year").reset_index()


def _cost_tables(changes: pd.DataFrame, na: pd.DataFrame, nb: pd.DataFrame) -> dict[str, Any]:
    """The money tables of a comparison from the breakdown and the two runs' national values."""
    costs = pd.DataFrame(index=na.index.union(nb.index).rename("year"))
    for m in COST_MEASURES:
        costs[f"{m}_a"] = na[m]
        costs[f"{m}_b"] = nb[m]
        costs[f"{m}_diff"] = costs[f"{m}_b"] - costs[f"{m}_a"]
    lever_costs = changes[["lever", "year", *COST_MEASURES]].rename(
        columns={m: f"{m}_change" for m in COST_MEASURES}
    )
    # the gap closed is the shortage closed: a growing surplus elsewhere closes nothing
    effect = cost_effectiveness(
        changes[changes["lever"] != "interaction"]
        .drop(columns="gap_fte")
        .rename(
            columns={
                SHORTAGE: "gap_change_fte",
                "vacancies_fte": "vacancies_change_fte",
                "public_cost_eur": "public_cost_change_eur",
            }
        )
    )
    return {
        "costs": costs.reset_index(),
        "lever_costs": lever_costs.reset_index(drop=True),
        "cost_effectiveness": effect,
        "cost_summary": cost_summary(effect),
    }


def _money_tables(
    changes: pd.DataFrame, na: pd.DataFrame, nb: pd.DataFrame, prices: pd.DataFrame
) -> dict[str, Any]:
    """`_cost_tables` in nominal EUR and in constant 2025 EUR (``<name>_constant``)."""
    c = list(COST_MEASURES)
    constant = _cost_tables(
        in_prices(changes, prices, "constant", c),
        in_prices(na, prices, "constant", c),
        in_prices(nb, prices, "constant", c),
    )
    names = ("costs", "cost_effectiveness", "cost_summary")
    return _cost_tables(changes, na, nb) | {f"{n}_constant": constant[n] for n in names}


def _switched(a: Scenario, b: Scenario, lever: str) -> Scenario:
    """Scenario `a` with only `lever` set as in `b` (named ``<a>+<lever>``)."""
    return a.model_copy(
        update={
            "name": f"{a.name}+{lever}",
            "levers": a.levers.model_copy(update={lever: b.levers.setting(lever)}),
        }
    )


def _meta(
    sa: Scenario, sb: Scenario, moved: list[str], ra: RunResult, rb: RunResult
) -> dict[str, Any]:
    """What ``compare.json`` records: both scenarios, the levers that differ, both runs' meta."""
    return {
        "a": sa.model_dump(mode="json", by_alias=True),
        "b": sb.model_dump(mode="json", by_alias=True),
        "levers_moved": moved,
        "runs": {"a": ra.meta, "b": rb.meta},
    }


def compare(
    a: Scenario | str | Path,
    b: Scenario | str | Path,
    data: Dataset | Path | None = None,
    progress: Progress | None = None,
    final_year: int = FINAL_YEAR,
    breakdown: bool = True,
    **run_options: Any,
) -> Comparison:
    """Run two scenarios and compare them, with a lever-by-lever breakdown of the gap and cost.

    Parameters
    ----------
    a, b : Scenario, str or pathlib.Path
        The reference scenario and the alternative (objects, files or shipped names).
    data : Dataset or pathlib.Path, optional
        Dataset for all runs. Default: the embedded dataset.
    progress : callable, optional
        Called as ``progress(fraction, message)``.
    final_year : int, optional
        Last school year simulated. Default `ikm_sim.settings.FINAL_YEAR`.
    breakdown : bool, optional
        Run the one-lever-at-a-time breakdown (one extra run per differing lever). Default True.
    **run_options
        Passed to `ikm_sim.runner.run` (e.g. ``parameters``, ``engine``).

    Returns
    -------
    Comparison
    """
    from ikm_sim.data.load import Dataset, load_data
    from ikm_sim.runner import run

    report = progress or (lambda fraction, message: None)
    ds = data if isinstance(data, Dataset) else load_data(data)
    sa, sb = _scenario(a, ds), _scenario(b, ds)
    moved = differing_levers(sa, sb) if breakdown else []
    total_runs = 2 + len(moved)

    def step(i: int, message: str) -> Progress:
        return lambda f, m: report((i + f) / total_runs, f"{message}: {m}")

    ra = run(sa, data=ds, final_year=final_year, progress=step(0, sa.name), **run_options)
    rb = run(sb, data=ds, final_year=final_year, progress=step(1, sb.name), **run_options)

    na, nb = _national(ra), _national(rb)
    alone = {}
    for i, lever in enumerate(moved):
        r = run(
            _switched(sa, sb, lever),
            data=ds,
            final_year=final_year,
            progress=step(2 + i, lever),
            **run_options,
        )
        alone[lever] = _national(r)
    changes = _breakdown(na, alone, nb)
    levers = changes.rename(
        columns={"gap_fte": "gap_change_fte", "vacancies_fte": "vacancies_change_fte"}
    )[["lever", "year", "gap_change_fte", "vacancies_change_fte"]]  # the net gap, by lever
    report(1.0, "done")
    return Comparison(
        a=ra,
        b=rb,
        **difference_tables(
            ra.supply_demand,
            rb.supply_demand,
            ds.municipalities.set_index("atvk")["planning_region"],
        ),
        levers=levers,
        **_money_tables(changes, na, nb, ds.funding),
        meta=_meta(sa, sb, moved, ra, rb),
    )


#: Levers that state an assumption about the world (births, migration), not a policy a planner
#: pulls: a lower birth rate "closes the gap" for free, so they are not ranked.
ASSUMPTIONS = ("births_variant", "net_migration")
#: Columns of the lever ranking (`lever_ranking`).
RANKING_COLUMNS = (
    "lever",
    "scenarios",
    "to_year",
    "cum_extra_cost_eur",
    "cum_gap_closed_fte_years",
    "eur_per_fte_closed",
    "eur_per_vacancy_avoided",
    "rank",
)


@dataclass(frozen=True)
class LeverSwitch:
    """One lever of a what-if, switched alone in the base scenario.

    Attributes
    ----------
    lever : str
        The lever's name (`ikm_sim.scenario.registry`).
    scenarios : tuple of str
        The what-ifs that set it so (one switch for the same setting in several).
    scenario : Scenario
        The base with only this lever set as in those what-ifs.
    """

    lever: str
    scenarios: tuple[str, ...]
    scenario: Scenario


def lever_switches(base: Scenario, what_ifs: Iterable[Scenario]) -> list[LeverSwitch]:
    """Every lever the what-ifs move, each setting once, switched alone in `base`.

    Parameters
    ----------
    base : Scenario
        The reference (e.g. the baseline).
    what_ifs : iterable of Scenario
        The what-if scenarios (their ``extends`` resolved).

    Returns
    -------
    list of LeverSwitch
        In the order the what-ifs and their levers come; a lever two what-ifs set alike is
        one switch naming both. `ASSUMPTIONS` are left out.
    """
    found: dict[tuple[str, str], tuple[list[str], Scenario]] = {}
    for what_if in what_ifs:
        for lever in (x for x in differing_levers(base, what_if) if x not in ASSUMPTIONS):
            setting = json.dumps(
                what_if.levers.model_dump(mode="json", by_alias=True)[lever], sort_keys=True
            )
            entry = found.setdefault((lever, setting), ([], _switched(base, what_if, lever)))
            entry[0].append(str(what_if.name))
    return [LeverSwitch(lever, tuple(n), sc) for (lever, _), (n, sc) in found.items()]


def lever_ranking(
    base: pd.DataFrame,
    alone: Mapping[tuple[str, str], pd.DataFrame],
    prices: pd.DataFrame,
    years: Iterable[int] = SUMMARY_YEARS,
) -> pd.DataFrame:
    """Levers ranked by EUR per FTE of gap closed, cumulative to each of `years`.

    Parameters
    ----------
    base : pandas.DataFrame
        The base run's `national_outcome`.
    alone : mapping
        ``(lever, scenarios)`` -> the `national_outcome` of the base with that lever alone
        switched (`lever_switches`; ``scenarios`` as one text).
    prices : pandas.DataFrame
        The dataset's ``funding`` table: the money is in constant 2025 EUR.
    years : iterable of int, optional
        Years summed to (default 2030, 2035 and the horizon; those within the run).

    Returns
    -------
    pandas.DataFrame
        `RANKING_COLUMNS`, per year summed to: ``rank`` 1 is the cheapest FTE closed; a lever
        that closes the gap and saves money comes first, one that closes less than
        `ikm_sim.costs.MIN_CLOSED_FTE` FTE-years last (rank NaN). Sorted by year, then rank.
    """
    frames = []
    for (lever, scenarios), outcome in alone.items():
        diff = in_prices(outcome - base, prices, "constant", list(COST_MEASURES))
        changes = pd.DataFrame(
            {
                "lever": lever,
                "year": diff.index.astype(int),
                "gap_change_fte": diff[SHORTAGE].to_numpy(),
                "vacancies_change_fte": diff["vacancies_fte"].to_numpy(),
                "public_cost_change_eur": diff["public_cost_eur"].to_numpy(),
            }
        )
        frames.append(cost_summary(cost_effectiveness(changes), years).assign(scenarios=scenarios))
    if not frames:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    closed = table["cum_gap_closed_fte_years"] >= MIN_CLOSED_FTE
    saves = closed & (table["cum_extra_cost_eur"] < 0)
    # saving money while closing the gap beats any price; then the cheapest FTE closed
    table["_key"] = table["eur_per_fte_closed"].where(~saves, table["cum_extra_cost_eur"] - 1e18)
    table["rank"] = table.groupby("to_year")["_key"].rank(method="min")
    table = table.sort_values(["to_year", "rank", "lever"], na_position="last", kind="stable")
    return table[list(RANKING_COLUMNS)].reset_index(drop=True)


def rank_levers(
    base: Scenario | str | Path,
    what_ifs: Iterable[Scenario | str | Path],
    data: Dataset | Path | None = None,
    final_year: int = FINAL_YEAR,
    **run_options: Any,
) -> pd.DataFrame:
    """Run the base and each lever of the what-ifs alone; rank them (`lever_ranking`).

    Parameters
    ----------
    base : Scenario, str or pathlib.Path
        The reference scenario.
    what_ifs : iterable of Scenario, str or pathlib.Path
        The what-ifs whose levers are ranked.
    data : Dataset or pathlib.Path, optional
        Dataset for all runs. Default: the embedded dataset.
    final_year : int, optional
        Last school year simulated.
    **run_options
        Passed to `ikm_sim.runner.run`.

    Returns
    -------
    pandas.DataFrame
        `RANKING_COLUMNS`.
    """
    from ikm_sim.data.load import Dataset, load_data
    from ikm_sim.runner import run

    ds = data if isinstance(data, Dataset) else load_data(data)
    sa = _scenario(base, ds)

    def outcome(sc: Scenario) -> pd.DataFrame:
        return _national(run(sc, data=ds, final_year=final_year, **run_options))

    switches = lever_switches(sa, [_scenario(w, ds) for w in what_ifs])
    alone = {(s.lever, ", ".join(s.scenarios)): outcome(s.scenario) for s in switches}
    return lever_ranking(outcome(sa), alone, ds.funding)

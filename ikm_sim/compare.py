"""Compare two scenarios: differences by year, region and subject, and which levers moved the gap.

`compare` runs scenario A and scenario B on the same data and parameters. The lever breakdown
then runs A once more per lever that differs, with only that lever switched to B's setting, and
reports how far each moved the national gap (demand minus supply FTE, summed over
municipalities and subjects) and the unfilled vacancies. What the single switches do not add up
to is reported as the interaction of the levers (row ``interaction``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ikm_sim.atomic import replaced_directory
from ikm_sim.scenario import Scenario, load_scenario
from ikm_sim.settings import FINAL_YEAR

if TYPE_CHECKING:
    from ikm_sim.data.load import Dataset
    from ikm_sim.runner import RunResult

#: Measures compared, per year, municipality and subject.
MEASURES = ("demand_fte", "supply_fte", "gap_fte", "vacancies_fte", "teachers", "entrants_needed")

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

    def write(self, out_dir: Path) -> None:
        """Write the comparison tables and ``compare.json`` to `out_dir`, atomically.

        Parameters
        ----------
        out_dir : pathlib.Path
            Target directory; replaced only once every file is complete.
        """
        with replaced_directory(Path(out_dir)) as tmp:
            for name in ("national", "by_region", "by_subject", "detail", "levers"):
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


def _side_by_side(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    ga = a.groupby(keys)[list(MEASURES)].sum()
    gb = b.groupby(keys)[list(MEASURES)].sum()
    out = pd.DataFrame(index=ga.index.union(gb.index))
    for m in MEASURES:
        out[f"{m}_a"] = ga[m]
        out[f"{m}_b"] = gb[m]
        out[f"{m}_diff"] = out[f"{m}_b"] - out[f"{m}_a"]
    return out.reset_index()


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
        "national": _side_by_side(da, db, ["year"]),
        "by_region": _side_by_side(da, db, ["year", "planning_region"]),
        "by_subject": _side_by_side(da, db, ["year", "subject"]),
        "detail": _side_by_side(da, db, ["year", "region", "subject"]),
    }


def _national_gap(result: RunResult) -> pd.DataFrame:
    sd = result.supply_demand
    return sd.groupby("year")[["gap_fte", "vacancies_fte"]].sum()


def compare(
    a: Scenario | str | Path,
    b: Scenario | str | Path,
    data: Dataset | Path | None = None,
    progress: Progress | None = None,
    final_year: int = FINAL_YEAR,
    breakdown: bool = True,
    **run_options: Any,
) -> Comparison:
    """Run two scenarios and compare them, with a lever-by-lever breakdown of the gap.

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
        Passed to `ikm_sim.runner.run` (e.g. ``parameters``).

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

    gap_a, gap_b = _national_gap(ra), _national_gap(rb)
    rows = []
    for i, lever in enumerate(moved):
        switched = sa.model_copy(
            update={
                "name": f"{sa.name}+{lever}",
                "levers": sa.levers.model_copy(update={lever: sb.levers.setting(lever)}),
            }
        )
        r = run(
            switched, data=ds, final_year=final_year, progress=step(2 + i, lever), **run_options
        )
        delta = _national_gap(r) - gap_a
        rows.append(delta.assign(lever=lever))
    total = (gap_b - gap_a).assign(lever="total")
    frames = [*rows, total]
    if rows:
        summed = sum((r[["gap_fte", "vacancies_fte"]] for r in rows), start=gap_a * 0.0)
        frames.append(((gap_b - gap_a) - summed).assign(lever="interaction"))
    levers = (
        pd.concat(frames)
        .reset_index()
        .rename(columns={"gap_fte": "gap_change_fte", "vacancies_fte": "vacancies_change_fte"})
    )[["lever", "year", "gap_change_fte", "vacancies_change_fte"]]
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
        meta={
            "a": sa.model_dump(mode="json", by_alias=True),
            "b": sb.model_dump(mode="json", by_alias=True),
            "levers_moved": moved,
            "runs": {"a": ra.meta, "b": rb.meta},
        },
    )

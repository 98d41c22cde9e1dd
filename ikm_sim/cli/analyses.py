"""``ikm-sim uncertainty`` and ``ikm-sim sensitivity``: ensembles of model runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ikm_sim.cli._apps import app
from ikm_sim.cli._common import (
    ClusterFallbackOption,
    ClusterOption,
    CoresOption,
    DataOption,
    EngineOption,
    FinalYearOption,
    LangOption,
    ScenarioArgument,
    SeedOption,
    at_least,
    blocked_by,
    check_file_target,
    check_final_year,
    cluster_client,
    console,
    esc,
    fail,
    one_of,
    sample_progress,
    scenario_text,
)
from ikm_sim.settings import DEFAULT_SEED, FINAL_YEAR, SENSITIVITY_METHODS

#: ``uncertainty --against BASE``: the paired cost comparison (`ikm_sim.uncertainty.money`).
AgainstOption = Annotated[
    Path | None,
    typer.Option(
        help="Also run this base scenario on the same samples; write the percentiles of "
        "the extra cost and EUR per FTE closed (cost_compare.csv, cost_compare_summary.csv)."
    ),
]


@app.command("uncertainty")
def uncertainty_command(
    scenario: ScenarioArgument,
    out: Annotated[Path, typer.Option(help="Directory for percentiles and probabilities.")],
    n: Annotated[int, typer.Option("-n", help="Number of samples.", callback=at_least(1))] = 200,
    seed: SeedOption = DEFAULT_SEED,
    band: Annotated[float, typer.Option(help="Relative half-width of prior bands.")] = 0.2,
    migration_sd: Annotated[float, typer.Option(help="SD of extra net migration, 1/year.")] = 0.002,
    births: Annotated[bool, typer.Option(help="Sample the birth variant.")] = True,
    data: DataOption = None,
    final_year: FinalYearOption = FINAL_YEAR,
    workers: CoresOption = None,
    charts: Annotated[
        bool,
        typer.Option(help="Write fan charts fan_gap/fan_demand/fan_supply (.png, .svg) to OUT."),
    ] = True,
    pack: Annotated[
        Path | None,
        typer.Option(help="Also write the export pack (ZIP: charts, tables, note) to this file."),
    ] = None,
    lang: LangOption = "lv",
    engine: EngineOption = None,
    cluster: ClusterOption = None,
    cluster_fallback: ClusterFallbackOption = False,
    against: AgainstOption = None,
) -> None:
    """Sample uncertain parameters and inputs; write percentiles, probabilities and fan charts.

    Every file goes to a staging directory first and replaces its namesake in OUT only when
    all are written, so a failure leaves earlier results intact; the pack is written likewise.
    Above 1,000 samples the percentiles per municipality and subject are streamed (memory
    bounded; see ikm_sim.uncertainty.streamed); the national ones stay exact.
    """
    from ikm_sim.limits import check_uncertainty

    # Arguments and destinations first: before the slow imports and the (long) ensemble run.
    # (--lang, -n and --workers are checked while the command line is parsed.)
    check_final_year(final_year)
    check_uncertainty(band, migration_sd)
    _check_uncertainty_targets(out, pack)

    from ikm_sim.atomic import staged_directory, write_bytes_atomic
    from ikm_sim.cli.render import gap_percentiles
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec
    from ikm_sim.uncertainty.pack import fan_chart_files, summarise
    from ikm_sim.uncertainty.summary import write_summary

    spec = UncertaintySpec(band=band, births=births, migration_sd=migration_sd, seed=seed)
    sc, base_sc = load_scenario(scenario), load_scenario(against) if against else None
    variant = sc.levers.births_variant or "medium"
    where = (workers, cluster, cluster_fallback)
    ens, seconds = _ensemble(sc, spec, n, data, final_year, where, engine)
    meta = _ensemble_meta(sc.name, spec, data, seconds, ens.source_sizes)
    summary = summarise(ens)
    title = str(getattr(sc, f"title_{lang}", "") or sc.name)
    try:
        with staged_directory(out) as stage:
            write_summary(ens, stage, meta)
            _paired(stage, base_sc, ens, (spec, n, data, final_year, where, engine, variant))
            if charts:
                for name, content in fan_chart_files(summary.national, lang, title).items():
                    (stage / name).write_bytes(content)
            if pack is not None:
                # written last inside the staging block: a failure before it leaves the
                # earlier pack, a failure of it leaves the earlier OUT as well
                meta_pack = {**meta, "n": n, "scenario_title": title, "births_variant": variant}
                write_bytes_atomic(pack, _pack_bytes(summary, scenario, meta_pack, lang))
    except OSError as exc:
        raise fail(f"could not write the results: {exc}") from None
    console.print(gap_percentiles(summary.national))
    wrote = f"{out}" + (f" and {pack}" if pack is not None else "")
    console.print(f"[green]Wrote[/] {esc(wrote)} ({n} samples, {seconds} s)", highlight=False)


def _ensemble_meta(
    scenario: str, spec: Any, data: Path | None, seconds: float, sizes: dict[str, float]
) -> dict[str, Any]:
    """What ``uncertainty.json`` records: the run's provenance, the draw and its sources."""
    from ikm_sim.uncertainty.ensemble import ensemble_provenance

    return {
        **ensemble_provenance(data),
        "scenario": scenario,
        "seed": spec.seed,
        "band": spec.band,
        "migration_sd": spec.migration_sd,
        "births_sampled": spec.births,
        "run_seconds": seconds,
        "source_sizes": sizes,
    }


def _ensemble(
    sc: Any,
    spec: Any,
    n: int,
    data: Path | None,
    final_year: int,
    where: tuple[int | None, str | None, bool],
    engine: str | None,
    variant: str | None = None,
) -> tuple[Any, float]:
    """Draw and run `n` samples (streamed above 1,000); return the ensemble and its seconds.

    `where`: the local ``workers``, the ``--cluster`` and ``--cluster-fallback``; `variant`:
    the birth variant drawn around (default the scenario's; a paired base passes its what-if's
    so that both run on the same samples).
    """
    import time

    from ikm_sim.uncertainty import draw_samples
    from ikm_sim.uncertainty.streamed import summarised_ensemble

    workers, cluster, fallback = where
    draws = draw_samples(n, spec, variant or sc.levers.births_variant or "medium")
    started = time.perf_counter()
    with cluster_client(cluster, fallback) as client, sample_progress("samples") as tick:
        ens = summarised_ensemble(
            draws, sc, data=data, final_year=final_year, workers=workers, progress=tick,
            cluster=client, engine=engine,
        )  # fmt: skip
    return ens, round(time.perf_counter() - started, 1)


def _paired(stage: Path, base: Any, ens: Any, args: tuple[Any, ...]) -> None:
    """With ``--against``: run `base` on the same samples, write the paired cost comparison.

    `args` are `_ensemble`'s; ``cost_compare.csv`` holds it by year, ``cost_compare_summary.csv``
    cumulative to the summary years.
    """
    if base is None:
        return
    from ikm_sim.uncertainty.money import paired_costs, paired_summary

    spec, n, data, final_year, where, engine, variant = args
    base_ens, _ = _ensemble(base, spec, n, data, final_year, where, engine, variant)
    paired = paired_costs(base_ens, ens)
    paired.round(4).to_csv(stage / "cost_compare.csv", index=False)
    paired_summary(paired).round(4).to_csv(stage / "cost_compare_summary.csv", index=False)


def _pack_bytes(summary: Any, scenario: Path, meta: dict[str, Any], lang: str) -> bytes:
    """The uncertainty export pack (ZIP) of `summary`."""
    from ikm_sim.uncertainty.pack import uncertainty_pack

    return uncertainty_pack(
        summary.national,
        summary.regions,
        summary.subjects,
        summary.probability,
        scenario_text(scenario),
        meta,
        lang,
        costs=summary.costs,
    )


def _check_uncertainty_targets(out: Path, pack: Path | None) -> None:
    """Refuse an OUT directory or pack file that cannot be written, before the ensemble."""
    if out.exists() and not out.is_dir():
        raise fail(f"--out {out}: exists and is not a directory")
    if pack is not None and pack.is_dir():
        raise fail(f"--pack {pack}: is a directory; give a file name such as fan.zip")
    for target in (out, *(() if pack is None else (pack.parent,))):
        if (blocker := blocked_by(target)) is not None:
            raise fail(f"{target}: {blocker} is not a directory")


@app.command("sensitivity")
def sensitivity_command(
    scenario: ScenarioArgument,
    out: Annotated[Path | None, typer.Option(help="CSV of the ranking table.")] = None,
    region: Annotated[str | None, typer.Option(help="Municipality (ATVK) to analyse too.")] = None,
    method: Annotated[
        str,
        typer.Option(
            help="'morris' (screening) or 'sobol' (variance-based indices).",
            callback=one_of(SENSITIVITY_METHODS, " or ".join(SENSITIVITY_METHODS)),
        ),
    ] = "morris",
    trajectories: Annotated[
        int | None, typer.Option(help="Morris trajectories r (default 10): r x (D + 1) runs.")
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(help="Sobol base samples N, a power of two (default 32): N x (D + 2) runs."),
    ] = None,
    second_order: Annotated[
        bool,
        typer.Option(help="Sobol: also second-order indices (N x (2D + 2) runs; OUT_s2.csv)."),
    ] = False,
    band: Annotated[float, typer.Option(help="Relative half-width of the ranges.")] = 0.2,
    seed: SeedOption = DEFAULT_SEED,
    data: DataOption = None,
    workers: CoresOption = None,
    chart: Annotated[
        Path | None,
        typer.Option(help="Write the chart of the national 2035 gap (.html/.png/.svg)."),
    ] = None,
    engine: EngineOption = None,
    cluster: ClusterOption = None,
    cluster_fallback: ClusterFallbackOption = False,
) -> None:
    """Rank parameters by their effect on the 2030 and 2035 gap (national, municipal).

    Morris screening (tornado chart of μ*) or Sobol indices (bar chart of ST and S1: the share
    of the gap's variance a parameter explains with and without its interactions).
    """
    from ikm_sim.limits import check_uncertainty

    # Arguments and destinations first: before the slow imports and the model runs.
    # (--method and --workers are checked while the command line is parsed.)
    _check_sensitivity_options(method, trajectories, samples, second_order, chart)
    check_uncertainty(band, 0.0)
    if out is not None:
        check_file_target(out, "--out")
    if chart is not None:
        check_file_target(chart, "--chart")

    from ikm_sim.atomic import write_bytes_atomic, write_text_atomic
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec

    sc, spec = load_scenario(scenario), UncertaintySpec(band=band, seed=seed)
    size = trajectories if method == "morris" else samples
    where = (workers, cluster, cluster_fallback)
    table, pairs = _rank(method, sc, region, size, spec, data, where, second_order, engine)
    columns, decimals = (
        (["output", "rank", "parameter", "mu_star", "sigma"], 1)
        if method == "morris"
        else (["output", "rank", "parameter", "S1", "ST", "ST_conf"], 3)
    )
    try:
        if out is not None:
            write_text_atomic(out, table.to_csv(index=False))
            if pairs is not None:
                write_text_atomic(out.with_name(f"{out.stem}_s2.csv"), pairs.to_csv(index=False))
        if chart is not None:
            from ikm_sim.charts.files import chart_bytes
            from ikm_sim.charts.sensitivity import sensitivity_chart

            drawn = sensitivity_chart(table, "national_gap_2035", "lv", scenario=sc.name)
            write_bytes_atomic(chart, chart_bytes(drawn, chart.suffix.lower()))
    except OSError as exc:
        raise fail(f"could not write the results: {exc}") from None
    top = table[table["rank"] <= 5]
    console.print(top[columns].round(decimals).to_string(index=False))


def _check_sensitivity_options(
    method: str,
    trajectories: int | None,
    samples: int | None,
    second_order: bool,
    chart: Path | None,
) -> None:
    """Refuse options of the other method and a chart file type that cannot be written."""
    from ikm_sim.charts.files import CHART_FORMATS

    if method == "morris" and (samples is not None or second_order):
        raise fail("--samples and --second-order are Sobol options; Morris takes --trajectories")
    if method == "sobol" and trajectories is not None:
        raise fail("--trajectories is a Morris option; Sobol takes --samples (N)")
    if chart is not None and chart.suffix.lower() not in CHART_FORMATS:
        raise fail(f"--chart {chart}: give a .html, .png, .svg or .pdf file name")


def _rank(
    method: str,
    sc: Any,
    region: str | None,
    size: int | None,
    spec: Any,
    data: Path | None,
    where: tuple[int | None, str | None, bool],
    second_order: bool,
    engine: str | None,
) -> tuple[Any, Any]:
    """Run the Morris screening or the Sobol design; return the table and the Sobol pairs.

    `where`: the local ``workers``, the ``--cluster`` and ``--cluster-fallback``; the cluster
    is connected to after the request is checked.
    """
    from ikm_sim.uncertainty.design import TARGET_YEARS

    workers, cluster, fallback = where
    if method == "morris":
        from ikm_sim.uncertainty.sensitivity import check_request, sensitivity

        r = 10 if size is None else size
        check_request(region, r, TARGET_YEARS, data)
        with cluster_client(cluster, fallback) as client, sample_progress("Morris runs") as tick:
            return sensitivity(sc, region, r, spec, data, workers=workers, progress=tick,
                               cluster=client, engine=engine), None  # fmt: skip
    from ikm_sim.uncertainty.sobol import check_sobol_request, sobol

    n = 32 if size is None else size
    check_sobol_request(region, n, TARGET_YEARS, data)
    with cluster_client(cluster, fallback) as client, sample_progress("Sobol runs") as tick:
        result = sobol(
            sc, region, n, spec, data, workers=workers, progress=tick,
            second_order=second_order, cluster=client, engine=engine,
        )  # fmt: skip
    return result.indices, result.pairs

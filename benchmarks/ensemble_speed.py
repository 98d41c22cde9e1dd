"""Benchmark: many samples of the national model, both engines side by side, and the naive loop.

Usage::

    .venv/bin/python benchmarks/ensemble_speed.py --n 200 1000 --naive 4

For each engine the ensemble is timed end to end (worker start, inputs, the vectorised runs;
model preparation cached beforehand, percentiles excluded): PySD runs chunks of K samples as one
model with a ``Sample`` dimension; the fast engine converts a chunk's inputs once and runs its
compiled ensemble model a few samples at a time. The naive loop (one `ikm_sim.runner.run` per
sample, one process) is timed on ``--naive`` samples and extrapolated. Prints a Markdown table;
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

warnings.simplefilter("ignore")
ENGINES = ("fast", "pysd")


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    from ikm_sim.data.load import load_data
    from ikm_sim.engines import prepare_engine
    from ikm_sim.engines.fast import FAST_BLOCK
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
    from ikm_sim.uncertainty.ensemble import CHUNK, run_loop_one

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--naive", type=int, default=4)
    parser.add_argument("--chunk", type=int, default=CHUNK)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engine", action="append", help="engines to time (default: both)")
    args = parser.parse_args()
    sc = load_scenario("baseline")
    ds = load_data(None)
    draws = draw_samples(max(args.n), UncertaintySpec())
    print("| engine | method | N | seconds | runs/s | target |\n|---|---|---|---|---|---|")
    for engine in args.engine or ENGINES:
        prepare_engine(engine, ds.directory, args.chunk)  # outside the timings
        run_loop_one(str(ds.directory), sc, draws.iloc[0], 2045, engine=engine)  # warm
        start = time.perf_counter()
        for i in range(args.naive):
            run_loop_one(str(ds.directory), sc, draws.iloc[i], 2045, engine=engine)
        naive = (time.perf_counter() - start) / args.naive
        print(
            f"| {engine} | naive loop of run(), 1 process, extrapolated | {max(args.n)} | "
            f"{naive * max(args.n):.0f} | {1 / naive:.2f} | – |"
        )
        how = f"{FAST_BLOCK} at a time" if engine == "fast" else f"K={args.chunk} in one model"
        for n in args.n:
            start = time.perf_counter()
            run_ensemble(
                draws.iloc[:n],
                sc,
                None,
                2045,
                workers=args.workers,
                chunk=args.chunk,
                engine=engine,
            )
            dt = time.perf_counter() - start
            target = "≤ 15 s" if n == 1000 else "–"
            print(
                f"| {engine} | vectorised ensemble ({how}), {args.workers} workers | {n} | "
                f"{dt:.1f} | {n / dt:.1f} | {target} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

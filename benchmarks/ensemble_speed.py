"""Benchmark: many samples of the national model, vectorised ensemble vs the naive loop.

Usage::

    .venv/bin/python benchmarks/ensemble_speed.py --n 200 1000 --naive 4

The naive loop (one `ikm_sim.runner.run` per sample, in one process) is timed on ``--naive``
samples and extrapolated linearly; the ensemble is timed end to end (worker start, inputs,
translation cached beforehand, percentiles excluded). Prints a Markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

warnings.simplefilter("ignore")


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    from ikm_sim.data.load import load_data
    from ikm_sim.model.ensemble_model import ensemble_file
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
    from ikm_sim.uncertainty.ensemble import CHUNK, run_loop_one

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--naive", type=int, default=4)
    parser.add_argument("--chunk", type=int, default=CHUNK)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    sc = load_scenario("baseline")
    ds = load_data(None)
    ensemble_file(ds.directory, args.chunk)  # translate once, outside the timings
    draws = draw_samples(max(args.n), UncertaintySpec())
    start = time.perf_counter()
    run_loop_one(str(ds.directory), sc, draws.iloc[0], 2045)  # warm the template
    start = time.perf_counter()
    for i in range(args.naive):
        run_loop_one(str(ds.directory), sc, draws.iloc[i], 2045)
    naive = (time.perf_counter() - start) / args.naive
    print("| method | N | seconds | runs/s |\n|---|---|---|---|")
    print(
        f"| naive loop of run(), 1 process (measured on {args.naive}) | 1 | {naive:.2f} | "
        f"{1 / naive:.2f} |"
    )
    for n in args.n:
        print(f"| naive loop, extrapolated | {n} | {naive * n:.0f} | {1 / naive:.2f} |")
    for n in args.n:
        start = time.perf_counter()
        run_ensemble(draws.iloc[:n], sc, None, 2045, workers=args.workers, chunk=args.chunk)
        dt = time.perf_counter() - start
        print(
            f"| vectorised ensemble, K={args.chunk}, {args.workers} workers | {n} | {dt:.0f} | "
            f"{n / dt:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

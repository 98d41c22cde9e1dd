"""Benchmark: translation, one national run (median of 5), peak memory, and the naive way.

Usage::

    .venv/bin/python benchmarks/national_run.py            # naive run shortened to 3 saved years
    .venv/bin/python benchmarks/national_run.py --full-naive

Prints a Markdown table (copy it into the README). A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")


def _translation_seconds() -> float:
    import ikm_sim.model.translate as tr
    from ikm_sim.paths import DATA_DIR

    with tempfile.TemporaryDirectory() as tmp:
        tr.CACHE_DIR = Path(tmp)
        start = time.perf_counter()
        tr.translated_file(DATA_DIR)
        return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the results as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--full-naive", action="store_true", help="naive run to 2045 (minutes)")
    args = parser.parse_args()

    translation = _translation_seconds()

    from ikm_sim.data.load import load_data
    from ikm_sim.model.translate import fresh_model
    from ikm_sim.runner import run

    start = time.perf_counter()
    data = load_data()
    load_seconds = time.perf_counter() - start
    run(data=data)  # warm: translation cache and template in memory

    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = run(data=data)
        timings.append(time.perf_counter() - start)
    cold = []
    for _ in range(2):
        start = time.perf_counter()
        run()
        cold.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    final = 2045 if args.full_naive else 2025
    model = fresh_model(data.directory)
    start = time.perf_counter()
    naive = model.run(final_time=final)
    naive_seconds = time.perf_counter() - start
    steps = final - 2023 + 1
    per_year = naive_seconds / steps

    rows = [
        ("machine", f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"),
        ("translation of the .mdl (cold)", f"{translation:.2f} s"),
        ("load + check the embedded data", f"{load_seconds:.2f} s"),
        (
            f"national run to 2045, data preloaded (median of {args.repeat})",
            f"{statistics.median(timings):.2f} s (min {min(timings):.2f}, max {max(timings):.2f})",
        ),
        ("national run incl. loading and checking the data", f"{statistics.median(cold):.2f} s"),
        ("cells per year (region × subject × age)", f"{len(result.teachers_by_age) // 23:,}"),
        ("peak resident memory", f"{peak_mb:.0f} MB"),
        (
            f"naive PySD run(), all {naive.shape[1]:,} columns, {steps} saved years",
            f"{naive_seconds:.1f} s ({per_year:.1f} s per saved year"
            + ("" if args.full_naive else f"; ~{per_year * 23:.0f} s extrapolated to 2045")
            + ")",
        ),
    ]
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()

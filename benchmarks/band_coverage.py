"""Measurement: coverage of the ensemble bands in backtests, before and after widening.

Usage::

    .venv/bin/python benchmarks/band_coverage.py --n 200 --out runs/coverage.csv

Runs `ikm_sim.uncertainty.coverage.backtest_bands` from every origin (default 2014-2022) on the
embedded data and prints `coverage_report` as text (the pooled rows first);
``--out`` also writes the full table as CSV. Asserts nothing.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")


def main() -> None:
    """Run the backtest ensembles and print the coverage table."""
    from ikm_sim.atomic import write_text_atomic
    from ikm_sim.data.load import load_data
    from ikm_sim.uncertainty.coverage import (
        DEFAULT_ORIGINS,
        backtest_bands,
        coverage_report,
        widening_scales,
    )

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--origin", type=int, action="append")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    points = backtest_bands(
        load_data(None), tuple(args.origin or DEFAULT_ORIGINS), n=args.n, workers=args.workers
    )
    report = coverage_report(points)
    pooled = report[report["lead"] == 0]
    print(pooled.round(3).to_string(index=False))
    print()
    print(report[report["lead"] > 0].round(3).to_string(index=False))
    print("\nwidening scale c per quantity:", widening_scales(points))
    print(f"\n{time.perf_counter() - start:.0f} s")
    if args.out:
        write_text_atomic(args.out, report.to_csv(index=False))


if __name__ == "__main__":
    main()

"""Time a calibration on the embedded data with both engines (target: <= 20 s on 2 cores).

Usage: ``.venv/bin/python benchmarks/calibration_time.py [--workers 2] [--engine fast]``. Prints,
per engine, the wall time, the model runs and the fit per series (the estimates of both engines
agree: the engines agree to 1e-15). It writes nothing (``ikm-sim calibrate`` does).
"""

from __future__ import annotations

import argparse
import time

from ikm_sim.calibration.fit import calibrate
from ikm_sim.calibration.targets import load_targets
from ikm_sim.engines import ENGINES

LIMIT_SECONDS = 20.0


def main() -> None:
    """Run one calibration per engine and report its time against the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", action="append", help="engines to time (default: both)")
    args = parser.parse_args()
    rows = []
    for engine in args.engine or ENGINES:
        started = time.perf_counter()
        result = calibrate(None, load_targets(), workers=args.workers, engine=engine)
        seconds = time.perf_counter() - started
        print(f"## {engine}")
        print(result.fit[["series", "n", "mape_pct", "bias_pct"]].round(2).to_string(index=False))
        rows.append((engine, seconds, result.nfev, len(result.estimates)))
    print("\n| engine | seconds | model runs | fitted parameters | target |\n|---|---|---|---|---|")
    for engine, seconds, nfev, k in rows:
        print(f"| {engine} | {seconds:.1f} | {nfev} | {k} | ≤ {LIMIT_SECONDS:.0f} s |")


if __name__ == "__main__":
    main()

"""Time a calibration on the embedded data (target: <= 5 minutes on the 2-core machine).

Usage: ``.venv/bin/python benchmarks/calibration_time.py [--workers 2] [--write]``. Prints the
wall time, the model runs and the fit per series; with ``--write`` it also writes
``calibration/calibrated.yaml`` and ``calibration/report/`` like ``ikm-sim calibrate``.
"""

from __future__ import annotations

import argparse
import time

from ikm_sim.calibration.fit import calibrate, write_calibrated
from ikm_sim.calibration.report import write_report
from ikm_sim.calibration.targets import load_targets
from ikm_sim.model.parameters import CALIBRATED_FILE
from ikm_sim.paths import CALIBRATION_DIR

LIMIT_SECONDS = 300.0


def main() -> None:
    """Run one calibration and report its time against the 5-minute limit."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    result = calibrate(None, load_targets(), workers=args.workers)
    seconds = time.perf_counter() - started
    if args.write:
        write_calibrated(result, CALIBRATED_FILE)
        write_report(result, CALIBRATION_DIR / "report")
    print(result.fit[["series", "n", "mape_pct", "bias_pct"]].round(2).to_string(index=False))
    verdict = "OK" if seconds <= LIMIT_SECONDS else "TOO SLOW"
    print(
        f"calibration: {seconds:.1f} s, {result.nfev} model runs, "
        f"limit {LIMIT_SECONDS:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()

"""Benchmark: where a national run's time goes, and the whole ``ikm-sim run`` command.

Usage::

    .venv/bin/python benchmarks/run_split.py [--repeat 7]

(``benchmarks/national_run.py`` prints the same tables after its engine comparison.)

`run()` of the baseline to `FINAL_YEAR` with the fast engine and the data loaded, whole and split
into its parts: the model's inputs from the data and the scenario (as `run()` makes them: what
depends on the data alone is kept per dataset, so a repeated run makes only the rest), the
engine (the time loop and the finite check), the tables (tidy tables, funding, provenance;
DataFrames built on first use), and, apart, building all five DataFrames and writing the
files. Then the whole command in a fresh process, as a user runs it (imports, the checked
dataset read from the run cache, the run, the files written), with CSV and with Parquet files.

Each figure is the median of the repeats, in wall-clock seconds and in CPU seconds of the
process (the machine may be shared: CPU time is the steadier figure). A benchmark measures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ikm_sim.settings import FINAL_YEAR

warnings.simplefilter("ignore")
ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("csv", "parquet")


def _timed(work: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `repeat` calls of `work`."""
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def split_rows(repeat: int) -> list[tuple[str, float, float]]:
    """`run()` whole and its parts: (what, median wall s, median CPU s)."""
    from ikm_sim import runner
    from ikm_sim.inputs import model_inputs
    from ikm_sim.model.parameters import load_parameters
    from ikm_sim.run_cache import load_dataset
    from ikm_sim.scenario import load_scenario

    data = load_dataset()
    scenario, params = load_scenario("baseline"), load_parameters()
    base, final = data.base_year, FINAL_YEAR
    regions, subjects = data.regions, data.subject_codes
    runner.run(scenario, data=data, parameters=params)  # warm: engine and key columns
    window = (base, final)
    inputs = model_inputs(data, params, scenario, base, window)
    out = runner._simulate_checked("fast", data, inputs, (), base, final)

    def tables() -> dict[str, Any]:
        found: dict[str, Any] = runner.tidy_results(out, regions, subjects)
        found["funding"] = runner.funding_results(out, regions, subjects)
        runner._run_meta(scenario, data, params, "fast", out, 0.0)
        return found

    def frames() -> None:
        result = runner.RunResult("baseline", **tables())
        for name in runner.WRITE_DECIMALS:
            getattr(result, name)

    result = runner.run(scenario, data=data, parameters=params)
    with tempfile.TemporaryDirectory() as tmp:
        return [
            ("`run()` whole", *_timed(lambda: runner.run(scenario, data=data), repeat)),
            (
                "inputs (data and scenario → model inputs, thinned to the run's years)",
                *_timed(lambda: model_inputs(data, params, scenario, base, window), repeat),
            ),
            (
                "loop (the engine, finite check)",
                *_timed(
                    lambda: runner._simulate_checked("fast", data, inputs, (), base, final),
                    repeat,
                ),
            ),
            ("tables (tidy, funding, provenance)", *_timed(tables, repeat)),
            ("apart: all five DataFrames built (first use)", *_timed(frames, repeat)),
            *(
                (
                    f"apart: the files written ({fmt})",
                    *_timed(lambda fmt=fmt: result.write(Path(tmp) / fmt, fmt), repeat),
                )
                for fmt in FORMATS
            ),
        ]


def _command(fmt: str, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``ikm-sim run`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ikm_sim.cli",
            "run",
            "scenarios/baseline.yaml",
            "--out",
            str(out),
            "--format",
            fmt,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def command_rows(repeat: int) -> list[tuple[str, float, float]]:
    """The whole ``ikm-sim run scenarios/baseline.yaml`` command, per file format."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            _command(fmt, Path(tmp) / fmt)  # warm: the checked dataset in the run cache
            runs = [_command(fmt, Path(tmp) / fmt) for _ in range(repeat)]
            rows.append(
                (
                    f"`ikm-sim run scenarios/baseline.yaml --format {fmt}` (fresh process)",
                    statistics.median(w for w, _ in runs),
                    statistics.median(c for _, c in runs),
                )
            )
    return rows


def print_table(rows: list[tuple[str, float, float]], repeat: int) -> None:
    """Print `rows` as a Markdown table."""
    print(f"| measure (median of {repeat}) | wall | CPU |\n|---|---|---|")
    for what, wall, cpu in rows:
        print(f"| {what} | {wall:.4f} s | {cpu:.4f} s |")


def main() -> None:
    """Measure and print both tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print_table(split_rows(args.repeat), args.repeat)
    print()
    print_table(command_rows(args.repeat), args.repeat)


if __name__ == "__main__":
    main()

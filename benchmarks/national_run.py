"""Benchmark: a national run to `FINAL_YEAR` with both engines side by side, memory, the naive way.

Usage::

    .venv/bin/python benchmarks/national_run.py            # naive PySD run shortened to 3 years
    .venv/bin/python benchmarks/national_run.py --full-naive

For each engine: preparing the model from the ``.mdl`` into an empty cache (fast: generating
numpy code from PySD's parse; PySD: translating), one run of ``ikm_sim.run`` with the data
loaded (median of ``--repeat``), the engine alone (inputs given), and the peak resident memory
of fresh processes doing one whole run (``ikm_sim.run()``, data loaded and checked; the first
into an empty model cache, the second with the model prepared). Prints a
Markdown table (copy it into the README); then `run()` split into inputs, loop and tables,
the CPU time of each part timed inside whole runs (what the parts timed alone leave out), and
the whole ``ikm-sim run`` command with CSV and Parquet files (`run_split`; ``--split-only``
for these alone); last, `run()` with the numpy and the numba time loop side by side
(``IKM_SIM_FAST_JIT``; numba's first run of a fresh process apart, and with ``--jit-compile`` its
first compile into an empty model cache). A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from ikm_sim.settings import FINAL_YEAR

warnings.simplefilter("ignore")
ENGINES = ("fast", "pysd")
ROOT = Path(__file__).resolve().parents[1]
MEMORY_FIRST = "peak memory, first `run()` of a fresh clone (prepares the model too)"
MEMORY_CACHED = "peak memory of a process doing one `run()` (model prepared)"


def _fresh_process(code: str, model_cache: str) -> float:
    """Run `code` in a fresh Python with the model cache `model_cache`; its last printed number."""
    out = subprocess.run(
        [sys.executable, "-c", "import warnings; warnings.simplefilter('ignore');" + code],
        env={**os.environ, "IKM_SIM_CACHE": model_cache},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _prepare_seconds(engine: str) -> float:
    """Generate or translate the model into an empty cache, in a fresh process."""
    code = (
        "import time; t = time.perf_counter();"
        "from ikm_sim.engines import prepare_engine; from ikm_sim.paths import DATA_DIR;"
        f"prepare_engine({engine!r}, DATA_DIR); print(time.perf_counter() - t)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        return _fresh_process(code, tmp)


def _peak_memory_mb(engine: str) -> tuple[float, float]:
    """Peak resident memory of fresh processes that load the data and run once.

    Returns the first run into an empty model cache (which also prepares the model from the
    ``.mdl``) and a second fresh process that finds the prepared model in that cache.
    """
    code = (
        f"import resource; from ikm_sim.runner import run; run(engine={engine!r});"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        first = _fresh_process(code, tmp)
        return first, _fresh_process(code, tmp)


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> None:
    """Run the benchmark and print the results as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--full-naive", action="store_true", help="naive run to FINAL_YEAR (minutes)"
    )
    parser.add_argument(
        "--split-only", action="store_true", help="only run()'s parts and the command (run_split)"
    )
    parser.add_argument(
        "--jit-compile",
        action="store_true",
        help="also time numba's first compile of the kernel (a fresh model cache; a minute)",
    )
    args = parser.parse_args()
    if args.split_only:
        _print_split(args.repeat, args.jit_compile)
        return

    from ikm_sim.data.load import load_data
    from ikm_sim.engines import simulate
    from ikm_sim.engines.pysd.translate import fresh_model
    from ikm_sim.inputs import model_inputs
    from ikm_sim.model.lookup_paths import thin_inputs
    from ikm_sim.model.parameters import load_parameters
    from ikm_sim.runner import OTHER_VARIABLES, SUPPLY_DEMAND_VARIABLES, run
    from ikm_sim.scenario import load_scenario

    start = time.perf_counter()
    data = load_data()
    load_seconds = time.perf_counter() - start
    inputs = thin_inputs(
        model_inputs(data, load_parameters(), load_scenario("baseline")), (2023, FINAL_YEAR)
    )
    columns = [*SUPPLY_DEMAND_VARIABLES.values(), *OTHER_VARIABLES]
    rows: dict[str, dict[str, str]] = {}
    medians: dict[str, float] = {}
    for engine in ENGINES:
        rows.setdefault("model prepared from the .mdl (empty cache, fresh process)", {})[engine] = (
            f"{_prepare_seconds(engine):.2f} s"
        )
        run(data=data, engine=engine)  # warm: cache and template in memory
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run(data=data, engine=engine)
            timings.append(time.perf_counter() - start)
        medians[engine] = statistics.median(timings)
        rows.setdefault(
            f"national run to {FINAL_YEAR}, `run(data=...)` (median of {args.repeat})", {}
        )[engine] = _median(timings)
        alone = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            simulate(engine, data.directory, inputs, columns, 2023, FINAL_YEAR)
            alone.append(time.perf_counter() - start)
        rows.setdefault("the engine alone (inputs given, 13 outputs)", {})[engine] = _median(alone)
        first, cached = _peak_memory_mb(engine)
        rows.setdefault(MEMORY_FIRST, {})[engine] = f"{first:.0f} MB"
        rows.setdefault(MEMORY_CACHED, {})[engine] = f"{cached:.0f} MB"
    rows["speed-up of a national run"] = {
        "fast": f"{medians['pysd'] / medians['fast']:.1f}×",
        "pysd": "1×",
    }

    final = FINAL_YEAR if args.full_naive else 2025
    model = fresh_model(data.directory)
    start = time.perf_counter()
    naive = model.run(final_time=final)
    naive_seconds = time.perf_counter() - start
    steps = final - 2023 + 1
    per_year = naive_seconds / steps

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; ")
    print(f"load + check of the embedded data: {load_seconds:.2f} s\n")
    print("| measure | fast engine | PySD engine | target |\n|---|---|---|---|")
    targets = {
        f"national run to {FINAL_YEAR}, `run(data=...)` (median of {args.repeat})": "≤ 0.2 s",
        MEMORY_CACHED: "≤ 300 MB",
        "speed-up of a national run": "≥ 9×",
    }
    for name, by_engine in rows.items():
        print(f"| {name} | {by_engine['fast']} | {by_engine['pysd']} | {targets.get(name, '–')} |")
    print(
        f"\nnaive PySD `run()` returning all {naive.shape[1]:,} columns, {steps} saved years: "
        f"{naive_seconds:.1f} s ({per_year:.1f} s per saved year"
        + (
            ""
            if args.full_naive
            else f"; ~{per_year * (FINAL_YEAR - 2022):.0f} s extrapolated to {FINAL_YEAR}"
        )
        + ")"
    )
    _print_split(args.repeat, args.jit_compile)


#: The functions `run()` calls, timed from inside a whole run (`_inside_rows`), and where.
INSIDE = (
    ("base_year", "dataset"),
    ("load_parameters", "runner"),
    ("model_inputs", "runner"),
    ("thin_inputs", "runner"),
    ("run", "engine"),
    ("prepare", "engine"),
    ("_loop", "engine"),
    ("check_finite", "runner"),
    ("tidy_results", "runner"),
    ("funding_results", "runner"),
    ("_run_meta", "runner"),
)


def _timed_inside(repeat: int) -> tuple[list[float], dict[str, float]]:
    """CPU seconds of whole runs, and the median of each function of `INSIDE` within them."""
    from ikm_sim import runner
    from ikm_sim.data.load import Dataset
    from ikm_sim.engines.fast.model import FastModel
    from ikm_sim.run_cache import load_dataset
    from ikm_sim.scenario import load_scenario

    data, scenario = load_dataset(), load_scenario("baseline")
    spent: dict[str, list[float]] = {name: [] for name, _ in INSIDE}
    originals = []
    for name, where in INSIDE:
        owner: Any = {"runner": runner, "engine": FastModel, "dataset": Dataset}[where]
        original = owner.__dict__[name] if where == "dataset" else getattr(owner, name)
        originals.append((owner, name, original))
        call = original.fget if where == "dataset" else original

        def timed(*args: Any, _f: Any = call, _n: str = name, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_n].append(time.process_time() - start)

        setattr(owner, name, property(timed) if where == "dataset" else timed)
    try:
        runner.run(scenario, data=data)  # warm
        for found in spent.values():
            found.clear()
        whole = []
        for _ in range(repeat):
            start = time.process_time()
            runner.run(scenario, data=data)
            whole.append(time.process_time() - start)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    # a part that whole runs no longer call (e.g. cached per dataset) costs nothing
    return whole, {n: statistics.median(v or [0.0]) for n, v in spent.items()}


def _inside_rows(repeat: int) -> list[tuple[str, float]]:
    """CPU seconds of each part of `run()`, timed inside whole runs.

    The parts timed alone (`run_split`) leave out what `run()` does besides them (the data's
    base year, reading the calibrated parameters, the engine's start values) and run each part
    with the CPU's caches warm from itself.
    """
    runs, parts = _timed_inside(repeat)
    whole = statistics.median(runs)
    engine = parts.pop("run")
    engine_parts = {f"engine: {n}": parts.pop(n) for n in ("prepare", "_loop")}
    engine_parts["engine: start values and plan"] = engine - sum(engine_parts.values())
    rest = whole - engine - sum(parts.values())
    return [("`run()` whole", whole), *parts.items(), *engine_parts.items(), ("the rest", rest)]


def _print_split(repeat: int, compile_too: bool = False) -> None:
    """`run()` whole and split (inputs, loop, tables) and the whole command (`run_split`)."""
    from run_split import command_rows, print_table, split_rows

    print(f"\nload average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print_table(split_rows(repeat), repeat)
    print(f"\n| inside whole runs (median of {repeat}) | CPU |\n|---|---|")
    for what, cpu in _inside_rows(repeat):
        print(f"| {what} | {cpu:.4f} s |")
    print()
    print_table(command_rows(repeat), repeat)
    _print_loops(repeat, compile_too)


#: A fresh process: the data read, one numpy run, then the first numba run timed (it loads the
#: kernel from numba's cache, or traces and compiles it into an empty model cache).
FIRST_NUMBA_RUN = (
    "import os, time; from ikm_sim import runner; from ikm_sim.run_cache import load_dataset;"
    "from ikm_sim.settings import FAST_JIT_ENV; data = load_dataset(); runner.run(data=data);"
    "os.environ[FAST_JIT_ENV] = 'numba'; start = time.perf_counter(); runner.run(data=data);"
    "print(time.perf_counter() - start)"
)


def _print_loops(repeat: int, compile_too: bool) -> None:
    """`run()` with the numpy and the numba time loop (`ikm_sim.settings.FAST_JIT_ENV`)."""
    import importlib.util

    from ikm_sim.paths import MODEL_CACHE_DIR
    from ikm_sim.settings import FAST_JIT_ENV

    if importlib.util.find_spec("numba") is None:
        print("\nnumba is not installed: pip install 'ikm-sim[jit]' for the numba loop's figures")
        return
    rows: dict[str, dict[str, str]] = {}
    before = os.environ.get(FAST_JIT_ENV)
    try:
        for loop in ("numpy", "numba"):
            os.environ[FAST_JIT_ENV] = loop
            runs, parts = _timed_inside(repeat)
            rows.setdefault("`run()` whole, CPU", {})[loop] = _median(runs)
            rows.setdefault("engine: _loop inside whole runs, CPU", {})[loop] = (
                f"{parts['_loop']:.4f} s"
            )
    finally:
        os.environ.pop(FAST_JIT_ENV, None)
        if before is not None:
            os.environ[FAST_JIT_ENV] = before
    load = [_fresh_process(FIRST_NUMBA_RUN, str(MODEL_CACHE_DIR)) for _ in range(3)]
    rows["first numba run of a fresh process (numba imported, kernel loaded), wall"] = {
        "numpy": "–",
        "numba": _median(load),
    }
    if compile_too:
        with tempfile.TemporaryDirectory() as tmp:
            first = _fresh_process(FIRST_NUMBA_RUN, tmp)
        rows["first numba run into an empty model cache (traced, compiled), wall"] = {
            "numpy": "–",
            "numba": f"{first:.1f} s",
        }
    print(f"\n| time loop (median of {repeat}, min-max) | numpy | numba |\n|---|---|---|")
    for what, by_loop in rows.items():
        print(f"| {what} | {by_loop['numpy']} | {by_loop['numba']} |")


if __name__ == "__main__":
    main()

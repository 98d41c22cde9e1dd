"""Benchmark: Monte Carlo ensembles of the national model: time, memory, and where they run.

Usage::

    .venv/bin/python benchmarks/ensemble_speed.py                       # N = 1,000 and 10,000
    .venv/bin/python benchmarks/ensemble_speed.py --n 1000 --where local --how held streamed
    .venv/bin/python benchmarks/ensemble_speed.py --engines --n 200 1000 --naive 4
    .venv/bin/python benchmarks/ensemble_speed.py --blocks 1 5 20 50 --n 100

Default (the scale table): for every N, way of keeping the samples (``held``: `run_ensemble`,
every sample in memory; ``streamed``: `stream_ensemble`, reduced chunk by chunk) and executor
(``local``: the forked local pool, one process per core; ``cluster``: a dask
``LocalCluster`` of one single-threaded worker process per core,
`ikm_sim.executor.local_cluster`), a fresh process draws N
samples, runs the ensemble to `FINAL_YEAR` (2050) on the embedded data and summarises it
(every table of
``ikm-sim uncertainty``); it reports the wall time of run + summary (the cluster's start is
timed apart), the CPU seconds of all its processes (the machine may be shared: CPU time is the
steadier figure) and the peak resident memory of the main process and of all its processes
together (sampled every 0.2 s). ``held`` runs only up to ``--held-max`` samples (its memory
grows with N). ``--engines`` prints the older table instead: both engines and the naive loop.
``--blocks 1 5 20 50`` prints the fast engine's own cost per sample for each number of samples
run together (`ikm_sim.engines.fast.FAST_BLOCK`), in one process with the inputs built once,
with the numpy time loop and, if numba is installed, the numba one (``IKM_SIM_FAST_JIT``).
A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
import warnings
from contextlib import ExitStack

from ikm_sim.settings import FAST_JIT_ENV, FINAL_YEAR

warnings.simplefilter("ignore")
ENGINES = ("fast", "pysd")
WHERE = ("local", "cluster")
HOW = ("held", "streamed")


class PeakRss:
    """Peak resident memory of this process and of it with all its descendants (MB)."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.main = self.total = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            try:
                main = self.me.memory_info().rss
                total = main + sum(
                    p.memory_info().rss for p in self.me.children(recursive=True) if p.is_running()
                )
            except psutil.Error:
                continue
            self.main, self.total = max(self.main, main / 2**20), max(self.total, total / 2**20)

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()


def one(n: int, where: str, how: str, workers: int) -> dict[str, float]:
    """Run one ensemble in this process; return its timings and memory."""
    from ikm_sim.data.load import load_data
    from ikm_sim.engines import prepare_engine
    from ikm_sim.executor import local_cluster
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
    from ikm_sim.uncertainty.ensemble import CHUNK
    from ikm_sim.uncertainty.pack import summarise
    from ikm_sim.uncertainty.streamed import stream_ensemble
    from ikm_sim.uncertainty.summary import cell_percentiles, shortage_probability

    peak = PeakRss()
    sc, ds = load_scenario("baseline"), load_data(None)
    prepare_engine("fast", ds.directory, CHUNK)  # cached model: outside the timing
    draws = draw_samples(n, UncertaintySpec())
    with ExitStack() as stack:
        started = time.perf_counter()
        client = stack.enter_context(local_cluster(workers)) if where == "cluster" else None
        start_s = time.perf_counter() - started
        t0, cpu0 = time.perf_counter(), _cpu_seconds()
        run = stream_ensemble if how == "streamed" else run_ensemble
        ens = run(draws, sc, None, FINAL_YEAR, workers=workers, cluster=client)
        run_s = time.perf_counter() - t0
        summarise(ens), cell_percentiles(ens), shortage_probability(ens)
        total_s = time.perf_counter() - t0
        cpu_s = _cpu_seconds() - cpu0
        peak.stop()
    return {"start_s": start_s, "run_s": run_s, "total_s": total_s, "cpu_s": cpu_s, **_peaks(peak)}


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its ended children (the local pool's workers).

    A dask cluster's workers are not children ended by then: for ``cluster`` this is the
    main process's alone.
    """
    import resource

    me, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _peaks(peak: PeakRss) -> dict[str, float]:
    return {"main_mb": peak.main, "all_mb": peak.total}


def scale_table(args: argparse.Namespace) -> None:
    """Print the scale table: every N x executor x way of keeping the samples."""
    print(
        "| N | samples | executor | cluster start s | run + summary s | samples/s | "
        "CPU s (all processes) | peak RSS main MB | peak RSS all MB |\n"
        "|---|---|---|---|---|---|---|---|---|",
        flush=True,
    )
    for n in args.n:
        for how in args.how:
            if how == "held" and n > args.held_max:
                continue
            for where in args.where:
                cmd = [sys.executable, __file__, "--one", str(n), where, how, str(args.workers)]
                out = subprocess.run(cmd, capture_output=True, text=True, check=False)
                if out.returncode != 0:
                    print(f"| {n} | {how} | {where} | failed: {out.stderr.strip()[-200:]} |")
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                label = f"{where} ({args.workers} {'processes' if where == 'local' else 'workers'})"
                print(
                    f"| {n:,} | {how} | {label} | {r['start_s']:.1f} | {r['total_s']:.1f} | "
                    f"{n / r['run_s']:.0f} | {r['cpu_s']:.1f} | {r['main_mb']:.0f} | "
                    f"{r['all_mb']:.0f} |",
                    flush=True,
                )


def engines_table(args: argparse.Namespace) -> None:
    """Print the engines table: both engines' vectorised ensembles and the naive loop."""
    from ikm_sim.data.load import load_data
    from ikm_sim.engines import prepare_engine
    from ikm_sim.engines.fast import FAST_BLOCK
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
    from ikm_sim.uncertainty.ensemble import CHUNK, run_loop_one

    sc, ds = load_scenario("baseline"), load_data(None)
    draws = draw_samples(max(args.n), UncertaintySpec())
    print("| engine | method | N | seconds | runs/s |\n|---|---|---|---|---|")
    for engine in args.engine or ENGINES:
        prepare_engine(engine, ds.directory, CHUNK)  # outside the timings
        run_loop_one(str(ds.directory), sc, draws.iloc[0], FINAL_YEAR, engine=engine)  # warm
        start = time.perf_counter()
        for i in range(args.naive):
            run_loop_one(str(ds.directory), sc, draws.iloc[i], FINAL_YEAR, engine=engine)
        naive = (time.perf_counter() - start) / args.naive
        print(
            f"| {engine} | naive loop of run(), 1 process, extrapolated | {max(args.n)} | "
            f"{naive * max(args.n):.0f} | {1 / naive:.2f} |"
        )
        how = f"{FAST_BLOCK} at a time" if engine == "fast" else f"K={CHUNK} in one model"
        for n in args.n:
            start = time.perf_counter()
            run_ensemble(draws.iloc[:n], sc, None, FINAL_YEAR, workers=args.workers, engine=engine)
            dt = time.perf_counter() - start
            print(
                f"| {engine} | vectorised ensemble ({how}), {args.workers} workers | {n} | "
                f"{dt:.1f} | {n / dt:.1f} |",
                flush=True,
            )


def blocks_table(args: argparse.Namespace) -> None:
    """Print the engine's cost per sample for each block size (one process, inputs given)."""
    from ikm_sim.data.load import load_data
    from ikm_sim.engines.fast import FastEngine
    from ikm_sim.inputs.samples import ensemble_inputs
    from ikm_sim.model.lookup_paths import thin_inputs
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples
    from ikm_sim.uncertainty.ensemble import OUTPUTS
    from ikm_sim.uncertainty.sources import apply_sources

    sc, ds = load_scenario("baseline"), load_data(None)
    n = max(args.n)
    rows = draw_samples(n, UncertaintySpec())
    base = ds.base_year
    inputs = apply_sources(ensemble_inputs(ds, sc, rows, base), ds, rows, base)
    inputs = thin_inputs(inputs, (base, FINAL_YEAR))
    columns = list(dict.fromkeys(o.variable for o in OUTPUTS.values()))
    loops = ["numpy", *(["numba"] if importlib.util.find_spec("numba") else [])]
    timings: dict[tuple[int, str], list[tuple[float, float]]] = {}

    def run(block: int, loop: str) -> tuple[float, float]:
        os.environ[FAST_JIT_ENV] = loop
        wall, cpu = time.perf_counter(), time.process_time()
        FastEngine(block).simulate_samples(ds.directory, inputs, columns, base, FINAL_YEAR, n)
        return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n

    first = {(b, loop): run(b, loop) for b in args.blocks for loop in loops}  # warm
    for _ in range(args.repeat):
        for key in first:
            timings.setdefault(key, []).append(run(*key))
    os.environ.pop(FAST_JIT_ENV)
    print(
        f"engine alone, {n} samples to {FINAL_YEAR}, best of {args.repeat}; time loops "
        f"{', '.join(loops)} ({FAST_JIT_ENV}; numba's first run, which loads or compiles the "
        "kernel, apart)\n| samples per block | time loop | wall ms per sample | CPU ms per sample "
        "| first run, s |\n|---|---|---|---|---|"
    )
    for (block, loop), found in timings.items():
        wall_ms, cpu_ms = (1000 * min(x[i] for x in found) for i in (0, 1))
        once = first[block, loop][0] * n
        print(f"| {block} | {loop} | {wall_ms:.1f} | {cpu_ms:.1f} | {once:.2f} |", flush=True)


def main() -> None:
    """Parse the options and print the chosen table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--where", nargs="+", choices=WHERE, default=list(WHERE))
    parser.add_argument("--how", nargs="+", choices=HOW, default=list(HOW))
    parser.add_argument("--held-max", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engines", action="store_true", help="the engines table instead")
    parser.add_argument("--naive", type=int, default=4)
    parser.add_argument("--engine", action="append", help="engines to time (default: both)")
    parser.add_argument(
        "--blocks", type=int, nargs="+", help="the engine's cost per sample by block size instead"
    )
    parser.add_argument("--repeat", type=int, default=3, help="repeats of --blocks")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        n, where, how, workers = args.one
        print(json.dumps(one(int(n), where, how, int(workers))))
    elif args.blocks:
        blocks_table(args)
    elif args.engines:
        engines_table(args)
    else:
        scale_table(args)


if __name__ == "__main__":
    main()

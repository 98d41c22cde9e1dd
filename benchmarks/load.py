"""The served app under K concurrent users: Chromium sessions doing a real journey at once.

It starts the app as a deployment does (``python -m ikm_sim.ui.serve --production`` on a free
port, its own empty run cache: the warm-up runs every shipped scenario), then for each K opens
K browser sessions (one Chromium, one context each: K Streamlit sessions) that all do the same
journey at the same time:

1. overview: open the app until every chart has drawn;
2. municipality page: open it from the sidebar;
3. pick: choose a municipality (session i the i-th) until its charts are drawn;
4. builder: open the scenario builder;
5. lever → chart: move the lesson-share lever to a value of the session's own (0.01 lower per
   session), press Run, until the comparison chart and the gap figure are new;
6. download: download the comparison chart's data (CSV).

Each session then checks that the downloaded edited scenario is its own: its demand and supply
per year must equal a run of the same edited scenario made here, in this process, and differ
from every other session's (no session sees another's scenario). It prints, per K, the p50 and
p95 seconds of every step, the errors, and the server's memory: the resident memory (RSS) of
the server's process tree, sampled every half second, before, at the peak and after the round
(once the sessions have closed and Streamlit has let them go), the CPU seconds the server and
the browsers used in the round, and the machine's load average at its end. The browsers run on
the same machine as the server, so on a small machine the clients take part of the CPU (most
of it: drawing the pages costs Chromium several times the server's work).

    .venv/bin/python benchmarks/load.py                 # K = 1, 5, 10, 20
    .venv/bin/python benchmarks/load.py -k 1 -k 5       # chosen K values
    .venv/bin/python benchmarks/load.py --quick         # K = 1, 2: does the journey work?
    .venv/bin/python benchmarks/load.py -k 10 -k 10 -k 10   # is memory flat round after round?

Targets (issue 21, 2 cores): K = 20 with p95 lever → chart ≤ 3 s, no error, server memory
≤ 4 GB and flat after the rounds. Asserts nothing; exit status 1 if a session failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ikm_sim.ui.health import healthy  # noqa: E402
from tests.e2e.app_server import CHROMIUM_ARGS, chromium_path, free_port  # noqa: E402

TIMEOUT_MS = 600_000
STEPS = ("overview", "municipality page", "pick", "builder", "lever → chart", "download")
LEVER_LABEL = "Mācību stundu daļa"
#: Lesson-share step of the builder's slider (`ikm_sim.ui.builder.CONTROLS`).
LEVER_STEP = 0.01
#: Largest difference (FTE) between a downloaded figure and the same run made here.
TOLERANCE_FTE = 0.05

SETTLE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(el => el.querySelector('canvas, svg'));
}"""
ARM = """() => {
  window.__ikmRan = false;
  const app = document.querySelector("[data-testid='stApp']");
  if (window.__ikmObserver) window.__ikmObserver.disconnect();
  window.__ikmObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__ikmRan = true;
  });
  window.__ikmObserver.observe(app, {attributes: true});
}"""
GAP = """() => { const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
  .find(e => e.innerText.includes('Iztrūkums'));
  return m ? m.querySelector('[data-testid="stMetricValue"]').innerText.trim() : ''; }"""


@dataclass
class Session:
    """What one browser session measured and found."""

    index: int
    times: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    rows: dict[tuple[str, int], float] = field(default_factory=dict)


class MemorySampler:
    """Resident memory of a process and its children, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.process = psutil.Process(pid)
        self.every = every
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        """Bytes resident in the process tree now."""
        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def cpu(self) -> float:
        """CPU seconds (user + system) the process tree has used so far."""
        total = 0.0
        for proc in [self.process, *self.process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            with contextlib.suppress(psutil.Error):
                self.samples.append((time.monotonic(), self.rss()))

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak_since(self, start: float) -> int:
        """Largest sample taken since `start` (monotonic seconds)."""
        return max((rss for at, rss in self.samples if at >= start), default=self.rss())


class ClientCpu:
    """CPU seconds of the browsers (this process's other children), sampled in a thread.

    The browser's renderers come and go with the sessions, so each process's CPU time is read
    while it lives (every `every` s) and the last reading of every process is summed.
    """

    def __init__(self, server_pid: int, every: float = 0.5) -> None:
        self.server = psutil.Process(server_pid)
        self.every = every
        self.seen: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        skip = {self.server.pid} | {c.pid for c in self.server.children(recursive=True)}
        for proc in psutil.Process().children(recursive=True):
            if proc.pid in skip:
                continue
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                self.seen[(proc.pid, proc.create_time())] = times.user + times.system

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            with contextlib.suppress(psutil.Error):
                self._sample()

    def total(self) -> float:
        """CPU seconds the browsers have used so far."""
        with contextlib.suppress(psutil.Error):
            self._sample()
        return sum(self.seen.values())

    def __enter__(self) -> ClientCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def settled(page: Page, armed: bool = False) -> None:
    """Wait until the script run is over and every chart has drawn."""
    with contextlib.suppress(PlaywrightTimeoutError):
        if armed:
            await page.wait_for_function("() => window.__ikmRan === true", timeout=10_000)
        else:
            await page.wait_for_selector(
                "[data-testid='stApp'][data-test-script-state='running']", timeout=800
            )
    await page.wait_for_function(SETTLE, timeout=TIMEOUT_MS, polling=100)


async def nav(page: Page, title: str) -> None:
    await page.evaluate(ARM)
    await page.locator("[data-testid='stSidebarNav'] a", has_text=title).click()
    await settled(page, armed=True)


async def journey(browser: Browser, url: str, session: Session, municipality: str) -> None:
    """The six steps of one user, timed into `session.times`."""
    context = await browser.new_context(
        viewport={"width": 1400, "height": 1800}, accept_downloads=True, locale="lv-LV"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    clock = time.perf_counter

    async def step(name: str, action: Any) -> None:
        start = clock()
        await action()
        session.times[name] = clock() - start

    try:
        await step("overview", lambda: _open(page, url))
        await step("municipality page", lambda: nav(page, "Pašvaldība"))
        await step("pick", lambda: _municipality(page, municipality))
        await step("builder", lambda: nav(page, "Scenāriju veidotājs"))
        await _move_lever(page, session.index + 1)
        await step("lever → chart", lambda: _run_lever(page))
        await step("download", lambda: _download(page, session))
        if await page.locator("[data-testid='stException']").count():
            raise RuntimeError("the page shows an exception")
    except Exception as exc:
        session.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    finally:
        await context.close()


async def _open(page: Page, url: str) -> None:
    await page.goto(url)
    await settled(page)


async def _municipality(page: Page, name: str) -> None:
    # typed, as a user finds one among 43: the list only draws the options in view
    select = page.get_by_role("combobox", name="Pašvaldība", exact=True)
    await select.click()
    await select.fill(name)
    await page.evaluate(ARM)
    await page.keyboard.press("Enter")
    await settled(page, armed=True)
    chosen = await select.input_value()
    if chosen != name:
        raise RuntimeError(f"picked {chosen!r}, not {name!r}")


async def _move_lever(page: Page, steps: int) -> None:
    slider = page.locator("[data-testid='stSlider']", has_text=LEVER_LABEL).get_by_role("slider")
    await slider.focus()
    for _ in range(steps):
        await slider.press("ArrowLeft")


async def _run_lever(page: Page) -> None:
    before = await page.evaluate(GAP)
    await page.evaluate(ARM)
    await page.get_by_role("button", name="Aprēķināt").click()
    await settled(page, armed=True)
    await page.wait_for_function(f"(old) => ({GAP})() !== old", arg=before, timeout=TIMEOUT_MS)


async def _download(page: Page, session: Session) -> None:
    async with page.expect_download() as info:
        await page.get_by_role("button", name="Dati (CSV)").first.click()
    download = await info.value
    text = Path(await download.path()).read_text(encoding="utf-8-sig")
    series = {"Pieprasījums": "demand_fte", "Piedāvājums": "supply_fte"}
    for row in csv.DictReader(io.StringIO(text)):
        if "(mainīts)" in row["scenario"] and row["series"] in series:
            session.rows[(series[row["series"]], int(row["year"]))] = float(row["fte"])
    if not session.rows:
        raise RuntimeError("the downloaded CSV holds no edited scenario")


def municipality_names() -> list[str]:
    """The municipalities' Latvian names, as the picker shows them."""
    from ikm_sim.paths import DATA_DIR

    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as fh:
        return [row["name_lv"] for row in csv.DictReader(fh)]


def expected_rows(sessions: int) -> list[dict[tuple[str, int], float]]:
    """Demand and supply per year of each session's edited scenario, run in this process."""
    from ikm_sim.charts.compare import compare_data
    from ikm_sim.paths import SCENARIOS_DIR
    from ikm_sim.runner import run
    from ikm_sim.scenario import load_scenario
    from ikm_sim.ui import builder

    base = load_scenario(SCENARIOS_DIR / "baseline.yaml")
    base_run = run(scenario=base).supply_demand
    initial = builder.initial_values(base)
    out = []
    for i in range(sessions):
        values = dict(initial)
        values["lesson_share"] = round(initial["lesson_share"] - (i + 1) * LEVER_STEP, 6)
        changes = builder.lever_changes(base, values, initial)
        edited = builder.edited_scenario(base, changes, f"load_{i}")
        wide = compare_data(base_run, run(scenario=edited).supply_demand)
        out.append(
            {
                (column, int(year)): float(value)
                for column in ("demand_fte", "supply_fte")
                for year, value in zip(wide["year"], wide[f"{column}_b"], strict=True)
            }
        )
    return out


def isolation_errors(sessions: list[Session], expected: list[dict[Any, float]]) -> list[str]:
    """Sessions whose download is not their own edited scenario (or is another's)."""
    problems = []
    for s in sessions:
        if s.error is not None:
            continue
        own = expected[s.index]
        if s.rows.keys() != own.keys():
            problems.append(f"session {s.index}: years or series differ from its own run")
        elif max(abs(s.rows[k] - own[k]) for k in own) > TOLERANCE_FTE:
            others = [
                j
                for j, e in enumerate(expected)
                if j != s.index and max(abs(s.rows[k] - e.get(k, 1e18)) for k in own) <= 1
            ]
            problems.append(f"session {s.index}: not its own result (matches sessions {others})")
    return problems


@contextlib.contextmanager
def server(log: Path, run_cache: Path) -> Iterator[tuple[str, int]]:
    """Serve the app in production mode on a free port; yield its URL and process id."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "ikm_sim.ui.serve", "--production"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    env = {**os.environ, "IKM_SIM_RUN_CACHE": str(run_cache)}
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 600
        while not healthy(url, timeout=1):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log}")
            time.sleep(0.3)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


async def round_of(url: str, k: int, stagger: float) -> tuple[list[Session], float]:
    """K sessions doing the journey at once (session i starts i × `stagger` s later)."""
    sessions = [Session(i) for i in range(k)]
    names = municipality_names()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)

        async def one(s: Session) -> None:
            await asyncio.sleep(s.index * stagger)
            await journey(browser, url, s, names[s.index % len(names)])

        start = time.perf_counter()
        await asyncio.gather(*(one(s) for s in sessions))
        wall = time.perf_counter() - start
        await browser.close()
    return sessions, wall


def _pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def row(
    k: int,
    sessions: list[Session],
    wall: float,
    memory: tuple[int, int, int],
    cpu: tuple[float, float],
) -> str:
    """One table row: K, errors, p50/p95 of every step, memory before/peak/after, times."""
    cells = [str(k), str(sum(s.error is not None for s in sessions))]
    for name in STEPS:
        values = [s.times[name] for s in sessions if name in s.times]
        cells.append(f"{_pct(values, 50):.2f} / {_pct(values, 95):.2f}" if values else "–")
    before, peak, after = (f"{m / 2**20:,.0f}" for m in memory)
    cells += [
        f"{before} / {peak} / {after}",
        f"{wall:.1f}",
        f"{cpu[0]:.1f}",
        f"{cpu[1]:.1f}",
        f"{os.getloadavg()[0]:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", type=int, action="append", help="concurrent sessions (repeat)")
    parser.add_argument("--quick", action="store_true", help="K = 1, 2 and a short settle")
    parser.add_argument("--stagger", type=float, default=0.2, help="s between session starts")
    parser.add_argument(
        "--settle", type=float, default=150.0, help="s after a round before memory is read"
    )
    args = parser.parse_args()
    ks = args.k or ([1, 2] if args.quick else [1, 5, 10, 20])
    settle = 5.0 if args.quick else args.settle
    expected = expected_rows(max(ks))
    print(f"load: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    failed = False
    lines = [
        "| K | errors | "
        + " | ".join(f"{s} p50 / p95 s" for s in STEPS)
        + " | server RSS MB before / peak / after | round s | server CPU s | browsers' CPU s"
        + " | load average |",
        "|---|---|" + "---|" * len(STEPS) + "---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="ikm-load-") as tmp:
        started = time.perf_counter()
        with server(Path(tmp) / "serve.log", Path(tmp) / "runs") as (url, pid):
            print(f"load: server ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            with MemorySampler(pid) as memory, ClientCpu(pid) as clients:
                for k in ks:
                    before, start = memory.rss(), time.monotonic()
                    cpu0 = (memory.cpu(), clients.total())
                    sessions, wall = asyncio.run(round_of(url, k, args.stagger))
                    cpu = (memory.cpu() - cpu0[0], clients.total() - cpu0[1])
                    time.sleep(settle)  # Streamlit keeps a closed session ~2 min
                    rss = (before, memory.peak_since(start), memory.rss())
                    lines.append(row(k, sessions, wall, rss, cpu))
                    problems = [f"session {s.index}: {s.error}" for s in sessions if s.error]
                    problems += isolation_errors(sessions, expected)
                    for problem in problems:
                        print(f"load: K={k}: {problem}", file=sys.stderr)
                    failed = failed or bool(problems)
                    print(lines[-1], file=sys.stderr)
                    print(
                        f"load: K={k}: isolation {'FAILED' if problems else 'ok'}", file=sys.stderr
                    )
    print("\n".join(lines))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

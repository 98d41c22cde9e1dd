"""Browser-timed app benchmark, both engines side by side, in Debian's Chromium.

For each engine (``IKM_SIM_ENGINE`` = fast, then pysd) it starts the app as ``make app`` does
(``python -m ikm_sim.ui.serve``) from empty caches (a new run cache and a new model cache: a
first-ever start on a fresh clone), times the start (engine generated or translated, data
checked, shipped scenarios run, until the server answers), drives it with Playwright and times
the first load, new sessions, the year slider, the scenario builder (lever -> Run -> updated
chart) and a restart. A last server per engine is a bare ``streamlit run app.py`` on empty
caches, to show what the preparation saves the first visitor. Prints a Markdown table; asserts
nothing. Targets (issue 11): lever -> updated chart <= 1 s, first-ever load <= 3 s.

    .venv/bin/python benchmarks/app_timing.py [--repeat 3] [--engine fast --engine pysd]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.app_server import CHROMIUM_ARGS, chromium_path, serve_app  # noqa: E402

TIMEOUT_MS = 180_000


ARM = """() => {
  window.__ikmRan = false;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app) return;
  if (window.__ikmObserver) window.__ikmObserver.disconnect();
  window.__ikmObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__ikmRan = true;
  });
  window.__ikmObserver.observe(app, {attributes: true});
}"""


def arm(page: Page) -> None:
    """Watch for the next script run (so a run too quick to be seen polling still counts)."""
    page.evaluate(ARM)


def settled(page: Page, armed: bool = False) -> None:
    """Wait until the script run is over and every chart has drawn (no fixed sleeps).

    With `armed` (`arm` called before the action) it waits for the run the action started,
    however quick; otherwise it waits up to 0.8 s to see a run start.
    """
    with contextlib.suppress(PlaywrightTimeoutError):
        if armed:
            page.wait_for_function("() => window.__ikmRan === true", timeout=5000)
        else:
            page.wait_for_selector(
                "[data-testid='stApp'][data-test-script-state='running']", timeout=800
            )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT_MS
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every(el => el.querySelector('canvas, svg'))",
        timeout=TIMEOUT_MS,
    )


def load(page: Page, url: str) -> None:
    page.goto(url)
    settled(page)


def press_and_settle(page: Page, thumb: Locator, key: str) -> None:
    arm(page)
    thumb.press(key)
    settled(page, armed=True)


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def metric(page: Page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def lever_run(page: Page, steps: int) -> float:
    """Move the lesson-share slider by `steps` and press Run; seconds until the chart is new."""
    before = metric(page, "Iztrūkums") if page.locator("[data-testid='stMetric']").count() else ""
    thumb = page.locator("[data-testid='stSlider']", has_text="Mācību stundu daļa").get_by_role(
        "slider"
    )
    thumb.focus()
    key = "ArrowLeft" if steps < 0 else "ArrowRight"
    for _ in range(abs(steps)):
        thumb.press(key)

    arm(page)

    def run() -> None:
        page.get_by_role("button", name="Aprēķināt").click()
        settled(page, armed=True)
        page.wait_for_function(
            "(old) => { const m = [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
            ".find(e => e.innerText.includes('Iztrūkums'));"
            " return m && m.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim()"
            " !== old; }",
            arg=before,
            timeout=TIMEOUT_MS,
        )

    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="lever re-runs to time")
    parser.add_argument("--engine", action="append", help="engines to time (default: both)")
    args = parser.parse_args()
    engines = args.engine or ["fast", "pysd"]
    table: dict[str, dict[str, list[float]]] = {}
    targets: dict[str, str] = {}
    for engine in engines:
        for name, values, target in measure(args.repeat, engine):
            table.setdefault(name, {})[engine] = values
            targets[name] = target
    print(
        f"| measurement | {' | '.join(f'{e} engine (median, min-max) s' for e in engines)} "
        "| target |"
    )
    print(f"|---|{'---|' * len(engines)}---|")
    for name, by_engine in table.items():
        cells = []
        for engine in engines:
            values = by_engine.get(engine, [])
            cells.append(
                f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f}, "
                f"n={len(values)})"
                if values
                else "–"
            )
        print(f"| {name} | {' | '.join(cells)} | {targets[name]} |")


def _browser_page(pw: Any, url: str) -> tuple[Any, Page]:
    browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.set_default_timeout(TIMEOUT_MS)
    return browser, page


def measure(repeat: int, engine: str) -> list[tuple[str, list[float], str]]:
    rows: list[tuple[str, list[float], str]] = []
    with contextlib.ExitStack() as stack:
        fresh = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ikm-bench-")))
        env = {"IKM_SIM_ENGINE": engine, "IKM_SIM_CACHE": str(fresh / "models")}
        run_cache = fresh / "runs"
        started = time.perf_counter()
        with serve_app(run_cache, env=env) as url, sync_playwright() as pw:
            start = time.perf_counter() - started
            rows.append(("`make app` start until the server answers (fresh clone)", [start], "–"))
            browser, page = _browser_page(pw, url)
            first = timed(lambda: load(page, url))
            rows.append(("First-ever load (first visitor after that start)", [first], "≤ 3 s"))
            warm = []
            for _ in range(repeat):
                other = browser.new_page(viewport={"width": 1400, "height": 1800})
                other.set_default_timeout(TIMEOUT_MS)
                warm.append(timed(lambda: load(other, url)))  # noqa: B023
                other.close()
            rows.append(("First load, new session (results cached)", warm, "–"))
            year_times = []
            slider = page.locator("[data-testid='stSlider']").first.get_by_role("slider")
            for _ in range(repeat):
                slider.focus()
                year_times.append(timed(lambda: press_and_settle(page, slider, "ArrowRight")))
            rows.append(("Overview year slider -> charts redrawn (no model run)", year_times, "–"))
            page.locator("[data-testid='stSidebarNav'] a", has_text="Scenāriju veidotājs").click()
            settled(page)
            rows.append(("Builder: first run (base + edited scenario)", [lever_run(page, -2)], "–"))
            reruns = [lever_run(page, -1) for _ in range(repeat)]
            rows.append(
                ("Builder: lever -> Run -> updated chart (one national run)", reruns, "≤ 1 s")
            )
            rows.append(
                (
                    "Builder: lever back to an earlier value (cached run)",
                    [lever_run(page, repeat)],
                    "–",
                )
            )
            browser.close()
        with serve_app(run_cache, env=env) as url, sync_playwright() as pw:
            browser, page = _browser_page(pw, url)
            rows.append(
                (
                    "First load, restarted server (prepared from the disk caches)",
                    [timed(lambda: load(page, url))],
                    "–",
                )
            )
            browser.close()
        cold = fresh / "cold"
        cold_env = {**env, "IKM_SIM_CACHE": str(cold / "models")}
        with serve_app(cold / "runs", env=cold_env, prepared=False) as url, sync_playwright() as pw:
            browser, page = _browser_page(pw, url)
            rows.append(
                (
                    "First load, bare `streamlit run app.py`, empty caches",
                    [timed(lambda: load(page, url))],
                    "–",
                )
            )
            browser.close()
    return rows


if __name__ == "__main__":
    main()

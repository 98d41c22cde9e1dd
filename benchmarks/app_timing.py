"""Browser-timed app benchmark: first load and lever -> updated chart, in Debian's Chromium.

Starts ``streamlit run app.py`` on a free port (cold caches), drives it with Playwright and
prints a Markdown table. Targets (issue 6): first load <= 5 s, re-run of the national model
<= 2 s.

The server's on-disk run cache (``IKM_SIM_RUN_CACHE``) is an empty temporary directory unless
``--run-cache DIR`` is given, so the first load is that of a first-ever start. At the end the
server is restarted on the same run cache and its first load is timed again (a restart with
unchanged model, data and scenarios: results read from disk, no model run).

    .venv/bin/python benchmarks/app_timing.py [--repeat 3] [--run-cache DIR]
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

from playwright.sync_api import Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.app_server import CHROMIUM_ARGS, chromium_path, serve_app  # noqa: E402

TIMEOUT_MS = 180_000


def settled(page: Page) -> None:
    """Wait until the script run is over and every chart has drawn (no fixed sleeps)."""
    with contextlib.suppress(PlaywrightTimeoutError):
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
    thumb.press(key)
    settled(page)


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

    def run() -> None:
        page.get_by_role("button", name="Aprēķināt").click()
        settled(page)
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
    parser.add_argument(
        "--run-cache",
        type=Path,
        default=None,
        help="the server's run cache directory (default: a new empty temporary directory)",
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        run_cache = args.run_cache or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="ikm-run-cache-"))
        )
        rows = measure(args.repeat, run_cache)

    print("| measurement | n | median s | min s | max s | target |")
    print("|---|---|---|---|---|---|")
    for name, values, target in rows:
        print(
            f"| {name} | {len(values)} | {statistics.median(values):.2f} | "
            f"{min(values):.2f} | {max(values):.2f} | {target} |"
        )


def measure(repeat: int, run_cache: Path) -> list[tuple[str, list[float], str]]:
    rows: list[tuple[str, list[float], str]] = []
    filled = any(run_cache.glob("*.zip"))
    cold_name = (
        "First load, cold server (overview; run cache already filled)"
        if filled
        else "First load, cold server, empty run cache (overview runs the national model)"
    )
    with serve_app(run_cache) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        viewport = {"width": 1400, "height": 1800}
        page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
        page.set_default_timeout(TIMEOUT_MS)
        cold = timed(lambda: load(page, url))
        rows.append((cold_name, [cold], "≤ 5 s"))
        warm = []
        for _ in range(repeat):
            other = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
            other.set_default_timeout(TIMEOUT_MS)
            warm.append(timed(lambda: load(other, url)))  # noqa: B023
            other.close()
        rows.append(("First load, new session (results cached)", warm, "≤ 5 s"))

        year_times = []
        slider = page.locator("[data-testid='stSlider']").first.get_by_role("slider")
        for _ in range(repeat):
            slider.focus()
            year_times.append(timed(lambda: press_and_settle(page, slider, "ArrowRight")))
        rows.append(("Overview year slider -> charts redrawn (no model run)", year_times, "–"))

        page.locator("[data-testid='stSidebarNav'] a", has_text="Scenāriju veidotājs").click()
        settled(page)
        first = lever_run(page, -2)
        rows.append(("Builder: first run (base + edited scenario)", [first], "–"))
        reruns = [lever_run(page, -1) for _ in range(repeat)]
        rows.append(("Builder: lever -> Run -> updated chart (one national run)", reruns, "≤ 2 s"))
        cached = [lever_run(page, repeat)]
        rows.append(("Builder: lever back to an earlier value (cached run)", cached, "–"))
        browser.close()

    # Restart on the same run cache: the overview's run is read from disk.
    with serve_app(run_cache) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.set_default_timeout(TIMEOUT_MS)
        restart = timed(lambda: load(page, url))
        rows.append(("First load, restarted server (run read from disk)", [restart], "≤ 5 s"))
        browser.close()
    return rows


if __name__ == "__main__":
    main()

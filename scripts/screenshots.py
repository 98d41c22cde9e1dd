"""Screenshots of every page of the app, in Latvian and English, for the README.

Starts the app as ``make app`` does (`tests.e2e.app_server.serve_app`, its own empty run
cache), opens every page in Debian's Chromium with Playwright, presses the Uncertainty page's
and the Sensitivity page's run buttons (100 samples; Morris with the smallest design) so their
charts are drawn, and saves ``<page>_<lang>.png`` (the top of the page, 1440 px wide) into the
output folder. Rerun it when the pages change, not on every test run.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--height 1100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ikm_sim.atomic import write_bytes_atomic  # noqa: E402
from tests.e2e.app_server import CHROMIUM_ARGS, chromium_path, serve_app  # noqa: E402
from tests.e2e.conftest import wait_for_app  # noqa: E402

#: Page url path, its menu title in Latvian and English, and the run button to press (LV, EN).
PAGES = (
    ("overview", "Valsts kopskats", "National overview", None),
    ("municipality", "Pašvaldība", "Municipality", None),
    ("builder", "Scenāriju veidotājs", "Scenario builder", None),
    ("uncertainty", "Nenoteiktība", "Uncertainty", ("Aprēķināt diapazonu", "Compute range")),
    ("sensitivity", "Jutīgums", "Sensitivity", ("Aprēķināt jutīgumu", "Compute sensitivity")),
    ("calibration", "Kalibrēšana un ticamība", "Calibration and validity", None),
    ("funding", "Finansējums", "Funding", None),
    ("data", "Dati un to izcelsme", "Data and provenance", None),
)
TIMEOUT_MS = 300_000


def _shoot(page: Page, url: str, out: Path, lang: str) -> list[Path]:
    """Every page in `lang`: open it, press its run button if it has one, save the picture."""
    page.goto(f"{url}/?lang={lang}")
    wait_for_app(page)
    saved = []
    for stem, lv, en, run in PAGES:
        page.locator("[data-testid='stSidebarNav'] a", has_text=lv if lang == "lv" else en).click()
        wait_for_app(page)
        if run is not None:
            button = page.get_by_role("button", name=run[0] if lang == "lv" else run[1])
            if button.count():
                button.first.click()
                wait_for_app(page)
        path = out / f"{stem}_{lang}.png"
        write_bytes_atomic(path, page.screenshot())
        saved.append(path)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    """Save the screenshots; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--height", type=int, default=1100, help="picture height, px")
    args = parser.parse_args(argv)
    if not Path(chromium_path()).exists():
        print(f"Chromium not found at {chromium_path()}; run 'make chromium'", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as cache,
        serve_app(Path(cache)) as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for lang in ("lv", "en"):
                context = browser.new_context(
                    viewport={"width": 1440, "height": args.height}, locale="lv-LV"
                )
                context.set_default_timeout(TIMEOUT_MS)
                try:
                    _shoot(context.new_page(), url, args.out, lang)
                finally:
                    context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

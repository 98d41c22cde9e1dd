"""Browser-test fixtures: the app served by `streamlit run` and Debian's Chromium via Playwright.

Set ``IKM_SIM_E2E_URL`` to test an app that is already running instead of starting one, and
``IKM_SIM_CHROMIUM`` to use another Chromium binary. Playwright never downloads a browser here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ikm_sim.ui.state import model_runner
from tests.e2e.app_server import CHROMIUM_ARGS, ROOT, chromium_path, serve_app

#: Marks of every browser-test module: e2e, a generous timeout, and skipped without a runner.
E2E_MARKS = [
    pytest.mark.e2e,
    pytest.mark.timeout(600),
    pytest.mark.skipif(
        model_runner() is None and not os.environ.get("IKM_SIM_E2E_URL"),
        reason="ikm_sim.run (the model runner) does not exist yet",
    ),
]

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
#: Generous: the first page load runs the national model (a few seconds on 2 cores).
APP_TIMEOUT_MS = 120_000


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve app.py with `streamlit run` on a free port for the whole session.

    The server gets an empty run cache of its own (``IKM_SIM_RUN_CACHE``), so its first page
    load runs the model as on a first start, whatever earlier runs left in ``.cache/runs``.
    """
    external = os.environ.get("IKM_SIM_E2E_URL")
    if external:
        yield external.rstrip("/")
        return
    ARTIFACTS.mkdir(exist_ok=True)
    cache = tmp_path_factory.mktemp("run-cache")
    with (ARTIFACTS / "streamlit-e2e.log").open("wb") as log, serve_app(cache, log) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = chromium_path()
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}; run 'make chromium'")
    browser = playwright_instance.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh browser session (so a fresh Streamlit session: Latvian by default)."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 3400}, accept_downloads=True, locale="lv-LV"
    )
    context.set_default_timeout(APP_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until the script run has finished and every chart on the page has drawn."""
    # The run may already be over (or not yet started); only then is this wait cut short.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_selector(
            "[data-testid='stApp'][data-test-script-state='running']", timeout=1500
        )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']"
        "[data-test-connection-state='CONNECTED']",
        timeout=APP_TIMEOUT_MS,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".every(el => el.querySelector('canvas, svg'))",
        timeout=APP_TIMEOUT_MS,
    )
    page.wait_for_timeout(500)


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot of the page under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

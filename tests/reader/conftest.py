"""A real Chromium (Debian's, never one Playwright downloads) driving the demo reader on live_server.

Without /usr/bin/chromium the browser tests skip, saying how to install it, unless
CMS_REQUIRE_BROWSER=1 (CI sets it): then they fail, so CI can never pass without running them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install Debian's chromium package (apt-get install chromium)"


def _unavailable(reason: str):
    if os.environ.get("CMS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}: the browser tests are required here (CMS_REQUIRE_BROWSER=1); {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{reason}; {INSTALL_HINT} to run the browser tests")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is absent")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
    # calls from the tests ("You cannot call this from an async context") unless told otherwise.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def demo(transactional_db, settings):
    """The demo newsroom (seed_demo), with the comment flood intervals off so tests can post at once."""
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": 0, "COMMENT_MIN_INTERVAL_PER_EMAIL": 0}
    call_command("seed_demo", "--no-admin", stdout=io.StringIO())


@pytest.fixture
def page(browser, live_server, demo):
    """A fresh browser context (no cookies) on the live server; fails the test on any script error."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"uncaught errors in the reader: {errors}"


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (test-artifacts/, not committed)."""
    folder = Path(django_settings.BASE_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


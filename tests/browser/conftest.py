"""Browser fixtures: Playwright driving the system Chromium against pytest-django's live server.

Browsers are never downloaded: where /usr/bin/chromium is missing the browser tests are skipped
and the run says so at the end (see plugin.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.plugin import CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(headless=True, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_friendly_settings(settings: Any) -> None:
    """Two-factor stays off: these tests are about pages, not about enrolment."""
    settings.SIGAP_REQUIRE_2FA = False


def new_page(browser: Any, viewport: dict[str, int], *, bypass_csp: bool = False) -> Any:
    context = browser.new_context(viewport=viewport, locale="id-ID", bypass_csp=bypass_csp)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page_factory(browser: Any) -> Iterator[Any]:
    """Open pages in fresh browser contexts (own cookies), closed at the end of the test."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int], *, bypass_csp: bool = False) -> Any:
        page = new_page(browser, viewport, bypass_csp=bypass_csp)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()

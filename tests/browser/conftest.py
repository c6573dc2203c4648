"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They run only when selected (`pytest -m browser`, `make test-browser`); a plain `pytest` skips them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_selected(config: pytest.Config) -> bool:
    expression = config.getoption("markexpr") or ""
    return "browser" in expression and "not browser" not in expression


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip browser tests unless `-m browser` selected them."""
    if _browser_selected(config):
        # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from inside
        # one unless told that this is safe (it is here: the test and the live server use their own
        # connections). Set only in a browser run, so it never leaks into other tests' processes.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        return
    skip = pytest.mark.skip(reason="a browser test: run it with `pytest -m browser`")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:
    """A fresh page at 1280 × 900 that may reach the live server only: any other request is refused
    and recorded in ``page.outside_requests`` (the app must load nothing from a CDN)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    page = context.new_page()
    page.outside_requests = []

    def only_local(route, request):
        if request.url.startswith(live_server.url) or request.url.startswith("data:"):
            route.continue_()
        else:
            page.outside_requests.append(request.url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    context.close()

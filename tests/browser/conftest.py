"""Real-browser fixtures: Python Playwright driving Debian's Chromium (never a downloaded one)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# synchronous and safe, so Django's async-safety guard is told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # Under pytest-xdist (`--dist loadgroup`) they share one worker, so one Chromium
            # starts, and the other workers take the rest of the suite meanwhile.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed: run `make test`, which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _no_page_outlives_its_test(request):
    """Every browser context a test opened is closed when it ends, failed or not.

    An open page goes on asking the live server for new comments every LIVE_POLL_SECONDS, and
    on SQLite the live server's thread shares the test database's connection: a stray request
    in a later test on the same worker can open a transaction under it (CI once failed a
    migration test that way, "SQLite schema editor cannot be used while foreign key constraint
    checks are enabled", with "Not Found: /api/v1/stories/35/live" in its log).
    """
    yield
    if "browser" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        for context in list(browser.contexts):
            context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path):
    """The demo newspaper, loaded into the test database, photos in a temporary media folder."""
    from townsquare.front.demo.stories import demo_load

    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(request, settings):
    """Townsquare's own pages are on ``SITE_URL``: the article page's script is first-party
    there (its API requests carry the reader's cookies), so it must be the live server's."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url

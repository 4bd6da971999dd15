"""Browser tests: Playwright driving Debian chromium, headless, against the live test server.

Never a downloaded browser: CHROMIUM_PATH (default /usr/bin/chromium) must exist; `make test`
installs Debian's package when it is missing.
"""

import os
from pathlib import Path

import pytest

from tests import factories

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these the closed network refuses Chromium's background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: install Debian's chromium (make browser)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def plain_static_names(settings):
    """The live server finds static files by their plain names; production serves the
    hashed names from STATIC_ROOT through WhiteNoise."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server, transactional_db, plain_static_names):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    console_errors: list[str] = []
    tab.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    # A page that breaks our content security policy, or loads something missing, is a defect.
    assert console_errors == [], console_errors


def _sign_in(page, user, *, password: str = factories.TEST_PASSWORD) -> None:
    """Sign in through the real forms: password, then the authenticator's current code."""
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill(factories.totp_code(user))
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name=f"Welcome, {user.display_name}").wait_for()


@pytest.fixture
def sign_in():
    return _sign_in


def nav_to(page, group: str, entry: str) -> None:
    """Follow the main navigation: open the group's menu (a group with one page is a plain
    link, then `entry` is that link), then the entry."""
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    if menu.count() and menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()  # a phone: the navigation folds behind one button
    toggle = nav.get_by_role("button", name=group)
    if toggle.count():
        toggle.click()
    nav.get_by_role("link", name=entry, exact=True).click()

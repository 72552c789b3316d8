"""Browser tests of the clerk panel: Playwright (sync API) driving Debian's Chromium against
pytest-django's live server.

- The browser is the system's `chromium` (or PLAYWRIGHT_CHROMIUM_EXECUTABLE): `playwright
  install` downloads its own build, which this project cannot fetch. `make test` installs it.
  Without it these tests fail; they are never skipped.
- Screenshots of the viewport are kept in var/test-artefacts/e2e/<test>/ (E2E_ARTEFACTS_DIR
  overrides): one per journey step that matters, and `failure.png` when a test fails.
- Bangla is drawn with the fonts the project ships for its PDFs (backend/documents/fonts), so
  screenshots are readable on a machine without Bangla system fonts.
"""

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

VIEWPORT = {"width": 1366, "height": 768}
STEP_TIMEOUT_MS = 10_000  # one click or one page; a journey's own waits may say more
DEMO_PASSWORD = "demo-pass-2025"


def chromium_executable() -> str:
    path = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Chromium is missing: the browser tests need Debian's chromium "
            "(`make test` installs it; or set PLAYWRIGHT_CHROMIUM_EXECUTABLE).",
            pytrace=False,
        )
    return path


def artefacts_root() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "test-artefacts" / "e2e"
    return Path(os.environ.get("E2E_ARTEFACTS_DIR") or default)


def _fontconfig_file(directory: Path) -> Path:
    """The system's fonts plus the project's Noto Sans / Noto Sans Bengali."""
    shipped = Path(settings.BASE_DIR) / "backend" / "documents" / "fonts"
    config = directory / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{shipped}</dir>\n"
        f"  <cachedir>{directory / 'cache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    return config


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    # Sync Playwright keeps an asyncio loop on this thread, and Django then refuses ORM calls
    # from it (SynchronousOnlyOperation). Allowed for the browser tests only, and restored.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as driver:
            yield driver
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = chromium_executable()
    args = ["--disable-dev-shm-usage"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run its sandbox as root
    with tempfile.TemporaryDirectory(prefix="e2e-fonts-") as fonts:
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig_file(Path(fonts)))}
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=args, env=env
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the page fixture knows it failed."""
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


class Journey:
    """One browser tab on the live server, with the screenshots of the steps that matter."""

    def __init__(self, page: Page, base_url: str, artefacts: Path) -> None:
        self.page = page
        self.base_url = base_url
        self.artefacts = artefacts
        self._steps = 0

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, label: str) -> Path:
        """A PNG of the viewport, numbered in journey order."""
        self._steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        path = self.artefacts / f"{self._steps:02d}-{slug}.png"
        self.page.screenshot(path=str(path))
        return path

    def log_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Through the real admin login form, as a clerk does."""
        page = self.page
        page.goto(self.url("/admin/login/?next=/admin/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("#login-form [type=submit]").click()
        expect(page.locator("#login-form")).to_have_count(0)
        expect(page.locator("#user-tools")).to_be_visible()


@pytest.fixture
def browser_viewport() -> dict[str, int]:
    """The screen the journey runs on; a test module overrides it (a 360-pixel phone, say)."""
    return VIEWPORT


@pytest.fixture
def journey(request, browser: Browser, live_server, browser_viewport) -> Iterator[Journey]:
    artefacts = artefacts_root() / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(artefacts, ignore_errors=True)  # only this run's pictures
    artefacts.mkdir(parents=True)
    context = browser.new_context(
        viewport=browser_viewport,
        locale="en-GB",
        timezone_id="Asia/Dhaka",
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    try:
        yield Journey(page, live_server.url, artefacts)
    finally:
        failed = any(
            getattr(getattr(request.node, f"e2e_report_{when}", None), "failed", False)
            for when in ("setup", "call")
        )
        if failed:
            with contextlib.suppress(PlaywrightError):  # a crashed page has no picture to keep
                page.screenshot(path=str(artefacts / "failure.png"))
        context.close()


@pytest.fixture
def pilot_demo(transactional_db) -> None:
    """The pilot pourashavas' demo data, as `make run` loads it."""
    call_command("load_demo_data", stdout=StringIO())

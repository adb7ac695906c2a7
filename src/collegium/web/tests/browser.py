"""Shared pieces of the browser journeys: Debian's Chromium driven by Playwright against
pytest-django's live server (no browser is downloaded)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from collegium.core.testing import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = Path(settings.PROJECT_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls are
    # in another thread, so Django's async-safety guard does not apply here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def open_page(browser, live_server):  # type: ignore[no-untyped-def]
    contexts = []

    def _open(person, *, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", person.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def private_queue(tmp_path):  # type: ignore[no-untyped-def]
    """Jobs queued by the live server go to a queue file of the test's own, never the developer's
    under var/ (a worker running there must not see them); the journey runs them with job_run."""
    from huey.storage import SqliteStorage

    from collegium.notifications.queue import huey

    saved = huey.storage
    huey.storage = SqliteStorage(name="collegium-browser", filename=str(tmp_path / "queue.sqlite3"))
    yield huey
    huey.storage = saved


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

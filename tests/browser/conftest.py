"""Browser tests: pytest-playwright with Debian's chromium against the live_server."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


# CI runs the SQLite and the PostgreSQL pass at once on two cores, chromium beside them: an
# expectation waits up to 10 s there (playwright's default is 5 s) before it fails.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session", autouse=True)
def _allow_async_unsafe():
    # Playwright's sync API keeps an event loop running in the test thread; the ORM calls of these
    # tests (fixtures, assertions) are still synchronous and safe. Set only when browser tests run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class _OneRequestAtATime(WSGIServer):
    """Django's plain WSGIServer (it closes each connection after its response), taking the
    keyword the live server passes; the server thread itself holds the overridden connection."""

    def __init__(self, *args: object, connections_override: object = None, **kwargs: object):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time():
    """The live server shares the test's in-memory SQLite connection with its request threads;
    two pages polling at once (a facilitator board, phones) then used it from two threads and
    SQLite failed now and then with "bad parameter or other API misuse". The live server now
    answers one request at a time."""
    original = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATime
    yield
    LiveServerThread.server_class = original


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors

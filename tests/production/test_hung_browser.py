"""A hung chart browser never hangs the pages, and the PDF's page then says 503 in time.

The chart browser runs in the task worker, so the web workers never wait for it at all.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .server import Browser, ProductionServer

# Uses its own server and SQLite database; what it proves does not depend on the database.
pytestmark = pytest.mark.dbless

HUNG_BROWSER_STARTUP = 8


@pytest.fixture(scope="module")
def hung_server(tmp_path_factory, static_root):
    workdir = tmp_path_factory.mktemp("hung")
    browser = workdir / "chromium"
    browser.write_text("#!/bin/sh\nexec sleep 600\n")  # starts, then never answers
    browser.chmod(0o755)
    server = ProductionServer(workdir, use_postgres=False)
    server.env["CHROMIUM_PATH"] = str(browser)
    # The worker gives up on the browser after 8 s instead of 20: long enough for the pages
    # below to be asked for while it waits, short enough not to idle the test suite.
    server.env["CHART_STARTUP_TIMEOUT"] = str(HUNG_BROWSER_STARTUP)
    try:
        server.prepare(static_root=static_root)
        server.start()
        yield server
    finally:
        server.cleanup()


def test_pages_stay_fast_while_reports_wait_for_a_hung_browser(hung_server):
    assessment = hung_server.new_assessments(1)[0]
    base = f"/de/a/{assessment['token']}/"
    browser = Browser(hung_server.port)
    csrf = browser.csrf_token(base + "p/strategy/")
    key = assessment["keys"][0]
    saved = browser.post(
        base + "answer/",
        {"csrfmiddlewaretoken": csrf, "question": key, f"{key}-value": "3"},
        headers={"HX-Request": "true"},
    )
    assert saved.status == 200  # with an answer, the report needs its chart
    pdf = base + "report.pdf"
    with ThreadPoolExecutor(max_workers=3) as pool:
        downloads = [
            pool.submit(hung_server.report, Browser(hung_server.port), pdf, timeout=90)
            for _ in range(2)
        ]
        time.sleep(1)  # the worker is waiting for the browser now
        slowest = 0.0
        for _ in range(10):
            started = time.monotonic()
            assert Browser(hung_server.port).get("/de/").status == 200
            slowest = max(slowest, time.monotonic() - started)
        reports_waited_meanwhile = not any(download.done() for download in downloads)
        answers = [download.result() for download in downloads]
    # Generous against a noisy machine, and below the time the worker waits for the browser.
    assert slowest < 5, f"the home page waited {slowest:.1f} s behind the reports"
    assert reports_waited_meanwhile, "the pages were asked for after the reports had given up"
    # One report of one state: both waited for the same task, which gave up within its limits.
    assert [answer.status for answer in answers] == [503, 503]
    assert all('data-state="unavailable"' in answer.text for answer in answers)


def test_no_browser_outlives_the_server(hung_server):
    hung_server.stop()
    time.sleep(1)
    leftovers = [
        pid
        for pid in os.listdir("/proc")
        if pid.isdigit()
        and _cmdline(pid).startswith(f"/bin/sh {hung_server.workdir}")
        or (pid.isdigit() and str(hung_server.workdir) in _cmdline(pid))
    ]
    assert leftovers == []


def _cmdline(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""

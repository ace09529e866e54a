"""The README's production steps, followed literally, serve every kind of page."""

from __future__ import annotations

import re

import pytest

from .server import ADMIN_PATH, ROOT, Browser

# Production configuration, not database behaviour: CI runs it once, on SQLite. (The tests of
# concurrency, SIGKILL and the finish race run on PostgreSQL too.)
pytestmark = pytest.mark.dbless

TOKEN_PAGES = ("link/", "p/strategy/", "review/", "results/", "results.json", "answers.csv")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _assert_security_headers(response, path):
    for name, value in SECURITY_HEADERS.items():
        assert response.header(name) == value, (path, name)
    assert "max-age=" in response.header("Strict-Transport-Security"), path


def _assert_private(response, path):
    assert "no-store" in response.header("Cache-Control"), path


@pytest.fixture(scope="module")
def journey(production_server):
    """One self-assessment taken through the pages, as a browser would."""
    browser = Browser(production_server.port)
    home = browser.get("/de/")
    csrf = browser.csrf_token("/de/start/")
    created = browser.post(
        "/de/start/",
        {
            "csrfmiddlewaretoken": csrf,
            "organisation_name": "Rauch & Söhne AG",
            "industry": "trade",
            "size_band": "10-49",
            "country": "CH",
            "language": "de",
        },
    )
    assert created.status == 302, created.text[:500]
    token = re.search(r"/a/([A-Za-z0-9_-]+)/link/", created.header("Location")).group(1)
    base = f"/de/a/{token}/"
    page = browser.get(base + "p/strategy/")
    keys = re.findall(r'name="([a-z_]+)-value" value="3"', page.text)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    saved = browser.post(
        base + "answer/",
        {"csrfmiddlewaretoken": csrf, "question": keys[0], f"{keys[0]}-value": "4"},
        headers={"HX-Request": "true"},
    )
    assert saved.status == 200, saved.text[:300]
    form = {"csrfmiddlewaretoken": csrf, "goto": "review"}
    form.update({f"{key}-value": "3" for key in keys[1:]})
    submitted = browser.post(base + "p/strategy/", form)
    assert submitted.status == 302, submitted.text[:300]
    finished = browser.post(base + "finish/", {"csrfmiddlewaretoken": csrf})
    assert finished.status == 302
    return browser, base, home, token


def test_home_and_start_pages(production_server, journey):
    browser, _base, home, _token = journey
    assert home.status == 200
    _assert_security_headers(home, "/de/")
    policy = home.header("Content-Security-Policy")
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in home.text
    start = browser.get("/de/start/")
    assert start.status == 200
    _assert_private(start, "/de/start/")


def test_static_files_are_served_from_the_manifest(production_server, journey):
    _browser, _base, home, _token = journey
    references = re.findall(r'(?:href|src)="(/static/[^"]+)"', home.text)
    assert references, "the page references static files"
    for path in references:
        assert re.search(r"\.[0-9a-f]{12}\.", path), f"{path} is not a hashed name"
        response = Browser(production_server.port).get(path)
        assert response.status == 200, path
        assert "max-age=315360000" in response.header("Cache-Control"), path


@pytest.mark.parametrize("page", TOKEN_PAGES)
def test_every_token_page_is_served_privately(journey, page):
    browser, base, _home, _token = journey
    response = browser.get(base + page)
    assert response.status == 200, (page, response.text[:300])
    _assert_security_headers(response, page)
    _assert_private(response, page)


def test_results_json_and_csv_hold_the_answers(journey):
    browser, base, _home, _token = journey
    data = browser.get(base + "results.json")
    assert '"overall"' in data.text
    assert "Rauch & Söhne AG" in data.text
    csv = browser.get(base + "answers.csv")
    assert csv.header("Content-Type").startswith("text/csv")
    assert "strategy" in csv.text


@pytest.mark.parametrize(
    ("page", "content_type", "magic"),
    [
        ("report.pdf", "application/pdf", b"%PDF-"),
        ("report.docx", "application/vnd.openxmlformats", b"PK"),
    ],
)
def test_reports_download(journey, production_server, page, content_type, magic):
    browser, base, _home, _token = journey
    first = browser.get(base + page)
    assert first.status == 302, "the report is made by the worker, not the web worker"
    response = production_server.report(browser, base + page)
    assert response.status == 200, response.text[:300]
    assert response.header("Content-Type").startswith(content_type)
    assert response.body.startswith(magic)
    assert "attachment" in response.header("Content-Disposition")
    _assert_security_headers(response, page)
    _assert_private(response, page)
    again = browser.get(base + page)  # the same state: the kept report, at once
    assert again.status == 200 and again.body == response.body


def test_the_chart_browser_runs_in_the_task_worker_only(journey, production_server):
    browser, base, _home, _token = journey
    assert production_server.report(browser, base + "report.pdf").status == 200

    def commands(root):
        return [_cmdline(pid) for pid in production_server.process_ids(root)]

    assert not [c for c in commands(production_server.process) if "chrom" in c]
    assert [c for c in commands(production_server.worker) if "chart_renderer" in c]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_admin_login_page(production_server):
    response = Browser(production_server.port).get(ADMIN_PATH)
    assert response.status == 200
    _assert_security_headers(response, ADMIN_PATH)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE"])
def test_other_methods_are_refused(journey, method):
    browser, base, _home, _token = journey
    # With a valid CSRF token, so that the refusal comes from the view and not from CSRF.
    headers = {"X-CSRFToken": browser.cookies["csrftoken"], "Origin": "https://127.0.0.1"}
    for path in ("/de/", base + "review/", base + "results/", base + "results.json"):
        assert browser.request(method, path, headers=headers).status == 405, (method, path)


def test_head_works_where_get_does(journey):
    browser, base, _home, _token = journey
    for path in ("/de/", base + "results/", base + "answers.csv"):
        response = browser.request("HEAD", path)
        assert response.status == 200, path
        assert response.body == b""


def test_unknown_token_is_a_404(production_server):
    response = Browser(production_server.port).get("/de/a/" + "Z" * 43 + "/results/")
    assert response.status == 404
    _assert_security_headers(response, "404")


def test_access_log_never_holds_a_token(production_server, journey):
    _browser, _base, _home, token = journey
    Browser(production_server.port).get("/de/a/" + "Q" * 43 + "/review/")  # a 404 is logged too
    log = production_server.log_path.read_text()
    assert f"/a/{token[:4]}…/results/" in log, "the access log records token paths, masked"
    assert token not in log
    assert "Q" * 20 not in log


def test_readme_production_section_is_what_this_test_runs():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    for command in (
        "manage.py collectstatic --noinput",
        "manage.py migrate --noinput",
        "manage.py load_catalog",
        "gunicorn -c config/gunicorn.conf.py config.wsgi",
    ):
        assert command in section, command


def test_a_consultant_signs_in_and_opens_the_client_pages(production_server):
    production_server.query(
        """
from assessment.consultants import consultant_create
consultant_create(
    email="smoke@beratung.example", name="Sam Smoke", workspace_name="Smoke AG",
    password="ein-sicheres-Passwort-42",
)
result = True
"""
    )
    browser = Browser(production_server.port)
    csrf = browser.csrf_token("/de/accounts/login/")
    signed_in = browser.post(
        "/de/accounts/login/",
        {
            "csrfmiddlewaretoken": csrf,
            "username": "smoke@beratung.example",
            "password": "ein-sicheres-Passwort-42",
        },
    )
    assert signed_in.status == 302, signed_in.text[:300]
    assert signed_in.header("Location") == "/de/clients/"
    for path in ("/de/clients/", "/de/clients/new/", "/de/workspace/", "/de/workspace/members/"):
        response = browser.get(path)
        assert response.status == 200, (path, response.text[:300])
        _assert_security_headers(response, path)
        _assert_private(response, path)

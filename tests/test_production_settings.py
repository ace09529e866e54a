"""Production settings as the environment makes them: each case imports them in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.dbless

ROOT = Path(__file__).resolve().parents[1]
HOST = "kompass.example.com"
PROBE_PATH = "/i18n/setlang/?next=/en/"

# Asks the settings and two requests that need no database and no template (set_language only
# redirects): one that arrives over plain HTTP
# claiming X-Forwarded-Proto: https, and one over HTTPS (the only kind that gets HSTS).
PROBE = f"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(headers={{"host": "{HOST}"}})
forwarded = client.get("{PROBE_PATH}", headers={{"x-forwarded-proto": "https"}})
secure = client.get("{PROBE_PATH}", secure=True)
print(json.dumps({{
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "silenced": settings.SILENCED_SYSTEM_CHECKS,
    "forwarded_status": forwarded.status_code,
    "forwarded_location": forwarded.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "chart_startup_timeout": settings.CHART_STARTUP_TIMEOUT,
}}))
"""


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": "x9-" + "k" * 60 + "-production-like-secret",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }


def probe(tmp_path: Path, **extra: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=production_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("extra", "kept"), [({}, 60), ({"CONN_MAX_AGE": "0"}, 0)])
def test_a_sqlite_connection_is_kept_for_the_next_request_unless_set_otherwise(
    tmp_path, extra, kept
):
    # Opening a SQLite connection (file, schema, the WAL pragmas) costs about as much as a
    # whole answer's statements (docs/performance.md, fifth round).
    assert probe(tmp_path, **extra)["conn_max_age"] == kept


@pytest.mark.parametrize(
    ("extra", "seconds"), [({}, 20.0), ({"CHART_STARTUP_TIMEOUT": "7.5"}, 7.5)]
)
def test_the_chart_browser_start_up_limit_comes_from_the_environment(tmp_path, extra, seconds):
    assert probe(tmp_path, **extra)["chart_startup_timeout"] == seconds


def test_hsts_covers_only_this_host_unless_the_operator_opts_in(tmp_path):
    facts = probe(tmp_path)
    assert facts["hsts"] == "max-age=31536000"


def test_hsts_preload_and_subdomains_when_set(tmp_path):
    facts = probe(tmp_path, SECURE_HSTS_PRELOAD="true", SECURE_HSTS_INCLUDE_SUBDOMAINS="true")
    assert facts["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert facts["silenced"] == []


@pytest.mark.parametrize(
    ("extra", "silenced"),
    [
        ({}, ["security.W005", "security.W021"]),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true"}, ["security.W021"]),
        ({"SECURE_HSTS_PRELOAD": "yes"}, ["security.W005"]),
    ],
)
def test_only_the_hsts_warnings_the_operator_chose_are_silenced(tmp_path, extra, silenced):
    assert probe(tmp_path, **extra)["silenced"] == silenced


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"SECURE_HSTS_PRELOAD": "true", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true"},
        {"BEHIND_PROXY": "true"},
    ],
)
def test_check_deploy_stays_clean(tmp_path, extra):
    result = check_deploy(tmp_path, **extra)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_still_warns_about_a_short_hsts(tmp_path):
    # The silencing is narrow: other HSTS problems still fail the deploy check.
    result = check_deploy(tmp_path, SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_x_forwarded_proto_is_ignored_without_a_proxy(tmp_path):
    facts = probe(tmp_path)
    assert facts["proxy_ssl_header"] is None
    # A client's own claim of HTTPS does not count: it is redirected like any plain request.
    assert facts["forwarded_status"] == 301
    assert facts["forwarded_location"] == f"https://{HOST}{PROBE_PATH}"


def test_x_forwarded_proto_is_trusted_behind_a_proxy(tmp_path):
    facts = probe(tmp_path, BEHIND_PROXY="true")
    assert facts["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert facts["forwarded_status"] == 302
    assert facts["forwarded_location"] == "/en/"


def test_redirects_forbid_framing_too(client):
    # LocaleMiddleware answers "/" with a redirect of its own; it carries the header as well.
    response = client.get("/")
    assert response.status_code == 302
    assert response["X-Frame-Options"] == "DENY"


def test_the_language_cookie_is_out_of_reach_of_scripts(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"})
    assert response.status_code == 302
    assert response.cookies["django_language"]["httponly"] is True

"""Tokens never reach a log: tracebacks, gunicorn's error log and every access-log field.

The records of real 404 and 500 responses are in tests/test_log_masking.py, the access log of
the running server in test_smoke.py.
"""

from __future__ import annotations

import datetime
import logging
import sys
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from config.logging import MaskTokensFilter, TokenMaskingGunicornLogger, mask_tokens

pytestmark = pytest.mark.dbless

TOKEN = "Zz9_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"


@pytest.mark.parametrize(
    "text",
    [
        f"Reverse for 'results' with keyword arguments '{{'token': '{TOKEN}'}}' not found.",
        f"token={TOKEN}",
        f'{{"token": "{TOKEN}"}}',
    ],
)
def test_a_token_outside_a_path_is_masked(text):
    masked = mask_tokens(text)
    assert TOKEN not in masked
    assert TOKEN[:4] + "…" in masked


def test_a_traceback_is_written_masked():
    try:
        raise LookupError(f"no assessment at /de/a/{TOKEN}/results/")
    except LookupError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Server Error", (), sys.exc_info()
        )
    MaskTokensFilter().filter(record)
    written = logging.Formatter().format(record)
    assert "LookupError" in written and "Traceback" in written
    assert TOKEN not in written


def _gunicorn_logger(access_log_format: str) -> TokenMaskingGunicornLogger:
    config = Config()
    config.set("accesslog", "-")
    config.set("errorlog", "-")
    config.set("access_log_format", access_log_format)
    return TokenMaskingGunicornLogger(config)


def test_every_access_log_field_is_masked(capsys):
    # An operator's own format may name the referer and the raw URI, which hold the token too.
    log = _gunicorn_logger('%(h)s "%(r)s" %(U)s %(q)s "%(f)s" %({raw_uri}e)s %({referer}i)s')
    path = f"/de/a/{TOKEN}/results/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + f"?token={TOKEN}",
        "PATH_INFO": path,
        "QUERY_STRING": f"token={TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://kompass.example.com/de/a/{TOKEN}/review/",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    log.access(response, request, environ, datetime.timedelta(milliseconds=12))
    written = capsys.readouterr().out
    assert "/de/a/Zz9_…/results/" in written and "/de/a/Zz9_…/review/" in written
    assert TOKEN not in written


def test_gunicorn_error_messages_are_masked(capsys):
    log = _gunicorn_logger("%(r)s")
    log.error("Error handling request %s", f"/de/a/{TOKEN}/report.pdf")
    written = capsys.readouterr().err
    assert "Error handling request /de/a/Zz9_…/report.pdf" in written
    assert TOKEN not in written

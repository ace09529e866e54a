"""Private-link tokens never reach a log: Django's records are masked by a filter."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from config.logging import MaskTokensFilter, mask_tokens

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"GET /de/a/{TOKEN}/results/ HTTP/1.1", "GET /de/a/AbCd…/results/ HTTP/1.1"),
        (f"/en/a/{TOKEN}/report.pdf", "/en/a/AbCd…/report.pdf"),
        ("/de/a/short/", "/de/a/short/"),
        ("/de/start/", "/de/start/"),
    ],
)
def test_mask_tokens(text, masked):
    assert mask_tokens(text) == masked


def test_the_filter_masks_message_and_arguments():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/de/a/{TOKEN}/",), None
    )
    MaskTokensFilter().filter(record)
    assert TOKEN not in record.getMessage()
    assert "/de/a/AbCd…/" in record.getMessage()


@pytest.fixture
def log_lines(caplog):
    # The same filter as in LOGGING, on the handler that captures the records.
    caplog.handler.addFilter(MaskTokensFilter())
    caplog.set_level(logging.INFO)
    return caplog


def test_no_token_in_the_records_of_a_404_a_422_and_a_500(
    client, assessment, log_lines, monkeypatch
):
    from reports import views

    client.get(reverse("reports:results", kwargs={"token": TOKEN}))  # 404
    client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {"question": "nope"},
        headers={"HX-Request": "true"},
    )  # 422

    def crash(scored):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "results_context", crash)
    client.raise_request_exception = False
    client.get(reverse("reports:results", kwargs={"token": assessment.token}))  # 500
    text = "\n".join(log_lines.handler.format(record) for record in log_lines.records)
    assert "Not Found" in text and "Internal Server Error" in text
    assert TOKEN not in text
    assert assessment.token not in text
    assert f"/a/{assessment.token[:4]}…/" in text

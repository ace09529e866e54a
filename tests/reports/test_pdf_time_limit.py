"""One PDF has a time limit: past it the user gets the 503 page, not a hung worker."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from reports import pdf
from tests.factories import answer


def _slow_layout(html: str) -> bytes:
    time.sleep(1.5)
    return b"%PDF-late"


def test_a_render_past_the_limit_raises(monkeypatch, settings):
    settings.REPORT_RENDER_TIMEOUT = 0.2
    monkeypatch.setattr(pdf, "_layout", _slow_layout)
    started = time.monotonic()
    with pytest.raises(pdf.ReportTimedOut):
        pdf.html_to_pdf("<p>x</p>")
    assert time.monotonic() - started < 1.0
    time.sleep(1.5)  # let the background render finish before the next test


def test_a_render_within_the_limit_returns_the_pdf():
    assert pdf.html_to_pdf("<p>Kundenkompass</p>", timeout=30).startswith(b"%PDF-")


def test_the_download_answers_the_translated_503_page(client, assessment, monkeypatch):
    answer(assessment, assessment.catalog.questions.order_by("pk").first().key, 3)

    def too_slow(scored):
        raise pdf.ReportTimedOut("the PDF took longer than 40 s")

    monkeypatch.setattr(pdf, "report_pdf", too_slow)
    response = client.get(reverse("reports:report_pdf", kwargs={"token": assessment.token}))
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]

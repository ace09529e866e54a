"""Report downloads when the server cannot produce a report, and the results page's buttons.

(The successful downloads and the 404s are in test_report_views.py.)
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from reports import docx_report, pdf, views
from reports.chart_images import ChartUnavailable
from reports.pdf import ReportUnavailable
from tests.factories import answer, start_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(small_catalog):
    assessment = start_assessment(small_catalog, name="Beispiel AG")
    answer(assessment, small_catalog.questions.order_by("pk").first().key, 3)
    return assessment


def url(name: str, assessment, language: str = "de") -> str:
    with translation.override(language):
        return reverse(f"reports:{name}", kwargs={"token": assessment.token})


def fail_with(error: Exception):
    def build(scored):
        raise error

    return build


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    ("name", "module", "renderer", "error"),
    [
        ("report_pdf", pdf, "report_pdf", ReportUnavailable("Chromium not found")),
        ("report_pdf", pdf, "report_pdf", ChartUnavailable("the kaleido server stopped")),
        ("report_docx", docx_report, "report_docx", ReportUnavailable("no chart")),
    ],
)
def test_an_unavailable_report_is_a_translated_503(
    client, answered, monkeypatch, language, name, module, renderer, error
):
    monkeypatch.setattr(module, renderer, fail_with(error))
    monkeypatch.setattr(views, "missing_report_packages", lambda: ["chromium"])

    response = client.get(url(name, answered, language))

    assert response.status_code == 503
    assert "reports/report_progress.html" in [template.name for template in response.templates]
    assert "Content-Disposition" not in response
    with translation.override(language):
        assert gettext("The report cannot be created right now") in response.text
        assert gettext("Back to the results") in response.text
    assert "apt-get install chromium" in response.text
    assert url("results", answered, language) in response.text


def test_the_unavailable_page_without_a_known_package_points_to_the_check(
    client, answered, monkeypatch
):
    monkeypatch.setattr(pdf, "report_pdf", fail_with(ReportUnavailable("odd failure")))
    monkeypatch.setattr(views, "missing_report_packages", lambda: [])

    response = client.get(url("report_pdf", answered, "en"))

    assert response.status_code == 503
    assert "manage.py check" in response.text
    assert "odd failure" not in response.text  # no internals on the page


@pytest.mark.parametrize("name", ["report_pdf", "report_docx"])
def test_downloads_are_read_only(client, answered, name):
    assert client.post(url(name, answered)).status_code == 405


def test_results_page_has_the_two_download_buttons(client, answered):
    response = client.get(url("results", answered, "en"))

    html = response.text
    pdf_link = f'href="{url("report_pdf", answered, "en")}"'
    docx_link = f'href="{url("report_docx", answered, "en")}"'
    assert pdf_link in html
    assert docx_link in html
    assert html.index(pdf_link) < html.index(docx_link)
    with translation.override("en"):
        assert gettext("Report (PDF)") in html
        assert gettext("Word (DOCX)") in html

"""Report downloads, the `report` command and the Chromium system check."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from reports.checks import chromium_check
from tests.factories import answer_all, start_assessment

pytestmark = pytest.mark.django_db

MISSING = "/nonexistent/chromium"


@pytest.fixture
def answered(small_catalog):
    assessment = start_assessment(small_catalog, name="Müller & Söhne GmbH", language="de")
    answer_all(assessment)
    return assessment


def url(name: str, assessment) -> str:
    return reverse(f"reports:{name}", kwargs={"token": assessment.token})


def test_pdf_download(client, answered):
    response = client.get(url("report_pdf", answered))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="kundenkompass-muller-sohne-gmbh-{today}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_docx_download(client, answered):
    response = client.get(url("report_docx", answered))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].endswith('.docx"')
    assert "kundenkompass-muller-sohne-gmbh-" in response["Content-Disposition"]
    docx.Document(io.BytesIO(response.content))


@pytest.mark.parametrize("name", ["report_pdf", "report_docx"])
def test_unknown_token_is_404(client, small_catalog, name):
    response = client.get(reverse(f"reports:{name}", kwargs={"token": "NoSuchAssessmentToken123"}))

    assert response.status_code == 404


def test_pdf_download_without_chromium_is_a_clear_503(client, answered, settings):
    settings.CHROMIUM_PATH = MISSING

    response = client.get(url("report_pdf", answered), headers={"accept-language": "en"})

    assert response.status_code == 503
    assert "reports/report_progress.html" in [t.name for t in response.templates]
    assert response.context["state"] == "unavailable"
    assert "apt-get install chromium" in response.text
    assert url("results", answered) in response.text


def test_missing_chromium_warns_but_lets_commands_run(settings, capsys):
    settings.CHROMIUM_PATH = MISSING

    messages = chromium_check()

    assert [message.id for message in messages] == ["reports.W001"]
    assert MISSING in messages[0].msg
    assert "apt-get install chromium" in messages[0].hint
    call_command("check")  # a warning: migrate, load_catalog and runserver still run
    assert "reports.W001" in capsys.readouterr().err


def test_check_passes_with_chromium():
    assert chromium_check() == []


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF-"), ("docx", b"PK")])
def test_report_command_writes_the_file(answered, tmp_path, fmt, magic):
    output = tmp_path / f"report.{fmt}"

    call_command("report", answered.token, "--format", fmt, "-o", str(output), stderr=io.StringIO())

    assert output.read_bytes().startswith(magic)


def test_report_command_takes_the_numeric_id(answered, tmp_path):
    output = tmp_path / "report.pdf"

    call_command(
        "report", str(answered.pk), "--format", "pdf", "-o", str(output), stderr=io.StringIO()
    )

    assert output.read_bytes().startswith(b"%PDF-")


def test_report_command_needs_a_file_for_binary_formats(answered):
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("report", answered.token, "--format", "pdf")


def test_report_command_without_chromium_names_the_package(answered, tmp_path, settings):
    settings.CHROMIUM_PATH = MISSING

    with pytest.raises(CommandError, match="apt-get install chromium"):
        call_command("report", answered.token, "--format", "pdf", "-o", str(tmp_path / "r.pdf"))

"""`manage.py report <assessment> --format json|pdf|docx [-o FILE]`."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports import pdf
from reports.chart_images import ChartUnavailable
from reports.management.commands.report import Command
from tests.factories import answer, start_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(small_catalog):
    assessment = start_assessment(small_catalog, name="Kommando GmbH", language="en")
    for index, question in enumerate(small_catalog.questions.order_by("pillar__order", "order")):
        answer(assessment, question.key, index % 5 + 1)
    return assessment


def run(*args: str) -> str:
    stderr = io.StringIO()
    call_command("report", *args, stdout=io.StringIO(), stderr=stderr)
    return stderr.getvalue()


def test_pdf_is_written_to_the_file(answered, tmp_path):
    output = tmp_path / "report.pdf"

    message = run(answered.token, "--format", "pdf", "-o", str(output))

    assert output.read_bytes().startswith(b"%PDF-")
    assert f"Wrote {output}" in message


def test_docx_is_written_and_opens(answered, tmp_path):
    output = tmp_path / "report.docx"

    run(str(answered.pk), "--format", "docx", "--output", str(output))

    document = docx.Document(str(output))
    assert "Kommando GmbH" in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_binary_formats_need_a_file(answered, fmt):
    with pytest.raises(CommandError, match="-o FILE"):
        run(answered.token, "--format", fmt)


def test_json_still_goes_to_stdout_or_a_file(answered, tmp_path):
    stdout = io.StringIO()
    call_command("report", answered.token, stdout=stdout)
    output = tmp_path / "results.json"
    run(answered.token, "--format", "json", "-o", str(output))

    assert json.loads(stdout.getvalue())["organisation"] == "Kommando GmbH"
    assert json.loads(output.read_text(encoding="utf-8")) == json.loads(stdout.getvalue())


def test_an_unavailable_report_is_a_clear_command_error(answered, tmp_path, monkeypatch):
    def unavailable(scored):
        raise pdf.ReportUnavailable("Chromium not found at /usr/bin/chromium")

    monkeypatch.setattr(pdf, "report_pdf", unavailable)
    monkeypatch.setattr("reports.checks.missing_report_packages", lambda: ["chromium"])
    output = tmp_path / "report.pdf"

    with pytest.raises(CommandError, match="apt-get install chromium") as raised:
        run(answered.token, "--format", "pdf", "-o", str(output))

    assert "The PDF report cannot be created: Chromium not found" in str(raised.value)
    assert not output.exists()


def test_a_chart_failure_is_a_command_error_too(answered, tmp_path, monkeypatch):
    def no_chart(scored):
        raise ChartUnavailable("the kaleido server stopped")

    monkeypatch.setattr(pdf, "report_pdf", no_chart)

    with pytest.raises(CommandError, match="the kaleido server stopped"):
        run(answered.token, "--format", "pdf", "-o", str(tmp_path / "report.pdf"))


def test_an_unwritable_file_is_a_command_error(answered, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        run(answered.token, "--format", "docx", "-o", str(tmp_path / "missing" / "report.docx"))


def test_json_works_without_chromium_even_with_system_checks(answered, settings, capsys):
    # The report command needs Chromium only for the charts of pdf and docx, and says so itself.
    settings.CHROMIUM_PATH = "/nonexistent/chromium"

    Command().run_from_argv(["manage.py", "report", answered.token])

    assert json.loads(capsys.readouterr().out)["organisation"] == "Kommando GmbH"

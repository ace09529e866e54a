from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.access import assessment_for_reference
from assessment.models import Assessment
from reports.context import results_json_data
from reports.selectors import scored_assessment

BINARY_FORMATS = ("pdf", "docx")


def find_assessment(identifier: str) -> Assessment:
    """An assessment by its private-link token or its numeric id."""
    assessment = assessment_for_reference(identifier)
    if assessment is None:
        raise CommandError(f"No assessment with the token or id {identifier!r}.")
    return assessment


def _report_bytes(assessment: Assessment, fmt: str) -> bytes:
    # Imported here: the JSON export needs neither weasyprint nor python-docx.
    from reports.chart_images import ChartUnavailable
    from reports.checks import install_command, missing_report_packages
    from reports.docx_report import report_docx
    from reports.pdf import ReportUnavailable, report_pdf

    build = report_pdf if fmt == "pdf" else report_docx
    try:
        return build(scored_assessment(assessment))
    except (ReportUnavailable, ChartUnavailable) as error:
        packages = missing_report_packages()
        remedy = f" Install what is missing: {install_command(packages)}" if packages else ""
        raise CommandError(
            f"The {fmt.upper()} report cannot be created: {error}.{remedy}"
        ) from error


class Command(BaseCommand):
    help = "Write an assessment's results as JSON (or its report as PDF/DOCX) to stdout or a file."
    # The JSON export works without Chromium; a PDF without it fails with a clear CommandError
    # rather than a system check stopping every format.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment", help="private-link token or numeric id")
        parser.add_argument("--format", choices=["json", *BINARY_FORMATS], default="json")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="file to write (default: stdout; required for pdf and docx)",
        )

    def handle(self, *args: object, **options: object) -> None:
        assessment = find_assessment(str(options["assessment"]))
        fmt = str(options["format"])
        output: Path | None = options["output"]  # type: ignore[assignment]
        if fmt in BINARY_FORMATS and output is None:
            raise CommandError(f"--format {fmt} writes a binary file: give its name with -o FILE.")
        if fmt == "json":
            data = results_json_data(scored_assessment(assessment))
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            if output is None:
                self.stdout.write(text, ending="")
                return
            content = text.encode("utf-8")
        else:
            content = _report_bytes(assessment, fmt)
        assert output is not None  # only JSON may go to stdout, and it returned above
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror or error}") from error
        self.stderr.write(f"Wrote {output} ({len(content):,} bytes)")

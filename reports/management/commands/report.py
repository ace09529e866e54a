from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.models import Assessment
from assessment.selectors import assessment_for_token, scored_assessment
from reports.context import results_json_data


def find_assessment(identifier: str) -> Assessment:
    """An assessment by its private-link token or its numeric id."""
    assessment = assessment_for_token(identifier)
    if assessment is None and identifier.isdigit():
        assessment = (
            Assessment.objects.select_related("organisation", "catalog")
            .filter(pk=int(identifier))
            .first()
        )
    if assessment is None:
        raise CommandError(f"No assessment with the token or id {identifier!r}.")
    return assessment


class Command(BaseCommand):
    help = "Write an assessment's results as JSON (or a report as PDF/DOCX) to stdout or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment", help="private-link token or numeric id")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: object, **options: object) -> None:
        assessment = find_assessment(str(options["assessment"]))
        data = results_json_data(scored_assessment(assessment))
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")

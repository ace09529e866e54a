from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from assessment.importing import ImportFileError, parse_import, read_import_file
from assessment.services import assessment_import
from pillars.models import CatalogVersion


class Command(BaseCommand):
    help = "Create an assessment from an answers file (docs/import-format.md); prints its link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="where the app runs, for the printed resume link",
        )

    def handle(self, *args: object, path: Path, base_url: str, **options: object) -> None:
        try:
            raw = read_import_file(path)
            version = raw.get("catalog_version") if isinstance(raw, dict) else None
            catalogs = CatalogVersion.objects.published()
            if isinstance(version, int) and not isinstance(version, bool):
                catalog = catalogs.filter(version=version).first()
                if catalog is None:
                    raise ImportFileError(
                        path, [f"catalog_version: no published catalog version {version}"]
                    )
            else:
                catalog = catalogs.current()
                if catalog is None:
                    raise CommandError("No published catalog; run 'manage.py load_catalog' first.")
            keys = set(catalog.questions.values_list("key", flat=True))
            data = parse_import(raw, keys, path)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        assessment = assessment_import(data=data, catalog=catalog)
        with translation.override(assessment.language):
            url = base_url.rstrip("/") + assessment.get_absolute_url()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(data.answers)} answers for {assessment.organisation.name}."
            )
        )
        self.stdout.write(url)

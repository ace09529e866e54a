from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pillars.catalog_file import SHIPPED_CATALOG_PATHS, CatalogFileError, read_catalog_file
from pillars.services import CatalogConflict, catalog_load


class Command(BaseCommand):
    help = (
        "Validate a catalog file and load it in one transaction (loading it again changes "
        "nothing). Without a path: every catalog this release ships, oldest first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=None, type=Path)

    def handle(self, *args: object, path: Path | None, **options: object) -> None:
        for catalog_path in SHIPPED_CATALOG_PATHS if path is None else (path,):
            self._load(catalog_path)

    def _load(self, path: Path) -> None:
        try:
            data = read_catalog_file(path)
            outcome = catalog_load(data=data)
        except CatalogFileError as error:
            raise CommandError(str(error)) from error
        except CatalogConflict as error:
            raise CommandError(f"{path}: {error}") from error
        questions = sum(len(pillar.questions) for pillar in data.pillars)
        if outcome.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded catalog v{data.version}: {len(data.pillars)} pillars, "
                    f"{questions} questions."
                )
            )
        else:
            self.stdout.write(f"Catalog v{data.version} is already loaded; nothing changed.")

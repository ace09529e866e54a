from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pillars.models import CatalogVersion
from pillars.selectors import catalog_current, catalog_export


class Command(BaseCommand):
    help = "Print the published catalog (or a given version) with every text in every language."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--catalog-version", type=int, dest="catalog_version")

    def handle(self, *args: object, catalog_version: int | None, **options: object) -> None:
        if catalog_version is None:
            catalog = catalog_current()
            if catalog is None:
                raise CommandError("No published catalog; run 'manage.py load_catalog' first.")
        else:
            catalog = CatalogVersion.objects.filter(version=catalog_version).first()
            if catalog is None:
                raise CommandError(f"There is no catalog version {catalog_version}.")
        self.stdout.write(json.dumps(catalog_export(catalog), ensure_ascii=False, indent=2))

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from assessment.consultants import client_find_or_create
from assessment.importing import (
    ImportData,
    ImportFileError,
    WorkshopImportData,
    is_workshop_file,
    parse_import,
    parse_workshop_import,
    read_import_file,
)
from assessment.models import Assessment, Workspace
from assessment.services import assessment_import
from assessment.workshops import workshop_import
from pillars.models import CatalogVersion


class Command(BaseCommand):
    help = (
        "Create an assessment from an answers file (docs/import-format.md), or a closed workshop "
        "from a paper workshop's file (several participants); prints its link and its reference "
        "for 'manage.py report'. "
        "With --workspace W --client C it becomes an assessment of client C of workspace W "
        "(the client is created, from the file's organisation fields, when W has none of that "
        "name)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="where the app runs, for the printed resume link",
        )
        parser.add_argument(
            "--workspace", help="name of an existing workspace (together with --client)"
        )
        parser.add_argument(
            "--client",
            help="the workspace's client to attach the assessment to; created when missing",
        )

    def handle(
        self,
        *args: object,
        path: Path,
        base_url: str,
        workspace: str | None = None,
        client: str | None = None,
        **options: object,
    ) -> None:
        if (workspace is None) != (client is None):
            raise CommandError("Give --workspace and --client together, or neither.")
        found: Workspace | None = None
        if workspace is not None:
            found = Workspace.objects.filter(name=workspace.strip()).first()
            if found is None:
                raise CommandError(
                    f"No workspace named {workspace!r}; create it with 'manage.py "
                    "createconsultant' first."
                )
            if not (client or "").strip() or len((client or "").strip()) > 200:
                raise CommandError("--client: expected a name of 1 to 200 characters.")
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
            data: ImportData | WorkshopImportData
            if is_workshop_file(raw):
                roles = found.role_list if found is not None else None
                data = parse_workshop_import(raw, keys, path, roles=roles)
            else:
                data = parse_import(raw, keys, path)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        # The new client and its assessment: both or neither.
        with transaction.atomic():
            organisation = None
            if found is not None and client is not None:
                organisation, created = client_find_or_create(
                    workspace=found,
                    name=client,
                    industry=data.industry,
                    size_band=data.size_band,
                    country=data.country,
                )
                if created:
                    self.stdout.write(f"Created the client {organisation.name} in {found.name}.")
            assessment: Assessment
            if isinstance(data, WorkshopImportData):
                assessment = workshop_import(
                    data=data, catalog=catalog, client=organisation
                ).assessment
                answers = sum(len(sheet.answers) for sheet in data.participants)
                people = len(data.participants)
                summary = (
                    f"Imported a paper workshop for {assessment.organisation.name}: "
                    f"{people} participant{'' if people == 1 else 's'}, {answers} answers, "
                    f"{len(data.consensus)} agreed answers."
                )
            else:
                assessment = assessment_import(data=data, catalog=catalog, client=organisation)
                summary = (
                    f"Imported {len(data.answers)} answers for {assessment.organisation.name}."
                )
        with translation.override(assessment.language):
            url = base_url.rstrip("/") + assessment.get_absolute_url()
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(url)
        self.stdout.write(f"Reference: {assessment.pk} (manage.py report {assessment.pk})")

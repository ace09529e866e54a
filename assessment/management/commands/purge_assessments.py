from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.services import assessment_purge_abandoned


class Command(BaseCommand):
    help = "Delete abandoned anonymous self-assessments (never answered, or long untouched)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ASSESSMENT_RETENTION_DAYS,
            help="untouched for this many days (default: ASSESSMENT_RETENTION_DAYS, %(default)s)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 1:
            raise CommandError("--days must be at least 1.")
        outcome = assessment_purge_abandoned(retention_days=days, dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {outcome.never_answered} never answered and {outcome.untouched} "
            f"untouched for {days} days."
        )

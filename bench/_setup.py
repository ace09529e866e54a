"""Shared by the benchmarks: Django on a throwaway in-memory database, and test data in it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = [
    "Wurde im Führungskreis diskutiert; die Einschätzung ist eher optimistisch.",
    "Im Vertrieb gibt es dazu eine Excel-Liste, die aber nur zwei Personen pflegen.",
    "Seit dem letzten Quartal in Arbeit, Abschluss für den Herbst geplant.",
]


def setup_django() -> None:
    """Configure Django with the test settings on an empty in-memory SQLite database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0)


def answered_assessment(*, language: str = "de"):  # noqa: ANN201 - an Assessment
    """The real catalog with every question answered (levels spread out), targets and comments."""
    from tests.factories import answer, load_real_catalog, start_assessment

    catalog = load_real_catalog()
    assessment = start_assessment(catalog, name="Muster Handels AG", language=language)
    questions = catalog.questions.order_by("pillar__order", "order")
    for index, question in enumerate(questions):
        answer(
            assessment,
            question.key,
            (index * 3) % 5 + 1,
            target=5 if index % 4 == 0 else None,
            comment=COMMENTS[index % len(COMMENTS)] if index % 5 == 0 else "",
        )
    return assessment

"""Demo data so that every screen has something to show: `manage.py seed_demo`.

A demo consultant, a client with an earlier completed assessment and a closed workshop of eight
participants (its baseline is the earlier one) with the client's KPI figures and an action plan,
and an anonymous finished self-assessment. Everything is written through the services and marked
`is_sample`, so it is never counted in a benchmark. The command refuses a database holding
anything else.
"""

from __future__ import annotations

import datetime
import os
import random
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from assessment.actions import action_create
from assessment.consultants import (
    assessment_reassess,
    client_assessment_start,
    client_create,
    consultant_create,
)
from assessment.kpi_inputs import kpi_inputs_save
from assessment.models import Action, Assessment, Organisation, Participant
from assessment.services import AnswerInput, answers_save, assessment_finish, assessment_start
from assessment.values import AnswerValue
from assessment.workshops import (
    consensus_record,
    participant_finish,
    participant_join,
    workshop_close,
    workshop_reveal,
)
from pillars.models import CatalogVersion, Question
from pillars.selectors import catalog_current

DEMO_EMAIL = "demo@kundenkompass.example"
DEMO_WORKSPACE = "Demo-Beratung"
DEMO_CLIENT = "Nordlicht Haustechnik GmbH"
DEMO_SELF = "Bäckerei Sonnenschein (Demo)"

# Eight workshop participants: (name, role). The first role of a workspace is its leadership.
PARTICIPANTS = [
    ("Anna Keller", "Geschäftsleitung"),
    ("Thomas Brandt", "Geschäftsleitung"),
    ("Sabine Vogel", "Vertrieb"),
    ("Jonas Weber", "Vertrieb"),
    ("Miriam Hofmann", "Marketing"),
    ("Lukas Schneider", "Service"),
    ("Eva Lindner", "Service"),
    ("David Krüger", "IT"),
]
# The team's typical level per pillar (by position in the catalog), before each person's view.
PILLAR_BASE = [3.0, 2.6, 3.4, 2.2, 2.8, 3.1, 2.7]
# Questions on which the team disagrees widely: one level per participant, in PARTICIPANTS order.
# (Another catalog without these keys gets the same spreads on questions spaced through it.)
DIVERGENT = {
    "strategy_goals_vision": [5, 4, 2, 3, 1, 2, 4, 3],
    "processes_shared_goals": [4, 5, 1, 2, 2, 1, 3, 2],
    "data_completeness": [2, 3, 5, 4, 1, 2, 3, 5],
}
# The client's own figures for the outcome KPIs (pillar 6): a mid-sized heating and plumbing firm
# with about 1,300 service customers. NPS +24 from 105 answers, churn about 7.7 % a year.
KPI_FIGURES: dict[str, str | int | float] = {
    "currency": "EUR",
    "promoters": 49,
    "passives": 34,
    "detractors": 22,
    "customers_start": 1240,
    "customers_end": 1296,
    "lost": 98,
    "months": 12,
    "annual_revenue": 4800.0,
    "annual_churn_percent": 8.0,
    "acquisition_cost": 650.0,
    "margin_percent": 32.0,
    "discount_percent": 6.0,
    "revenue": 6_200_000.0,
    "acquisition_costs": 180_000.0,
    "care_costs": 410_000.0,
    "customers": 1296,
}
# The agreed level, its note and the minority's view, for two of the divergent questions.
CONSENSUS = {
    "strategy_goals_vision": (
        3,
        "Die Ziele stehen im Strategiepapier der Geschäftsleitung; im Vertrieb kennt sie kaum "
        "jemand.",
        "Der Service sieht eher Stufe 2: bei uns kommen die Ziele nicht an.",
    ),
    "processes_shared_goals": (
        2,
        "Gemeinsame Ziele gibt es bisher nur zwischen Vertrieb und Marketing.",
        "Die Geschäftsleitung sah Stufe 4, weil die Jahresziele für alle Abteilungen gelten.",
    ),
}


class Command(BaseCommand):
    help = (
        "Create demo data (a demo consultant, a client with a closed workshop, an earlier "
        "assessment, an action plan and a self-assessment). Refuses a database with other data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing, quietly, when the database holds any organisation",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="the address printed in the links (default http://127.0.0.1:8000)",
        )

    def handle(self, *args: Any, if_empty: bool, base_url: str, **options: Any) -> None:
        User = get_user_model()
        if if_empty and Organisation.objects.exists():
            return
        others = Organisation.objects.filter(is_sample=False).count()
        other_users = User.objects.exclude(username=DEMO_EMAIL).count()
        if others or other_users:
            raise CommandError(
                f"This database holds data that is not demo data ({others} organisation(s), "
                f"{other_users} user(s) besides {DEMO_EMAIL}); seed_demo changes nothing. "
                "Use it on an empty database."
            )
        if User.objects.filter(username=DEMO_EMAIL).exists():
            self.stdout.write(
                f"The demo data is there already. Sign in as {DEMO_EMAIL} (a new password: "
                f'make manage ARGS="changepassword {DEMO_EMAIL}").'
            )
            return
        catalog = catalog_current()
        if catalog is None:
            raise CommandError("No catalog is published: run `manage.py load_catalog` first.")
        password = os.environ.get("KK_PASSWORD") or secrets.token_urlsafe(9)
        with transaction.atomic():
            workshop_assessment, self_assessment = seed(catalog=catalog, password=password)
        base = base_url.rstrip("/")
        with translation.override("de"):
            login = reverse("accounts:login")
            self_link = reverse("assessment:resume", kwargs={"token": self_assessment.token})
        self.stdout.write(
            self.style.SUCCESS("Demo data created (all marked as sample data).")
            + f"\n  Sign in:   {base}{login}"
            + f"\n  Email:     {DEMO_EMAIL}"
            + f"\n  Password:  {password}"
            + f"\n  Workshop:  {workshop_assessment.organisation.name}, 8 participants, closed"
            + f"\n  Self-assessment (anonymous, private link): {base}{self_link}"
        )


def _level(base: float, rng: random.Random) -> int:
    """The level just below or above `base`, the nearer one more often: the team mostly agrees."""
    low = int(base)
    return max(1, min(5, low + (1 if rng.random() < base - low else 0)))


def _save(participant: Participant, items: list[AnswerInput]) -> None:
    answers_save(participant=participant, answers=items)


def _level_answer(question: Question, level: int, **extra: Any) -> AnswerInput:
    return AnswerInput(question=question, value=AnswerValue(status="level", level=level), **extra)


def _backdate(assessment: Assessment, days: int) -> None:
    # Demo only: the earlier assessment should look a year old, as a real baseline would.
    when = timezone.now() - datetime.timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=when, completed_at=when)


def seed(*, catalog: CatalogVersion, password: str) -> tuple[Assessment, Assessment]:
    """Create the demo data; returns (the closed workshop's assessment, the self-assessment)."""
    rng = random.Random(14)  # noqa: S311 - reproducible demo answers, not security
    questions = list(
        Question.objects.filter(catalog=catalog)
        .select_related("pillar")
        .order_by("pillar__order", "order")
    )
    pillar_index: dict[int, int] = {}
    for question in questions:
        pillar_index.setdefault(question.pillar_id, len(pillar_index))
    bases = [
        PILLAR_BASE[pillar_index[q.pillar_id] % len(PILLAR_BASE)] + rng.choice([-0.4, 0, 0.4])
        for q in questions
    ]

    membership = consultant_create(
        email=DEMO_EMAIL, name="Demo Beraterin", workspace_name=DEMO_WORKSPACE, password=password
    )
    user, workspace = membership.user, membership.workspace
    client = client_create(
        workspace=workspace,
        name=DEMO_CLIENT,
        industry="construction",
        size_band="50-249",
        country="DE",
        contact="Anna Keller",
        is_sample=True,
    )

    # The earlier assessment, answered together a year ago: about half a level lower.
    earlier = client_assessment_start(
        client=client, catalog=catalog, language="de", mode="facilitated", created_by=user
    )
    _save(
        earlier.participants.get(),
        [_level_answer(q, max(1, round(b - 0.6))) for q, b in zip(questions, bases, strict=True)],
    )
    assessment_finish(assessment=earlier)
    _backdate(earlier, 365)

    # This year's workshop, with the earlier assessment as its baseline.
    assessment = assessment_reassess(
        client=client, created_by=user, mode="distributed", language="de"
    )
    workshop = assessment.workshop
    by_key = {question.key: question for question in questions}
    spaced = iter(questions[len(questions) * n // 4] for n in (1, 2, 3))
    divergent = {(by_key.get(key) or next(spaced)).pk: levels for key, levels in DIVERGENT.items()}
    people = [participant_join(workshop=workshop, name=n, role=r) for n, r in PARTICIPANTS]
    for position, person in enumerate(people):
        leader = person.role == PARTICIPANTS[0][1]
        items = []
        for index, (question, base) in enumerate(zip(questions, bases, strict=True)):
            if question.pk in divergent:
                level = divergent[question.pk][position]
            else:
                # Leadership sees several things a level better than the team.
                level = _level(base + (1 if leader and index % 7 == 1 else 0), rng)
            if position == 7 and index % 11 == 5:
                items.append(AnswerInput(question=question, value=AnswerValue(status="dont_know")))
                continue
            extra: dict[str, Any] = {}
            if position == 0 and index % 6 == 0:
                extra["target"] = min(5, level + 1)
            if position == 2 and index == 14:
                extra["comment"] = "Die Leads aus der Website landen noch in einer Excel-Liste."
            items.append(_level_answer(question, level, **extra))
        _save(person, items)
        participant_finish(participant=person)
    consensus_pks = list(divergent)[: len(CONSENSUS)]
    for pk, (level, note, minority) in zip(consensus_pks, CONSENSUS.values(), strict=True):
        consensus_record(
            assessment=assessment,
            question=next(q for q in questions if q.pk == pk),
            level=level,
            note=note,
            minority_note=minority,
            recorded_by=user,
        )
    workshop_reveal(workshop=workshop)
    workshop_close(workshop=workshop)

    today = timezone.localdate()
    plan = [
        (
            "CRM-Ziele in einer Seite für alle Teams festhalten",
            "Anna Keller",
            30,
            Action.Status.DONE,
        ),
        (
            "Leads der Website direkt ins CRM übernehmen",
            "David Krüger",
            45,
            Action.Status.IN_PROGRESS,
        ),
        ("Dubletten im Kundenstamm bereinigen", "Sabine Vogel", 60, Action.Status.IN_PROGRESS),
        (
            "Zuständigkeiten im Service-Prozess beschreiben",
            "Lukas Schneider",
            90,
            Action.Status.OPEN,
        ),
        (
            "Monatlichen Kundenbericht für die Geschäftsleitung",
            "Thomas Brandt",
            120,
            Action.Status.OPEN,
        ),
    ]
    for title, owner, days, status in plan:
        action_create(
            assessment=assessment,
            title=title,
            owner=owner,
            due_date=today + datetime.timedelta(days=days),
            status=status,
            done_when="Im Team vorgestellt und abgenommen.",
        )

    kpi_inputs_save(assessment=assessment, values=KPI_FIGURES)

    # An anonymous self-assessment, finished, without a workspace.
    own = assessment_start(
        organisation_name=DEMO_SELF,
        industry="trade",
        size_band="10-49",
        country="CH",
        language="de",
        catalog=catalog,
        is_sample=True,
    )
    _save(
        own.participants.get(),
        [_level_answer(q, _level(b - 0.3, rng)) for q, b in zip(questions, bases, strict=True)],
    )
    assessment_finish(assessment=own)
    return assessment, own

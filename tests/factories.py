"""Test data: catalogs built from the real file or generated in any size, and assessments."""

from __future__ import annotations

import functools
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

from assessment.consultants import client_assessment_start, consultant_create
from assessment.models import Assessment, Organisation, Participant, Workshop
from assessment.services import AnswerInput, answers_save, assessment_start
from assessment.values import NOTHING_PICKED, AnswerValue
from assessment.workshops import participant_join, workshop_open
from pillars.catalog_file import (
    DEFAULT_CATALOG_PATH,
    SHIPPED_CATALOG_PATHS,
    CatalogData,
    parse_catalog,
    read_catalog_file,
)
from pillars.models import CatalogVersion, Question
from pillars.services import catalog_load

PILLAR_KEYS = ("strategy", "processes", "it", "data", "campaigns", "controlling")


def texts(label: str) -> dict[str, str]:
    return {"de": f"{label} (de)", "en": f"{label} (en)", "da": f"{label} (da)"}


def _pillar_key(index: int) -> str:
    return PILLAR_KEYS[index] if index < len(PILLAR_KEYS) else f"pillar{index}"


def catalog_dict(
    *, version: int = 1, pillars: int = 6, questions: int = 6, published: bool = True
) -> dict[str, Any]:
    """A valid catalog file's content with generated texts."""
    return {
        "version": version,
        "published": published,
        "pillars": [
            {
                "key": _pillar_key(p),
                "weight": 1,
                "name": texts(f"Pillar {p + 1}"),
                "description": texts(f"About pillar {p + 1}"),
                "questions": [
                    {
                        "key": f"{_pillar_key(p)}_q{q + 1}",
                        "weight": 1,
                        "text": texts(f"Question {p + 1}.{q + 1}"),
                        "help": texts(f"Help {p + 1}.{q + 1}"),
                        "levels": {
                            level: texts(f"Q{p + 1}.{q + 1} level {level}") for level in range(1, 6)
                        },
                        "recommendations": {
                            level: texts(f"Q{p + 1}.{q + 1} step from {level}")
                            for level in range(1, 5)
                        },
                    }
                    for q in range(questions)
                ],
            }
            for p in range(pillars)
        ],
    }


@functools.cache
def _generated_catalog_data(
    version: int = 1, pillars: int = 6, questions: int = 6, published: bool = True
) -> CatalogData:
    # Parsing takes most of a test's setup; the parsed data is immutable, so tests share it.
    data = catalog_dict(version=version, pillars=pillars, questions=questions, published=published)
    return parse_catalog(
        yaml.safe_dump(data, allow_unicode=True),
        "generated.yaml",
        question_limits=(min(questions, 5), max(questions, 8)),
    )


def load_generated_catalog(**kwargs: Any) -> CatalogVersion:
    """Load a generated catalog; any number of questions a pillar, for query-count tests."""
    return catalog_load(data=_generated_catalog_data(**kwargs)).catalog


@functools.cache
def _shipped_catalog_data(path: Path) -> CatalogData:
    # Parsing the YAML takes most of a second; the parsed data is immutable, so tests share it.
    return read_catalog_file(path)


def load_real_catalog() -> CatalogVersion:
    return catalog_load(data=_shipped_catalog_data(DEFAULT_CATALOG_PATH)).catalog


def load_catalog_v2() -> CatalogVersion:
    """Catalog version 2 (pillars/data/catalog-v2)."""
    return catalog_load(data=_shipped_catalog_data(SHIPPED_CATALOG_PATHS[1])).catalog


def start_assessment(
    catalog: CatalogVersion, *, name: str = "Muster AG", language: str = "de"
) -> Assessment:
    return assessment_start(
        organisation_name=name,
        industry="trade",
        size_band="10-49",
        country="DE",
        language=language,
        catalog=catalog,
    )


def answer(
    assessment: Assessment,
    key: str,
    value: int | str | None,
    *,
    target: int | None = None,
    comment: str = "",
) -> None:
    participant: Participant = assessment.participants.get()
    question = Question.objects.get(catalog=assessment.catalog, key=key)
    if isinstance(value, int):
        parsed = AnswerValue(status="level", level=value)
    else:
        parsed = AnswerValue(status=value)
    answers_save(
        participant=participant,
        answers=[AnswerInput(question=question, value=parsed, target=target, comment=comment)],
    )


COMMENT = "Im Führungskreis besprochen; eher optimistisch."


def answer_all(
    assessment: Assessment, *, skip: Collection[str] = frozenset(), comment: str = COMMENT
) -> None:
    """Levels 1–5 spread over every question, a few targets and one comment."""
    questions = assessment.catalog.questions.order_by("pillar__order", "order")
    for index, question in enumerate(questions):
        if question.key in skip:
            continue
        answer(
            assessment,
            question.key,
            index % 5 + 1,
            target=5 if index % 4 == 0 else None,
            comment=comment if index == 2 else "",
        )


def make_consultant(
    *,
    email: str = "berater@example.com",
    workspace: str = "Beratung Nord",
    name: str = "Petra Berater",
    password: str = "ein-sicheres-Passwort-42",
    role: str | None = None,
) -> Any:
    """A consultant (a User) in the named workspace, created with it when new (then its owner)."""
    return consultant_create(
        email=email, name=name, workspace_name=workspace, password=password, role=role
    ).user


def make_client(workspace_of: Any, *, name: str = "Kunde AG") -> Any:
    """A client (an Organisation) in the workspace of the given consultant."""
    return Organisation.objects.create(
        name=name,
        industry="trade",
        size_band="10-49",
        country="DE",
        workspace=workspace_of.membership.workspace,
    )


def make_client_assessment(
    client: Any, catalog: CatalogVersion, *, mode: str = "self", baseline: Any = None
) -> Assessment:
    return client_assessment_start(
        client=client, catalog=catalog, language="de", mode=mode, baseline=baseline
    )


def make_workshop(
    client: Any,
    catalog: CatalogVersion,
    *,
    naming: str = "named",
    pacing: str = "self",
    language: str = "de",
) -> Workshop:
    """An open workshop of a workspace's client (a distributed assessment)."""
    return workshop_open(
        client=client, catalog=catalog, language=language, naming=naming, pacing=pacing
    )


def join_workshop(workshop: Workshop, *, name: str = "", role: str = "") -> Participant:
    return participant_join(workshop=workshop, name=name, role=role)


def vote(participant: Participant, key: str, value: int | str | None) -> None:
    """One participant's answer to one question of their workshop."""
    question = Question.objects.get(catalog=participant.assessment.catalog, key=key)
    if value is None:
        parsed = NOTHING_PICKED
    elif isinstance(value, int):
        parsed = AnswerValue(status="level", level=value)
    else:
        parsed = AnswerValue(status=value)
    answers_save(participant=participant, answers=[AnswerInput(question=question, value=parsed)])

"""Our app's side of `make bench`, run inside Django against the server's database.

    python bench/ours_data.py COMMAND  (JSON on stdin, JSON on stdout; production environment)

Commands:
- prepare: the catalog's pillars and questions, fresh assessments for the autosave (and one for
  counting queries), an answered one in progress for the questionnaire page, a completed
  one for the results pages and the warm PDF, completed ones with different answers for the PDF
  with a new chart, a consultant with a live workshop and its participants; whether the
  participants' answer URL exists (the workshop scenario then goes over HTTP).
- levels: the stored level of every answer of the given assessments (by private link) or
  participants (by token).
- counts: the number of stored answers per assessment (by private link).
- workshop-service: participants answering through the service layer (assessment.services),
  for as long as the HTTP endpoints are missing; latencies, acknowledged answers, queries.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-Passwort-2024"
EMAIL = "bench@beratung.example"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def _answer_all(assessment: Any, questions: list[Any], seed: int) -> None:
    from assessment.services import AnswerInput, answers_save
    from assessment.values import parse_answer_value

    rng = random.Random(seed)
    participant = assessment.participants.get()
    answers_save(
        participant=participant,
        answers=[
            AnswerInput(question=q, value=parse_answer_value(rng.randint(1, 5))) for q in questions
        ],
    )


def prepare(args: dict[str, Any]) -> dict[str, Any]:
    from django.urls import NoReverseMatch, reverse

    from assessment.consultants import client_create, consultant_create
    from assessment.services import assessment_finish, assessment_start
    from assessment.workshops import participant_join, workshop_open
    from pillars.selectors import catalog_current

    catalog = catalog_current()
    assert catalog is not None, "no catalog: run load_catalog"
    questions = list(catalog.questions.select_related("pillar").order_by("pillar__order", "order"))
    pillars: list[dict[str, Any]] = []
    for question in questions:
        if not pillars or pillars[-1]["key"] != question.pillar.key:
            pillars.append({"key": question.pillar.key, "questions": []})
        pillars[-1]["questions"].append(question.key)

    def start(name: str) -> Any:
        return assessment_start(
            organisation_name=name,
            industry="other",
            size_band="10-49",
            country="CH",
            language="de",
            catalog=catalog,
        )

    autosave = [start(f"Bench autosave {n}").token for n in range(args["autosave"])]
    in_progress = start("Bench page")
    _answer_all(in_progress, questions, seed=-1)
    completed = []
    for n in range(1 + args["pdf"]):
        assessment = start(f"Bench completed {n}")
        _answer_all(assessment, questions, seed=n)
        assessment_finish(assessment=assessment)
        completed.append(assessment.token)

    membership = consultant_create(
        email=EMAIL, name="Bea Bench", workspace_name="Bench Beratung", password=PASSWORD
    )
    client = client_create(workspace=membership.workspace, name="Bench Kunde", industry="other")
    workshop = workshop_open(client=client, catalog=catalog, language="de")
    participants = [
        participant_join(workshop=workshop, name=f"Teilnehmer {n + 1}")
        for n in range(args["participants"])
    ]
    try:
        answer_path = reverse("participate:answer", kwargs={"token": participants[0].token})
        http = True
    except NoReverseMatch:
        answer_path, http = "", False
    return {
        "pillars": pillars,
        "autosave": autosave,
        "page": in_progress.token,
        "fresh": start("Bench queries").token,
        "results": completed[0],
        "pdf_new_chart": completed[1:],
        "workshop": {
            "id": workshop.assessment_id,
            "email": EMAIL,
            "password": PASSWORD,
            "participants": [{"id": p.pk, "token": p.token} for p in participants],
            "http": http,
            "answer_path": answer_path.replace(str(participants[0].token), "{token}"),
        },
    }


def levels(args: dict[str, Any]) -> dict[str, dict[str, int | None]]:
    from assessment.models import Answer

    answers = Answer.objects.all()
    if "assessments" in args:
        answers = answers.filter(participant__assessment__token__in=args["assessments"])
        owner = "participant__assessment__token"
    else:
        answers = answers.filter(participant__token__in=args["participants"])
        owner = "participant__token"
    result: dict[str, dict[str, int | None]] = {}
    for token, key, level in answers.values_list(owner, "question__key", "level"):
        result.setdefault(token, {})[key] = level
    return result


def counts(args: dict[str, Any]) -> dict[str, int]:
    from django.db.models import Count

    from assessment.models import Answer

    rows = (
        Answer.objects.filter(participant__assessment__token__in=args["assessments"])
        .values_list("participant__assessment__token")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def workshop_service(args: dict[str, Any]) -> dict[str, Any]:
    """Each participant in its own thread: pause, save the next answer, until time is up."""
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    from assessment.models import Participant
    from assessment.services import AnswerInput, answers_save
    from assessment.values import parse_answer_value
    from pillars.models import Question

    participants = list(
        Participant.objects.select_related("assessment").filter(pk__in=args["participants"])
    )
    assessment = participants[0].assessment
    questions = list(
        Question.objects.filter(pillar__catalog=assessment.catalog)
        .select_related("pillar")
        .order_by("pillar__order", "order")
    )
    latencies: list[float] = []
    acked: list[str] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + args["seconds"]
    think_min, think_max = args["think_ms"]

    def level(participant_id: int, index: int) -> int:
        return (participant_id + index) % 5 + 1

    def answer(participant: Any, index: int) -> None:
        question = questions[index % len(questions)]
        answers_save(
            participant=participant,
            answers=[
                AnswerInput(
                    question=question,
                    value=parse_answer_value(level(participant.pk, index % len(questions))),
                )
            ],
            pillar_key=question.pillar.key,
        )

    def run(participant: Any) -> None:
        rng = random.Random(participant.pk)
        index = 0
        try:
            while True:
                time.sleep(rng.uniform(think_min, think_max) / 1000)
                if time.monotonic() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    answer(participant, index)
                except Exception:
                    with lock:
                        errors[0] += 1
                else:
                    elapsed = (time.perf_counter() - started) * 1000
                    key = questions[index % len(questions)].key
                    with lock:
                        latencies.append(elapsed)
                        acked.append(f"{participant.token} {key} {level(participant.pk, index)}")
                index += 1
        finally:
            connections.close_all()

    with CaptureQueriesContext(connection) as queries:
        answer(participants[0], len(questions) - 1)
    threads = [threading.Thread(target=run, args=(p,)) for p in participants]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return {
        "latencies_ms": latencies,
        "acked": acked,
        "errors": errors[0],
        "queries": len(queries.captured_queries),
        "cpu_s": cpu_s,
    }


COMMANDS = {
    "prepare": prepare,
    "levels": levels,
    "counts": counts,
    "workshop-service": workshop_service,
}

if __name__ == "__main__":
    _setup()
    print(json.dumps(COMMANDS[sys.argv[1]](json.loads(sys.stdin.read()))))

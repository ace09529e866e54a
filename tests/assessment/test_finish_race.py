"""Finishing races with autosave: once "finish" returns, no answer is stored or changed.

The services run in real concurrent transactions, one database connection per thread. On
PostgreSQL the test database is used directly. SQLite's test database lives in shared-cache
memory, where a second writer fails with "table is locked" instead of waiting, so on SQLite the
same scenario runs in a subprocess against a migrated database file with the production options
(WAL, IMMEDIATE transactions, busy timeout). The end-to-end version against gunicorn is
tests/production/test_finish_race.py.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.db.models import F

from assessment.models import Answer, AnswerStatus, Assessment, Participant
from assessment.services import AnswerInput, AssessmentLocked, answers_save, assessment_finish
from assessment.values import AnswerValue
from pillars.models import CatalogVersion, Question
from pillars.selectors import catalog_current
from tests.factories import load_real_catalog, start_assessment
from tests.subprocesses import run_django

ROUNDS = 12
WRITERS = 4
SAVES_PER_WRITER = 40
# The finish is sent once this many autosaves were acknowledged: in the middle of the flow.
FINISH_AFTER = WRITERS * 4


@dataclass
class RoundResult:
    acknowledged: int = 0  # saves that returned normally
    refused: int = 0  # saves that raised AssessmentLocked
    acknowledged_after_finish: int = 0  # started after finish returned, yet stored
    changed_after_finish: int = 0  # rows that differ between the finish and the end of the round
    stamped_after_completion: int = 0  # Answer.updated_at > Assessment.completed_at
    stored: int = 0
    stored_not_acknowledged: int = 0  # a stored (question, level) no save reported as saved
    errors: list[str] = field(default_factory=list)


def _snapshot(assessment_id: int) -> dict[int, tuple]:
    rows = Answer.objects.filter(participant__assessment_id=assessment_id).values_list(
        "question_id", "status", "level", "updated_at"
    )
    return {question_id: rest for question_id, *rest in rows}


def _writer(
    participant_id: int,
    questions: list[Question],
    offset: int,
    go: threading.Barrier,
    finished: threading.Event,
    outcomes: list[tuple[bool, str, int, int]],
    errors: list[str],
) -> None:
    try:
        participant = Participant.objects.select_related("assessment").get(pk=participant_id)
        go.wait()
        for number in range(SAVES_PER_WRITER):
            question = questions[(offset * 7 + number) % len(questions)]
            # Each save changes the level, so it is a real write, not skipped as unchanged.
            level = (offset + number) % 5 + 1
            after_finish = finished.is_set()
            try:
                answers_save(
                    participant=participant,
                    answers=[
                        AnswerInput(
                            question=question,
                            value=AnswerValue(status=AnswerStatus.LEVEL, level=level),
                        )
                    ],
                    pillar_key=question.pillar.key,
                )
            except AssessmentLocked:
                outcomes.append((after_finish, "refused", question.pk, level))
            else:
                outcomes.append((after_finish, "saved", question.pk, level))
    except Exception as error:  # reported by the round, so a failure names its cause
        errors.append(repr(error))
    finally:
        connection.close()


def _finisher(
    assessment_id: int,
    go: threading.Barrier,
    finished: threading.Event,
    outcomes: list,
    at_finish: dict,
    errors: list[str],
) -> None:
    try:
        assessment = Assessment.objects.get(pk=assessment_id)
        go.wait()
        deadline = time.monotonic() + 30
        while len(outcomes) < FINISH_AFTER and time.monotonic() < deadline:
            time.sleep(0.0005)
        assessment_finish(assessment=assessment)
        at_finish.update(_snapshot(assessment_id))
        finished.set()
    except Exception as error:
        errors.append(repr(error))
        finished.set()
    finally:
        connection.close()


def race_round(catalog: CatalogVersion) -> RoundResult:
    """Writers autosave while another thread finishes the assessment; what happened."""
    assessment = start_assessment(catalog)
    participant = assessment.participants.get()
    questions = list(
        Question.objects.filter(catalog=catalog).select_related("pillar").order_by("pk")[:12]
    )
    go = threading.Barrier(WRITERS + 1)
    finished = threading.Event()
    outcomes: list[tuple[bool, str, int, int]] = []
    at_finish: dict[int, tuple] = {}
    result = RoundResult()
    threads = [
        threading.Thread(
            target=_writer,
            args=(participant.pk, questions, offset, go, finished, outcomes, result.errors),
        )
        for offset in range(WRITERS)
    ]
    threads.append(
        threading.Thread(
            target=_finisher,
            args=(assessment.pk, go, finished, outcomes, at_finish, result.errors),
        )
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assessment.refresh_from_db()
    final = _snapshot(assessment.pk)
    saved = {
        (question, level) for _after, outcome, question, level in outcomes if outcome == "saved"
    }
    result.acknowledged = sum(1 for _a, outcome, _q, _l in outcomes if outcome == "saved")
    result.refused = sum(1 for _a, outcome, _q, _l in outcomes if outcome == "refused")
    result.acknowledged_after_finish = sum(
        1 for after, outcome, _q, _l in outcomes if after and outcome == "saved"
    )
    result.changed_after_finish = sum(
        1 for key in set(final) | set(at_finish) if final.get(key) != at_finish.get(key)
    )
    if assessment.completed_at is None:
        result.errors.append("the assessment was not completed")
    else:
        result.stamped_after_completion = Answer.objects.filter(
            participant__assessment=assessment,
            updated_at__gt=F("participant__assessment__completed_at"),
        ).count()
    result.stored = len(final)
    result.stored_not_acknowledged = sum(
        1
        for question_id, (_status, level, _at) in final.items()
        if (question_id, level) not in saved
    )
    return result


def race_rounds(rounds: int = ROUNDS) -> list[RoundResult]:
    catalog = catalog_current() or load_real_catalog()
    return [race_round(catalog) for _ in range(rounds)]


def _check(results: list[RoundResult]) -> None:
    totals = {
        name: sum(getattr(result, name) for result in results)
        for name in (
            "acknowledged",
            "refused",
            "acknowledged_after_finish",
            "changed_after_finish",
            "stamped_after_completion",
            "stored_not_acknowledged",
        )
    }
    print(f"\n{len(results)} rounds × {WRITERS} writers × {SAVES_PER_WRITER} autosaves: {totals}")
    assert [error for result in results for error in result.errors] == []
    assert totals["stamped_after_completion"] == 0
    assert totals["changed_after_finish"] == 0
    assert totals["acknowledged_after_finish"] == 0
    assert totals["stored_not_acknowledged"] == 0
    # The race really overlapped: saves went through before the finish and were refused after.
    assert totals["acknowledged"] >= len(results) * FINISH_AFTER
    assert totals["refused"] > 0
    assert all(result.stored > 0 for result in results)


@pytest.mark.django_db(transaction=True)
def test_finish_and_autosave_serialise_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot hold concurrent writers; see below")
    _check(race_rounds())


SUBPROCESS_SCRIPT = """
import dataclasses, json, django
django.setup()
from tests.assessment.test_finish_race import race_rounds
print(json.dumps([dataclasses.asdict(result) for result in race_rounds()]))
"""


@pytest.mark.dbless
def test_finish_and_autosave_serialise_on_a_sqlite_file(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
    }
    output = run_django(
        SUBPROCESS_SCRIPT, env, commands=[["migrate", "--noinput"], ["load_catalog"]]
    )
    _check([RoundResult(**result) for result in json.loads(output.splitlines()[-1])])

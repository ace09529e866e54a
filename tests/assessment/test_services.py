"""answers_save, the one door for answers: its guards, the unchanged-skip and what it counts;
finish and reopen; start and import; and the page submit that turns a refusal into a message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from assessment.importing import ImportData
from assessment.models import (
    Answer,
    AnswerStatus,
    Assessment,
    Organisation,
    Participant,
    answer_version,
)
from assessment.services import (
    AnswerInput,
    AssessmentLocked,
    SaveOutcome,
    answers_save,
    assessment_finish,
    assessment_import,
    assessment_reopen,
    assessment_start,
)
from assessment.values import NOTHING_PICKED, AnswerValue
from pillars.models import Question
from tests.factories import (
    load_generated_catalog,
    make_client,
    make_consultant,
    start_assessment,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=3)


def level(value: int) -> AnswerValue:
    return AnswerValue(status=AnswerStatus.LEVEL, level=value)


@pytest.fixture
def assessment(small_catalog) -> Assessment:
    return start_assessment(small_catalog)


@pytest.fixture
def participant(assessment) -> Participant:
    return assessment.participants.get()


@pytest.fixture
def questions(small_catalog) -> list[Question]:
    return list(small_catalog.questions.filter(pillar__order=1).order_by("order"))


def stored(participant: Participant) -> dict[str, tuple]:
    return {
        a.question.key: (a.status, a.level, a.target, a.comment)
        for a in Answer.objects.filter(participant=participant).select_related("question")
    }


def stamps(participant: Participant) -> dict[str, object]:
    return dict(
        Answer.objects.filter(participant=participant).values_list("question__key", "updated_at")
    )


def age_answers(participant: Participant) -> None:
    """Move every stored answer's updated_at back, so a write would show as a new time."""
    Answer.objects.filter(participant=participant).update(updated_at=LONG_AGO)


def test_a_page_is_saved_and_counted(participant, questions):
    outcome = answers_save(
        participant=participant,
        answers=[
            AnswerInput(question=questions[0], value=level(3)),
            AnswerInput(question=questions[1], value=AnswerValue(status=AnswerStatus.DONT_KNOW)),
            AnswerInput(question=questions[2], value=NOTHING_PICKED, target=5, comment="Ziel"),
            AnswerInput(question=questions[3], value=NOTHING_PICKED),
        ],
        pillar_key="strategy",
    )

    assert outcome == SaveOutcome(saved=3, unchanged=1)
    assert stored(participant) == {
        questions[0].key: ("level", 3, None, ""),
        questions[1].key: ("dont_know", None, None, ""),
        questions[2].key: ("", None, 5, "Ziel"),
    }
    participant.refresh_from_db()
    assert participant.last_pillar_key == "strategy"


def test_an_unchanged_answer_is_not_written_again(participant, questions):
    page = [
        AnswerInput(question=questions[0], value=level(3), target=4, comment="So ist es."),
        AnswerInput(question=questions[1], value=AnswerValue(status=AnswerStatus.NOT_APPLICABLE)),
        # Only a target: stored with an empty status, which must still count as the same.
        AnswerInput(question=questions[2], value=NOTHING_PICKED, target=5),
    ]
    answers_save(participant=participant, answers=page)
    age_answers(participant)
    before = stored(participant)

    outcome = answers_save(participant=participant, answers=page)

    assert outcome == SaveOutcome(saved=0, unchanged=3)
    assert stored(participant) == before
    assert set(stamps(participant).values()) == {LONG_AGO}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"value": level(4)}, ("level", 4, 4, "So ist es.")),
        ({"target": 5}, ("level", 3, 5, "So ist es.")),
        ({"target": None}, ("level", 3, None, "So ist es.")),
        ({"comment": "Anders."}, ("level", 3, 4, "Anders.")),
        ({"comment": ""}, ("level", 3, 4, "")),
        (
            {"value": AnswerValue(status=AnswerStatus.DONT_KNOW)},
            ("dont_know", None, 4, "So ist es."),
        ),
        ({"value": NOTHING_PICKED}, ("", None, 4, "So ist es.")),
    ],
)
def test_any_changed_field_is_written(participant, questions, change, expected):
    first = {"value": level(3), "target": 4, "comment": "So ist es."}
    answers_save(participant=participant, answers=[AnswerInput(question=questions[0], **first)])
    age_answers(participant)

    outcome = answers_save(
        participant=participant,
        answers=[AnswerInput(question=questions[0], **(first | change))],
    )

    assert outcome == SaveOutcome(saved=1, unchanged=0)
    assert stored(participant) == {questions[0].key: expected}
    assert stamps(participant)[questions[0].key] > LONG_AGO


def test_an_emptied_answer_is_deleted_and_counted(participant, questions):
    answers_save(
        participant=participant,
        answers=[AnswerInput(question=q, value=level(2)) for q in questions[:2]],
    )

    outcome = answers_save(
        participant=participant,
        answers=[
            AnswerInput(question=questions[0], value=NOTHING_PICKED),
            AnswerInput(question=questions[1], value=level(2)),
            AnswerInput(question=questions[2], value=NOTHING_PICKED),
        ],
    )

    assert outcome == SaveOutcome(saved=1, unchanged=2)
    assert stored(participant) == {questions[1].key: ("level", 2, None, "")}


def test_every_emptied_answer_counts(participant, questions):
    page = questions[:3]
    answers_save(
        participant=participant, answers=[AnswerInput(question=q, value=level(2)) for q in page]
    )

    outcome = answers_save(
        participant=participant,
        answers=[AnswerInput(question=q, value=NOTHING_PICKED) for q in page],
    )

    assert outcome == SaveOutcome(saved=3, unchanged=0)
    assert stored(participant) == {}


@pytest.mark.parametrize("before", [None, level(3)], ids=["insert", "update"])
@pytest.mark.parametrize("status", [AnswerStatus.DONT_KNOW, AnswerStatus.NOT_APPLICABLE])
def test_a_level_is_stored_with_the_status_level_only(participant, questions, before, status):
    if before is not None:
        answers_save(participant=participant, answers=[AnswerInput(questions[0], before)])

    answers_save(
        participant=participant,
        answers=[AnswerInput(questions[0], AnswerValue(status=status, level=4))],
    )

    assert stored(participant) == {questions[0].key: (status, None, None, "")}


def answer_table_queries(capture: CaptureQueriesContext) -> list[str]:
    table = Answer._meta.db_table
    return [q["sql"].split()[0] for q in capture.captured_queries if f'"{table}"' in q["sql"]]


def test_a_changed_answer_is_read_once_and_written_once(participant, questions):
    answers_save(participant=participant, answers=[AnswerInput(questions[0], level(2))])
    before = Answer.objects.get(participant=participant)

    with CaptureQueriesContext(connection) as capture:
        outcome = answers_save(
            participant=participant, answers=[AnswerInput(questions[0], level(4))]
        )

    # One upsert writes new and changed answers alike; a changed one keeps its row.
    assert answer_table_queries(capture) == ["SELECT", "INSERT"]
    assert any(
        q["sql"].startswith("INSERT") and "ON CONFLICT" in q["sql"]
        for q in capture.captured_queries
    )
    assert stored(participant) == {questions[0].key: ("level", 4, None, "")}
    after = Answer.objects.get(participant=participant)
    assert after.pk == before.pk
    assert after.updated_at > before.updated_at
    assert outcome.versions[questions[0].pk] == answer_version(after) != answer_version(before)


def participant_writes(capture: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in capture.captured_queries if q["sql"].startswith("UPDATE")]


def test_the_same_pillar_is_not_written_again(participant):
    answers_save(participant=participant, answers=[], pillar_key="strategy")
    participant.refresh_from_db()
    assert participant.last_pillar_key == "strategy"

    with CaptureQueriesContext(connection) as same:
        answers_save(participant=participant, answers=[], pillar_key="strategy")
    with CaptureQueriesContext(connection) as other:
        answers_save(participant=participant, answers=[], pillar_key="it")
    with CaptureQueriesContext(connection) as none:
        answers_save(participant=participant, answers=[])

    assert participant_writes(same) == []
    assert len(participant_writes(other)) == 1
    assert participant_writes(none) == []
    participant.refresh_from_db()
    assert participant.last_pillar_key == "it"


def test_remembering_the_pillar_leaves_the_participants_other_fields_alone(participant):
    # Renamed meanwhile (the object in hand is stale): the pillar must not write the old name back.
    Participant.objects.filter(pk=participant.pk).update(name="Neu", role="Vertrieb")

    answers_save(participant=participant, answers=[], pillar_key="it")

    participant.refresh_from_db()
    assert (participant.name, participant.role, participant.last_pillar_key) == (
        "Neu",
        "Vertrieb",
        "it",
    )


def test_a_completed_assessment_refuses_every_answer(assessment, participant, questions):
    answers_save(
        participant=participant,
        answers=[AnswerInput(question=questions[0], value=level(3))],
        pillar_key="strategy",
    )
    assessment_finish(assessment=assessment)
    age_answers(participant)

    with pytest.raises(AssessmentLocked):
        answers_save(
            participant=participant,
            answers=[
                AnswerInput(question=questions[0], value=level(5)),
                AnswerInput(question=questions[1], value=level(1)),
            ],
            pillar_key="processes",
        )

    assert stored(participant) == {questions[0].key: ("level", 3, None, "")}
    assert stamps(participant) == {questions[0].key: LONG_AGO}
    participant.refresh_from_db()
    assert participant.last_pillar_key == "strategy"


def test_a_completed_assessment_refuses_even_an_emptied_answer(assessment, participant, questions):
    answers_save(
        participant=participant, answers=[AnswerInput(question=questions[0], value=level(3))]
    )
    assessment_finish(assessment=assessment)

    with pytest.raises(AssessmentLocked):
        answers_save(
            participant=participant,
            answers=[AnswerInput(question=questions[0], value=NOTHING_PICKED)],
        )

    assert stored(participant) == {questions[0].key: ("level", 3, None, "")}


def test_the_lock_is_read_from_the_database_not_the_object(assessment, participant, questions):
    # A stale object in the caller's hands must not open a completed assessment.
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.COMPLETED)
    assert participant.assessment.status == Assessment.Status.IN_PROGRESS

    with pytest.raises(AssessmentLocked):
        answers_save(
            participant=participant, answers=[AnswerInput(question=questions[0], value=level(3))]
        )
    assert stored(participant) == {}


def test_a_reopened_assessment_takes_answers_again(assessment, participant, questions):
    assessment_finish(assessment=assessment)
    assessment_reopen(assessment=assessment)

    outcome = answers_save(
        participant=participant, answers=[AnswerInput(question=questions[0], value=level(4))]
    )

    assert outcome == SaveOutcome(saved=1, unchanged=0)
    assert stored(participant) == {questions[0].key: ("level", 4, None, "")}


def test_a_question_of_another_catalog_is_refused_before_anything_is_written(
    participant, questions
):
    other = load_generated_catalog(version=2, pillars=6, questions=6)
    foreign = other.questions.get(key=questions[1].key)  # same key, other catalog

    with pytest.raises(
        ValueError, match=r"^question does not belong to this assessment's catalog$"
    ):
        answers_save(
            participant=participant,
            answers=[
                AnswerInput(question=questions[0], value=level(3)),
                AnswerInput(question=foreign, value=level(4)),
            ],
            pillar_key="strategy",
        )

    assert stored(participant) == {}
    participant.refresh_from_db()
    assert participant.last_pillar_key == ""


def test_finish_stamps_once_and_reopen_clears(assessment):
    finished = assessment_finish(assessment=assessment)
    assert finished.status == Assessment.Status.COMPLETED
    first_completed_at = finished.completed_at
    assert first_completed_at is not None

    again = assessment_finish(assessment=Assessment.objects.get(pk=assessment.pk))
    assert again.completed_at == first_completed_at
    assert Assessment.objects.get(pk=assessment.pk).completed_at == first_completed_at

    reopened = assessment_reopen(assessment=assessment)
    assert reopened.status == Assessment.Status.IN_PROGRESS
    assert reopened.completed_at is None
    stored_row = Assessment.objects.get(pk=assessment.pk)
    assert (stored_row.status, stored_row.completed_at) == (Assessment.Status.IN_PROGRESS, None)


def test_reopening_an_open_assessment_changes_nothing(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=LONG_AGO)

    reopened = assessment_reopen(assessment=Assessment.objects.get(pk=assessment.pk))

    assert reopened.status == Assessment.Status.IN_PROGRESS
    assert Assessment.objects.get(pk=assessment.pk).updated_at == LONG_AGO


def test_finish_returns_the_stored_stamps(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=LONG_AGO)

    finished = assessment_finish(assessment=assessment)

    row = Assessment.objects.get(pk=assessment.pk)
    assert row.completed_at is not None and row.completed_at > LONG_AGO
    assert (finished.status, finished.completed_at, finished.updated_at) == (
        row.status,
        row.completed_at,
        row.updated_at,
    )
    assert row.updated_at == row.completed_at


def test_finishing_again_through_a_stale_object_reads_the_stored_stamps(assessment):
    stale = Assessment.objects.get(pk=assessment.pk)
    assessment_finish(assessment=assessment)
    row = Assessment.objects.get(pk=assessment.pk)

    again = assessment_finish(assessment=stale)

    assert (again.status, again.completed_at, again.updated_at) == (
        Assessment.Status.COMPLETED,
        row.completed_at,
        row.updated_at,
    )


def test_reopen_returns_the_stored_stamps(assessment):
    assessment_finish(assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=LONG_AGO)

    reopened = assessment_reopen(assessment=assessment)

    row = Assessment.objects.get(pk=assessment.pk)
    assert row.updated_at > LONG_AGO
    assert (reopened.status, reopened.completed_at, reopened.updated_at) == (
        row.status,
        None,
        row.updated_at,
    )


def test_reopen_leaves_other_completed_assessments_completed(assessment, small_catalog):
    other = start_assessment(small_catalog, name="Andere GmbH")
    assessment_finish(assessment=other)
    assessment_finish(assessment=assessment)

    assessment_reopen(assessment=assessment)

    assert Assessment.objects.get(pk=other.pk).status == Assessment.Status.COMPLETED


def test_reopening_again_through_a_stale_object_reads_the_stored_row(assessment):
    assessment_finish(assessment=assessment)
    stale = Assessment.objects.get(pk=assessment.pk)
    assessment_reopen(assessment=assessment)
    row = Assessment.objects.get(pk=assessment.pk)

    again = assessment_reopen(assessment=stale)

    assert (again.status, again.completed_at, again.updated_at) == (
        Assessment.Status.IN_PROGRESS,
        None,
        row.updated_at,
    )


# Starting and importing: the writes that create an assessment.


def start_fields(**changes) -> dict:
    fields = {
        "organisation_name": "Muster AG",
        "industry": "trade",
        "size_band": "10-49",
        "country": "CH",
        "language": "en",
    }
    fields.update(changes)
    return fields


def test_start_stores_the_organisation_the_assessment_and_an_unnamed_participant(small_catalog):
    started = assessment_start(catalog=small_catalog, **start_fields())

    row = Assessment.objects.select_related("organisation").get(pk=started.pk)
    organisation = row.organisation
    assert (organisation.name, organisation.industry, organisation.size_band) == (
        "Muster AG",
        "trade",
        "10-49",
    )
    assert (organisation.country, organisation.workspace) == ("CH", None)
    assert (row.catalog, row.language, row.status) == (
        small_catalog,
        "en",
        Assessment.Status.IN_PROGRESS,
    )
    assert [p.name for p in row.participants.all()] == [""]


def test_start_names_the_participant(small_catalog):
    started = assessment_start(catalog=small_catalog, participant_name="Anna", **start_fields())

    assert started.participants.get().name == "Anna"


@pytest.mark.parametrize(
    "change",
    [{"industry": "mining"}, {"organisation_name": ""}, {"country": "ZZ"}, {"language": "fr"}],
)
def test_start_validates_and_writes_nothing_when_refused(small_catalog, change):
    with pytest.raises(ValidationError):
        assessment_start(catalog=small_catalog, **start_fields(**change))

    assert not Organisation.objects.exists()
    assert not Assessment.objects.exists()
    assert not Participant.objects.exists()


def import_data(**changes) -> ImportData:
    fields = {
        "organisation_name": "Import AG",
        "industry": "it",
        "size_band": "1-9",
        "country": "DE",
        "language": "en",
        "catalog_version": None,
        "participant": "Anna",
        "completed": False,
        "answers": {"strategy_q1": level(4), "strategy_q2": AnswerValue(status="dont_know")},
        # Keys only in targets or only in comments are imported too.
        "targets": {"strategy_q1": 5, "strategy_q3": 2},
        "comments": {"strategy_q4": "nur ein Kommentar"},
    }
    fields.update(changes)
    return ImportData(**fields)


def test_import_stores_every_key_of_answers_targets_and_comments(small_catalog):
    imported = assessment_import(data=import_data(), catalog=small_catalog)

    row = Assessment.objects.select_related("organisation").get(pk=imported.pk)
    organisation = row.organisation
    assert (organisation.name, organisation.industry, organisation.size_band) == (
        "Import AG",
        "it",
        "1-9",
    )
    assert (organisation.country, organisation.workspace) == ("DE", None)
    assert (row.catalog, row.language, row.status) == (
        small_catalog,
        "en",
        Assessment.Status.IN_PROGRESS,
    )
    participant = row.participants.get()
    assert participant.name == "Anna"
    assert stored(participant) == {
        "strategy_q1": (AnswerStatus.LEVEL, 4, 5, ""),
        "strategy_q2": ("dont_know", None, None, ""),
        "strategy_q3": ("", None, 2, ""),
        "strategy_q4": ("", None, None, "nur ein Kommentar"),
    }


def test_a_completed_import_is_completed(small_catalog):
    imported = assessment_import(data=import_data(completed=True), catalog=small_catalog)

    row = Assessment.objects.get(pk=imported.pk)
    assert row.status == Assessment.Status.COMPLETED
    assert row.completed_at is not None
    assert (imported.status, imported.completed_at) == (row.status, row.completed_at)


def test_an_import_to_a_client_is_that_clients(small_catalog):
    client_ = make_client(make_consultant(), name="Kunde AG")

    imported = assessment_import(data=import_data(), catalog=small_catalog, client=client_)

    row = Assessment.objects.get(pk=imported.pk)
    assert (row.organisation, row.catalog, row.language) == (client_, small_catalog, "en")
    assert Organisation.objects.get() == client_
    participant = row.participants.get()
    assert participant.name == "Anna"
    assert set(stored(participant)) == {"strategy_q1", "strategy_q2", "strategy_q3", "strategy_q4"}


def test_an_import_with_an_unknown_question_writes_nothing(small_catalog):
    with pytest.raises(KeyError):
        assessment_import(data=import_data(comments={"nowhere_q1": "?"}), catalog=small_catalog)

    assert not Organisation.objects.exists()
    assert not Assessment.objects.exists()


# The page submit: the view turns the service's refusal into a message.


def pillar_url(assessment: Assessment, key: str, language: str = "de") -> str:
    with translation.override(language):
        return reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": key})


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_a_page_posted_to_a_completed_assessment_changes_nothing_and_says_why(
    client, assessment, participant, questions, language
):
    answers_save(
        participant=participant,
        answers=[AnswerInput(question=questions[0], value=level(3))],
        pillar_key="strategy",
    )
    assessment_finish(assessment=assessment)
    age_answers(participant)
    url = pillar_url(assessment, "strategy", language)

    response = client.post(
        url, {f"{questions[0].key}-value": "5", f"{questions[1].key}-value": "1"}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    assert response.status_code == 200
    with translation.override(language):
        message = gettext("This assessment is completed. Reopen it to change answers.")
    assert [str(m) for m in response.context["messages"]] == [message]
    assert stored(participant) == {questions[0].key: ("level", 3, None, "")}
    assert stamps(participant) == {questions[0].key: LONG_AGO}


def test_a_page_submitted_again_writes_no_unchanged_answer(client, participant, questions):
    data = {
        f"{questions[0].key}-value": "3",
        f"{questions[1].key}-value": "n_a",
        f"{questions[1].key}-comment": "Kein Callcenter.",
    }
    url = pillar_url(participant.assessment, "strategy")
    assert client.post(url, data).status_code == 302
    age_answers(participant)

    assert client.post(url, data | {f"{questions[2].key}-value": "2"}).status_code == 302

    times = stamps(participant)
    assert times[questions[0].key] == times[questions[1].key] == LONG_AGO
    assert times[questions[2].key] > LONG_AGO


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_an_autosave_to_a_completed_assessment_says_why_in_the_page_language(
    client, assessment, participant, questions, language
):
    assessment_finish(assessment=assessment)
    key = questions[0].key
    with translation.override(language):
        url = reverse("assessment:answer", kwargs={"token": assessment.token})
        message = gettext("This assessment is completed. Reopen it to change answers.")

    response = client.post(
        url, {"question": key, f"{key}-value": "3"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 422
    assert message in response.text
    assert stored(participant) == {}

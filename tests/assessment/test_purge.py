"""Abandoned self-assessments are purged; everything else stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessment.models import Answer, Assessment, Organisation, Participant, Workspace
from assessment.services import PurgeOutcome, assessment_finish, assessment_purge_abandoned
from tests.factories import answer, start_assessment


def _age(assessment: Assessment, *, days: float) -> None:
    moment = timezone.now() - timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=moment, updated_at=moment)
    Answer.objects.filter(participant__assessment=assessment).update(updated_at=moment)


@pytest.fixture
def situation(catalog):
    key = catalog.questions.order_by("pk").first().key
    made = {
        name: start_assessment(catalog, name=name)
        for name in (
            "fresh-empty",
            "old-empty",
            "stale",
            "active",
            "completed-old",
            "workspace-old",
        )
    }
    _age(made["old-empty"], days=2)
    for name in ("stale", "active", "completed-old", "workspace-old"):
        answer(made[name], key, 3)
    assessment_finish(assessment=made["completed-old"])
    workspace = Workspace.objects.create(name="Beratung")
    Organisation.objects.filter(pk=made["workspace-old"].organisation_id).update(
        workspace=workspace
    )
    for name in ("stale", "completed-old", "workspace-old"):
        _age(made[name], days=200)
    _age(made["active"], days=10)
    return made


def _names() -> set[str]:
    return set(Assessment.objects.values_list("organisation__name", flat=True))


def test_purge_deletes_only_the_abandoned(situation, capsys):
    call_command("purge_assessments", "--days", "180")
    assert _names() == {"fresh-empty", "active", "completed-old", "workspace-old"}
    assert "Deleted 1 never answered and 1 untouched for 180 days." in capsys.readouterr().out
    # Nothing of the purged ones is left behind.
    assert not Organisation.objects.filter(name__in=["old-empty", "stale"]).exists()
    assert Participant.objects.count() == 4
    assert Answer.objects.count() == 3


def test_a_dry_run_deletes_nothing(situation, capsys):
    call_command("purge_assessments", "--dry-run")
    assert len(_names()) == 6
    assert "Would delete 1 never answered and 1 untouched" in capsys.readouterr().out


def test_a_recent_answer_keeps_an_old_assessment(situation):
    stale = situation["stale"]
    Answer.objects.filter(participant__assessment=stale).update(updated_at=timezone.now())
    call_command("purge_assessments", "--days", "180")
    assert "stale" in _names()


def test_days_must_be_positive(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("purge_assessments", "--days", "0")


def test_organisations_of_others_are_left_alone(situation):
    unrelated = Organisation.objects.create(name="Ohne Einschätzung")
    call_command("purge_assessments", "--days", "180")
    assert Organisation.objects.filter(pk=unrelated.pk).exists()


def test_the_service_deletes_by_default(situation):
    outcome = assessment_purge_abandoned(retention_days=180)
    assert outcome == PurgeOutcome(never_answered=1, untouched=1)
    assert _names() == {"fresh-empty", "active", "completed-old", "workspace-old"}


@pytest.mark.parametrize(
    ("days", "completed", "kept"),
    [
        (0.5, False, True),  # started today: may still be answered
        (1.5, False, False),  # more than a day without a single answer
        (2.5, True, True),  # completed without answers: its owner may come back to it
    ],
)
def test_an_unanswered_assessment_lives_one_day_unless_completed(catalog, days, completed, kept):
    empty = start_assessment(catalog, name="leer")
    if completed:
        assessment_finish(assessment=empty)
    _age(empty, days=days)

    outcome = assessment_purge_abandoned(retention_days=180)

    assert outcome == PurgeOutcome(never_answered=0 if kept else 1, untouched=0)
    assert Assessment.objects.filter(pk=empty.pk).exists() == kept
    assert Organisation.objects.filter(name="leer").exists() == kept


def test_the_organisation_goes_with_its_last_assessment_only(catalog):
    # Ids of organisations and assessments apart, so one is never taken for the other.
    Organisation.objects.create(name="Ohne Einschätzung", industry="trade", size_band="1-9")
    abandoned = start_assessment(catalog, name="verlassen")
    shared = start_assessment(catalog, name="geteilt")
    kept = start_assessment(catalog, name="geteilt, abgeschlossen")
    Assessment.objects.filter(pk=kept.pk).update(organisation=shared.organisation)
    assessment_finish(assessment=kept)
    for assessment in (abandoned, shared):
        _age(assessment, days=2)

    assessment_purge_abandoned(retention_days=180)

    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Ohne Einschätzung",
        "geteilt",
        "geteilt, abgeschlossen",
    }
    assert list(Assessment.objects.values_list("pk", flat=True)) == [kept.pk]

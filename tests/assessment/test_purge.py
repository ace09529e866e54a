"""Abandoned self-assessments are purged; everything else stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessment.models import Answer, Assessment, Organisation, Participant, Workspace
from assessment.services import assessment_finish
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

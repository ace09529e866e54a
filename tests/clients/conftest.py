from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment
from assessment.services import assessment_finish
from tests.factories import answer, make_client, make_client_assessment, make_consultant


@pytest.fixture
def login_url(settings) -> str:
    """Where `login_required` sends a visitor: the accounts' login page."""
    return reverse(settings.LOGIN_URL)


@pytest.fixture
def consultant(db):
    return make_consultant(email="petra@nord.example", workspace="Beratung Nord")


@pytest.fixture
def colleague(consultant):
    return make_consultant(email="paul@nord.example", workspace="Beratung Nord", name="Paul Ko")


@pytest.fixture
def outsider(db):
    return make_consultant(email="otto@sued.example", workspace="Beratung Süd", name="Otto Aus")


@pytest.fixture
def signed_in(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def kunde(consultant):
    return make_client(consultant, name="Kunde AG")


def _completed(
    client,
    catalog,
    level: int,
    *,
    when: datetime,
    mode: str = "self",
    baseline: Assessment | None = None,
) -> Assessment:
    """A completed assessment of the client, every question at `level`, dated `when`."""
    assessment = make_client_assessment(client, catalog, mode=mode, baseline=baseline)
    for question in catalog.questions.all():
        answer(assessment, question.key, level)
    assessment_finish(assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=when, completed_at=when)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def completed():
    """Make a completed client assessment: `completed(client, catalog, level, days_ago=…)`."""

    def make(client, catalog, level, *, days_ago: int, **kwargs):
        return _completed(
            client, catalog, level, when=timezone.now() - timedelta(days=days_ago), **kwargs
        )

    return make

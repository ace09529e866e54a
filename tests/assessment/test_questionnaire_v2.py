"""A questionnaire on catalog version 2 shows each level's evidence, collapsed under the
options; version 1 has none to show."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from django.urls import reverse

from pillars.catalog_file import read_catalog_directory
from pillars.services import catalog_load
from tests.factories import start_assessment

pytestmark = pytest.mark.django_db

V2 = Path(__file__).resolve().parents[2] / "pillars" / "data" / "catalog-v2"


@functools.cache
def _v2_data():
    return read_catalog_directory(V2)


def test_the_evidence_of_every_level_is_under_the_question(client):
    catalog = catalog_load(data=_v2_data()).catalog
    assessment = start_assessment(catalog)
    pillar = catalog.pillars.order_by("order").first()
    question = pillar.questions.order_by("order").first()
    page = client.get(
        reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key})
    ).content.decode()
    assert page.count('data-testid="evidence"') == pillar.questions.count()
    for level in question.levels.all():
        for item in level.evidence:
            assert item in page, item


def test_version_1_shows_no_evidence_block(client, small_catalog):
    assessment = start_assessment(small_catalog)
    page = client.get(
        reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    ).content.decode()
    assert 'data-testid="evidence"' not in page

"""Imprint and privacy pages (configured by settings, linked from every footer), and a
self-assessor deleting their assessment through its private link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment, Organisation, Participant
from tests.factories import (
    answer,
    make_client,
    make_client_assessment,
    make_consultant,
    start_assessment,
)

pytestmark = pytest.mark.django_db


def test_every_page_links_imprint_and_privacy(client):
    page = client.get(reverse("assessment:home")).content.decode()
    assert reverse("assessment:imprint") in page and reverse("assessment:privacy") in page


def test_the_imprint_names_the_operator_from_the_settings(client, settings):
    settings.OPERATOR_NAME = "Kompass Betrieb GmbH"
    settings.OPERATOR_ADDRESS = "Bahnhofstrasse 1, 8001 Zürich"
    settings.OPERATOR_CONTACT = "hallo@kompass.example"
    page = client.get(reverse("assessment:imprint")).content.decode()
    for text in ("Kompass Betrieb GmbH", "Bahnhofstrasse 1, 8001 Zürich", "hallo@kompass.example"):
        assert text in page
    privacy = client.get(reverse("assessment:privacy")).content.decode()
    assert "von Kompass Betrieb GmbH betrieben" in privacy


def test_without_an_operator_the_imprint_says_what_to_set(client, settings):
    settings.OPERATOR_NAME = ""
    response = client.get(reverse("assessment:imprint"))
    assert response.status_code == 200
    assert "OPERATOR_NAME" in response.content.decode()


def test_the_privacy_page_says_how_long_data_is_kept(client, settings):
    settings.ASSESSMENT_RETENTION_DAYS = 90
    page = client.get("/en/privacy/").content
    assert b"nobody touches for 90 days" in page
    assert b"In an anonymous workshop no name is stored at all." in page


def test_a_self_assessor_deletes_everything(client, small_catalog):
    assessment = start_assessment(small_catalog)
    answer(assessment, small_catalog.questions.order_by("pk").first().key, 3)
    url = reverse("assessment:delete", kwargs={"token": assessment.token})
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "nicht rückgängig" in confirm.content.decode()
    assert Assessment.objects.exists()  # a GET deletes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:home")
    assert not Assessment.objects.exists()
    assert not Participant.objects.exists() and not Answer.objects.exists()
    assert not Organisation.objects.exists()
    assert (
        client.get(reverse("assessment:resume", kwargs={"token": assessment.token})).status_code
        == 404
    )


def test_a_client_assessment_cannot_be_deleted_through_its_link(client, small_catalog):
    assessment = make_client_assessment(make_client(make_consultant()), small_catalog)
    url = reverse("assessment:delete", kwargs={"token": assessment.token})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_wrong_link_deletes_nothing(client, small_catalog):
    start_assessment(small_catalog)
    response = client.post(reverse("assessment:delete", kwargs={"token": "Q" * 43}))
    assert response.status_code == 404
    assert Assessment.objects.count() == 1

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Assessment, Organisation, Participant

VALID = {
    "organisation_name": "  Muster   AG ",
    "industry": "trade",
    "size_band": "10-49",
    "country": "CH",
    "language": "de",
}


def test_home_page_in_three_languages(client, catalog):
    for language, phrase in [
        ("de", "Wie kundenorientiert"),
        ("en", "How customer-centric"),
        ("da", "Hvor kundeorienteret"),
    ]:
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        content = response.content.decode()
        assert phrase in content
        assert f'<html lang="{language}"' in content
        for pillar in catalog.pillars.all():
            assert pillar.tr("name", language) in content


def test_root_redirects_to_a_language(client, db):
    response = client.get("/", headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_start_creates_an_assessment_with_a_private_link(client, catalog):
    response = client.post(reverse("assessment:start"), VALID)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/de/a/{assessment.token}/link/"
    assert assessment.organisation.name == "Muster AG"
    assert assessment.catalog == catalog
    assert assessment.participants.count() == 1
    # 32 bytes from `secrets` → 43 URL-safe characters, 256 bits.
    assert len(assessment.token) >= 43

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f"/de/a/{assessment.token}/" in page.content.decode()


def test_tokens_differ_between_assessments(client, catalog):
    client.post(reverse("assessment:start"), VALID)
    client.post(reverse("assessment:start"), VALID)
    tokens = set(Assessment.objects.values_list("token", flat=True))
    assert len(tokens) == 2


def test_start_in_english_continues_in_english(client, catalog):
    response = client.post(reverse("assessment:start"), {**VALID, "language": "en"})
    assessment = Assessment.objects.get()
    assert assessment.language == "en"
    assert response["Location"].startswith("/en/a/")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation_name", ""),
        ("organisation_name", "   "),
        ("industry", "banking-on-the-moon"),
        ("size_band", ""),
        ("country", "ZZ"),
        ("language", "fr"),
    ],
)
def test_start_with_bad_input_keeps_what_was_entered(client, catalog, field, value):
    data = {**VALID, field: value, "organisation_name": VALID["organisation_name"]}
    data[field] = value
    response = client.post(reverse("assessment:start"), data)
    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    assert Assessment.objects.count() == 0
    assert Participant.objects.count() == 0
    content = response.content.decode()
    assert "is-invalid" in content
    if field != "organisation_name":
        # The form shows what was typed, unchanged: the name is tidied only once it is valid.
        assert 'value="  Muster   AG "' in content


def test_start_error_message_in_german(client, catalog):
    response = client.post("/de/start/", {**VALID, "organisation_name": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_start_without_catalog_says_so(client, db):
    response = client.get(reverse("assessment:start"), follow=True)
    assert response.redirect_chain[-1][0] == "/de/"
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_the_empty_start_form_is_rendered_once_per_language_as_crispy_renders_it(
    client, catalog, monkeypatch, language
):
    from crispy_forms.utils import render_crispy_form
    from django.utils import translation

    from assessment import forms

    first = client.get(f"/{language}/start/").content.decode()
    with translation.override(language):
        fresh = render_crispy_form(forms.StartForm())
    assert fresh in first  # the same fields, labels and choices as crispy makes them
    assert f'<option value="{language}" selected>' in fresh  # preselected: the page's language

    def no_second_render(*args, **kwargs):
        raise AssertionError("the empty start form was rendered again")

    monkeypatch.setattr(forms, "render_crispy_form", no_second_render)
    second = client.get(f"/{language}/start/").content.decode()
    assert fresh in second
    # A form with errors is the visitor's own: rendered afresh, with what was entered.
    monkeypatch.undo()
    refused = client.post(f"/{language}/start/", {**VALID, "industry": "mining"})
    assert refused.status_code == 200
    assert "is-invalid" in refused.content.decode()
    assert 'value="  Muster   AG "' in refused.content.decode()


def test_each_language_keeps_its_own_empty_start_form(client, catalog):
    pages = {
        language: client.get(f"/{language}/start/").content.decode()
        for language in ["de", "en", "da"]
    }
    labels = {
        "de": "Name Ihrer Organisation",
        "en": "Name of your organisation",
        "da": "Navn på jeres organisation",
    }
    for language, page in pages.items():
        for other, label in labels.items():
            assert (label in page) == (other == language), (language, label)


def test_only_the_empty_start_form_is_kept(catalog, settings):
    from assessment.forms import StartForm, start_form_html

    with pytest.raises(ValueError, match="empty form"):
        start_form_html(StartForm({"organisation_name": "X"}))

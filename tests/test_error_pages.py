"""The 403 and CSRF-failure pages in the visitor's language, with the site's layout."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "das Formular erneut"), ("en", "send the form again"), ("da", "formularen igen")],
)
def test_a_form_without_its_csrf_token_gets_a_friendly_page(language, text):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/start/", {"organisation_name": "Muster AG"})
    assert response.status_code == 403
    page = response.content.decode()
    assert text in page
    assert f'<html lang="{language}"' in page


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "nicht für Sie"), ("en", "not open to you"), ("da", "ikke åben for dig")],
)
def test_the_403_page_speaks_the_language(language, text):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        response = defaults.permission_denied(request, PermissionDenied())
        home = reverse("assessment:home")
    assert response.status_code == 403
    assert text in response.content.decode()
    assert f'href="{home}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title", "text"),
    [
        ("de", "Seite nicht gefunden · Kundenkompass", "Wir konnten diese Seite nicht finden"),
        ("en", "Page not found · Kundenkompass", "We could not find this page"),
        ("da", "Siden blev ikke fundet · Kundenkompass", "Vi kunne ikke finde siden"),
    ],
)
def test_the_404_page_speaks_the_language_and_says_where_you_are(client, language, title, text):
    response = client.get(f"/{language}/a/gibt-es-nicht/nirgends/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f"<title>{title}</title>" in page
    assert text in page
    assert f'<html lang="{language}"' in page
    assert 'rel="icon"' in page


def test_the_static_500_page_speaks_all_three_languages():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "templates" / "500.html").read_text()
    for language, text in [
        ("de", "schiefgegangen"),
        ("en", "Something went wrong"),
        ("da", "Noget gik galt"),
    ]:
        section = page.split(f'<section lang="{language}">', 1)[1].split("</section>", 1)[0]
        assert text in section


def test_the_favicon_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("img/compass.svg")
    page = client.get("/de/").content.decode()
    assert 'rel="icon" href="/static/img/compass.svg"' in page

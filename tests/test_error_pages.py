"""The 500 page is honest and static: it renders with the database gone."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from assessment import views


@pytest.fixture
def failing_client(monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("disk I/O error")

    # Every page reads the catalog first; with the database gone that read fails.
    monkeypatch.setattr(views, "catalog_current", database_gone)
    client = Client(raise_request_exception=False)
    return client


def test_a_server_error_shows_the_static_page_without_the_database(
    failing_client, django_assert_num_queries, db
):
    with django_assert_num_queries(0):
        response = failing_client.get(reverse("assessment:home"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Bei uns ist etwas schiefgegangen" in text
    assert "möglicherweise nicht gespeichert" in text
    assert "may not have been saved" in text
    # The old page claimed "Your answers are saved" even when the save had just failed.
    assert "gespeichert." not in text.replace("nicht gespeichert", "")
    assert "are saved" not in text


def test_the_500_template_has_no_tags():
    from pathlib import Path

    template = (Path(__file__).resolve().parents[1] / "templates" / "500.html").read_text()
    assert "{%" not in template  # no tag can load anything, not even translations
    assert "{{" not in template

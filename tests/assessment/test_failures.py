"""Failures are honest: the 500 page is static and claims nothing, a failed save says so."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessment.models import Answer

TEMPLATE_500 = Path(__file__).resolve().parents[2] / "templates" / "500.html"


@contextmanager
def database_failing(when: Callable[[str], bool] = lambda sql: True) -> Iterator[list[str]]:
    """Every statement that ``when`` picks fails as a full disk or a lost server would."""
    refused: list[str] = []

    def fail(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if when(sql):
            refused.append(sql)
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield refused


@pytest.fixture
def failing_client(settings) -> Client:
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def assert_honest_500(response) -> None:
    assert response.status_code == 500
    text = html.unescape(response.content.decode())
    assert "Bei uns ist etwas schiefgegangen" in text
    assert "Ihre letzte Aktion wurde möglicherweise nicht gespeichert" in text
    assert "Your last action may not have been saved" in text
    assert "Din seneste handling er muligvis ikke blevet gemt" in text
    # The old page said "Your answers are saved" even when the save had just failed.
    assert "are saved" not in text
    assert "sind gespeichert" not in text


def test_the_500_page_renders_with_the_database_down(failing_client, db):
    with database_failing() as refused:
        response = failing_client.get(reverse("assessment:home"))
    assert refused, "the page did not even try the database: the failure was not exercised"
    assert_honest_500(response)


def test_a_save_that_fails_on_a_full_disk_is_not_reported_as_saved(failing_client, assessment):
    question = assessment.catalog.questions.order_by("pk").first()
    writes = ("INSERT", "UPDATE")
    with database_failing(lambda sql: sql.lstrip().upper().startswith(writes)) as refused:
        response = failing_client.post(
            reverse("assessment:answer", kwargs={"token": assessment.token}),
            {"question": question.key, f"{question.key}-value": "3"},
            headers={"HX-Request": "true"},
        )
    assert refused
    # htmx swaps nothing on a 5xx (htmx-config in base.html); app.js shows "not saved" instead.
    assert_honest_500(response)
    assert "Gespeichert" not in response.content.decode()
    assert not Answer.objects.filter(participant__assessment=assessment).exists()


@pytest.mark.dbless
def test_the_500_template_has_no_tags():
    template = TEMPLATE_500.read_text()
    # No tag can load anything, not even translations, so nothing in it can touch the database.
    assert "{%" not in template
    assert "{{" not in template


@pytest.mark.parametrize(
    ("language", "server_error", "offline", "retry"),
    [
        (
            "de",
            "Nicht gespeichert: Beim Server ist ein Problem aufgetreten.",
            "Nicht gespeichert: keine Verbindung.",
            "Erneut versuchen",
        ),
        (
            "en",
            "Not saved: the server had a problem.",
            "Not saved: no connection.",
            "Try again",
        ),
        (
            "da",
            "Ikke gemt: Serveren havde et problem.",
            "Ikke gemt: ingen forbindelse.",
            "Prøv igen",
        ),
    ],
)
def test_the_questionnaire_carries_the_failure_messages_in_its_language(
    client, assessment, language, server_error, offline, retry
):
    pillar = assessment.catalog.pillars.order_by("order").first()
    with translation.override(language):
        url = reverse(
            "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key}
        )
    content = html.unescape(client.get(url).content.decode())
    # app.js reads these from the page; it holds no text of its own.
    assert f'data-save-failed-message="{server_error}' in content
    assert f'data-offline-message="{offline}' in content
    assert f'data-retry-label="{retry}"' in content

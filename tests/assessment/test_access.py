"""Nobody reaches an assessment without its private link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Answer

TOKEN_VIEWS = [
    "assessment:resume",
    "assessment:link",
    "assessment:review",
    "reports:results",
    "reports:results_json",
    "reports:answers_csv",
]


@pytest.mark.parametrize("name", TOKEN_VIEWS)
def test_unknown_token_is_a_friendly_404(client, assessment, name):
    fake = "A" * 43
    response = client.get(reverse(name, kwargs={"token": fake}))
    assert response.status_code == 404
    assert "Wir konnten diese Seite nicht finden" in response.content.decode()


@pytest.mark.parametrize("name", ["finish", "reopen", "answer"])
def test_unknown_token_cannot_write(client, assessment, name):
    response = client.post(reverse(f"assessment:{name}", kwargs={"token": "B" * 43}))
    assert response.status_code == 404


def test_pillar_page_with_unknown_token(client, assessment):
    url = reverse("assessment:pillar", kwargs={"token": "C" * 43, "pillar_key": "strategy"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"strategy_target_groups-value": "3"}).status_code == 404
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/de/a/short/", "/de/a/%3Cscript%3E/", "/de/a/" + "x" * 200 + "/", "/de/a/a.b.c/"]
)
def test_malformed_token_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_404_page_speaks_the_users_language(client, db):
    assert "We could not find this page" in client.get("/en/a/" + "D" * 43 + "/").content.decode()
    assert "Vi kunne ikke finde siden" in client.get("/da/a/" + "D" * 43 + "/").content.decode()


def test_one_token_does_not_open_another_assessment(client, assessment, other_assessment):
    response = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    assert other_assessment.organisation.name not in response.content.decode()
    assert assessment.organisation.name in response.content.decode()

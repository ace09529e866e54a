"""The client list: search, counts, last dates and scores in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_client, make_client_assessment

URL = reverse("clients:list")
# session · user · membership (+workspace) · clients (with counts and dates) · newest completed
# assessments · participants · answers · pillars · questions
LIST_QUERIES = 9


def test_anonymous_is_sent_to_the_login(client, login_url):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(login_url)


def test_a_new_consultant_is_told_what_to_do(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="empty-state"' in content
    assert "Noch keine Kunden" in content
    assert reverse("clients:create") in content


def test_the_list_shows_counts_dates_and_the_newest_completed_score(
    signed_in, consultant, kunde, small_catalog, completed
):
    completed(kunde, small_catalog, 2, days_ago=30)  # 25 / 100
    completed(kunde, small_catalog, 4, days_ago=10)  # 75 / 100
    make_client_assessment(kunde, small_catalog)  # in progress, newest
    make_client(consultant, name="Leer GmbH")
    response = signed_in.get(URL)
    rows = {row.client.name: row for row in response.context["rows"]}
    assert list(rows) == ["Kunde AG", "Leer GmbH"]
    assert rows["Kunde AG"].client.assessment_count == 3
    assert rows["Kunde AG"].score == 75
    assert rows["Leer GmbH"].score is None
    assert rows["Leer GmbH"].client.last_assessed_at is None
    content = response.content.decode()
    assert ">75<" in content


def test_the_search_finds_names_containing_it_in_any_case(signed_in, consultant):
    for name in ("Müller Bau", "Bäckerei Huber", "MÜLLER Logistik"):
        make_client(consultant, name=name)
    response = signed_in.get(URL, {"q": "müller"})
    names = [row.client.name for row in response.context["rows"]]
    assert sorted(names) == ["MÜLLER Logistik", "Müller Bau"]
    assert "Bäckerei Huber" not in response.content.decode()


def test_a_search_without_a_match_says_so_and_keeps_the_search(signed_in, kunde):
    response = signed_in.get(URL, {"q": "Nirgendwo"})
    content = response.content.decode()
    assert 'data-testid="no-match"' in content
    assert 'value="Nirgendwo"' in content
    assert 'data-testid="empty-state"' not in content


@pytest.mark.parametrize(
    ("q", "found"), [("\x00", 1), ("Kunde\x00", 1), ("a" * 5000, 0), ("%", 0), ("_", 0)]
)
def test_odd_searches_answer_calmly(signed_in, kunde, q, found):
    # Control characters are dropped; % and _ are plain characters, not wildcards.
    response = signed_in.get(URL, {"q": q})
    assert response.status_code == 200
    assert len(response.context["rows"]) == found


def test_another_workspaces_clients_are_not_listed(signed_in, outsider):
    make_client(outsider, name="Fremd AG")
    response = signed_in.get(URL)
    assert "Fremd AG" not in response.content.decode()
    assert response.context["rows"] == []


def test_a_colleague_sees_the_workspaces_clients(client, colleague, kunde):
    client.force_login(colleague)
    assert [row.client for row in client.get(URL).context["rows"]] == [kunde]


@pytest.mark.parametrize("clients", [1, 6])
def test_the_list_runs_a_fixed_number_of_queries(
    signed_in, consultant, small_catalog, completed, django_assert_num_queries, clients
):
    for index in range(clients):
        kunde = make_client(consultant, name=f"Kunde {index}")
        completed(kunde, small_catalog, 3, days_ago=20)
        completed(kunde, small_catalog, 4, days_ago=5)
    with django_assert_num_queries(LIST_QUERIES):
        response = signed_in.get(URL)
    assert len(response.context["rows"]) == clients
    assert {row.score for row in response.context["rows"]} == {75}

"""The client page's compare form: two completed assessments of the client, side by side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_client, make_client_assessment


@pytest.fixture
def three(kunde, small_catalog, completed):
    return [
        completed(kunde, small_catalog, level, days_ago=days)
        for level, days in ((2, 60), (3, 30), (4, 1))
    ]


def _pick(client, kunde, **query):
    return client.get(reverse("clients:compare_pick", kwargs={"client_id": kunde.pk}), query)


def test_the_client_page_offers_the_two_newest(signed_in, kunde, three):
    page = signed_in.get(reverse("clients:detail", kwargs={"client_id": kunde.pk})).content.decode()
    assert 'data-testid="compare-form"' in page
    assert f'<option value="{three[1].pk}" selected>' in page
    assert f'<option value="{three[2].pk}" selected>' in page


def test_no_form_with_fewer_than_two_completed(signed_in, kunde, small_catalog, completed):
    completed(kunde, small_catalog, 3, days_ago=5)
    page = signed_in.get(reverse("clients:detail", kwargs={"client_id": kunde.pk})).content.decode()
    assert 'data-testid="compare-form"' not in page


def test_any_two_in_either_order_open_the_comparison_oldest_first(signed_in, kunde, three):
    response = _pick(signed_in, kunde, first=three[2].pk, second=three[0].pk)
    assert response["Location"] == reverse(
        "reports:compare", kwargs={"first_id": three[0].pk, "second_id": three[2].pk}
    )
    assert signed_in.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "query", [{}, {"first": "x", "second": "1"}, {"first": "1"}, {"first": "٣", "second": "1"}]
)
def test_bad_choices_go_back_with_a_message(signed_in, kunde, three, query):
    response = _pick(signed_in, kunde, **query)
    assert response["Location"] == reverse("clients:detail", kwargs={"client_id": kunde.pk})
    page = signed_in.get(response["Location"]).content.decode()
    assert "zwei verschiedene abgeschlossene Einschätzungen" in page


def test_the_same_twice_an_open_one_or_another_clients_is_refused(
    signed_in, kunde, three, consultant, small_catalog
):
    open_one = make_client_assessment(kunde, small_catalog)
    other = make_client(consultant, name="Andere AG")
    foreign = make_client_assessment(other, small_catalog)
    for first, second in (
        (three[0].pk, three[0].pk),
        (three[0].pk, open_one.pk),
        (three[0].pk, foreign.pk),
    ):
        response = _pick(signed_in, kunde, first=first, second=second)
        assert response["Location"] == reverse("clients:detail", kwargs={"client_id": kunde.pk})


def test_another_workspace_gets_404(client, outsider, kunde, three):
    client.force_login(outsider)
    assert _pick(client, kunde, first=three[0].pk, second=three[1].pk).status_code == 404

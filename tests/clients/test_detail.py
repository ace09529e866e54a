"""A client's page: its assessments newest first, scores, trend, private links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessment.models import Assessment
from reports.selectors import overall_scores, scored_assessment
from tests.factories import make_client, make_client_assessment

# session · user · membership (+workspace) · client · assessments (+baselines, creators) ·
# participants · answers · pillars · questions
DETAIL_QUERIES = 9


def _url(client) -> str:
    return reverse("clients:detail", kwargs={"client_id": client.pk})


def test_assessments_newest_first_with_kind_status_dates_and_score(
    signed_in, kunde, small_catalog, completed
):
    first = completed(kunde, small_catalog, 2, days_ago=60)
    second = completed(kunde, small_catalog, 3, days_ago=30, mode="facilitated", baseline=first)
    running = make_client_assessment(kunde, small_catalog)
    response = signed_in.get(_url(kunde))
    assert response.status_code == 200
    rows = [(row.assessment, row.score) for row in response.context["page"].rows]
    assert rows == [(running, None), (second, 50), (first, 25)]
    content = response.content.decode()
    order = [int(pk) for pk in re.findall(r'data-testid="assessment-(\d+)"', content)]
    assert order == [running.pk, second.pk, first.pk]
    assert "Moderierter Workshop" in content
    scores = re.findall(r'data-testid="score">\s*(?:<span class="h4 mb-0">([^<]*)<)?', content)
    assert scores == ["", "50", "25"]


def test_the_trend_runs_oldest_to_newest(signed_in, kunde, small_catalog, completed):
    completed(kunde, small_catalog, 4, days_ago=90)
    completed(kunde, small_catalog, 2, days_ago=60)
    completed(kunde, small_catalog, 5, days_ago=1)
    response = signed_in.get(_url(kunde))
    trend = response.context["trend"]
    assert [row.score for row in response.context["page"].trend] == [75, 25, 100]
    assert len(trend.points) == 3
    # Lower y is a higher score; the last point is the best.
    ys = [y for _x, y in trend.points]
    assert ys[2] < ys[0] < ys[1]
    content = response.content.decode()
    assert 'data-testid="trend"' in content and "<polyline" in content
    assert "75 → 25 → 100" in " ".join(re.sub(r"<[^>]+>", "", content).split())


def test_no_trend_without_a_completed_assessment(signed_in, kunde, small_catalog):
    make_client_assessment(kunde, small_catalog)
    response = signed_in.get(_url(kunde))
    assert response.context["trend"] is None
    assert 'data-testid="trend"' not in response.content.decode()


def test_every_private_link_is_shown_and_the_results_of_completed_ones(
    signed_in, kunde, small_catalog, completed
):
    done = completed(kunde, small_catalog, 3, days_ago=3)
    running = make_client_assessment(kunde, small_catalog)
    content = signed_in.get(_url(kunde)).content.decode()
    for assessment in (done, running):
        assert f"http://testserver/de/a/{assessment.token}/" in content
    # A link opens in the assessment's language, whatever the consultant's.
    Assessment.objects.filter(pk=running.pk).update(language="da")
    content = signed_in.get(_url(kunde)).content.decode()
    assert f"http://testserver/da/a/{running.token}/" in content
    assert reverse("reports:results", kwargs={"token": done.token}) in content
    assert reverse("reports:results", kwargs={"token": running.token}) not in content
    assert reverse("assessment:resume", kwargs={"token": running.token}) in content
    assert 'data-copy-target="#link-' in content


def test_the_scores_are_those_of_the_results_page(kunde, small_catalog, completed):
    mixed = completed(kunde, small_catalog, 3, days_ago=2)
    assert overall_scores([mixed]) == {mixed.pk: scored_assessment(mixed).result.score}
    assert overall_scores([]) == {}


def test_an_empty_client_page_tells_what_to_do(signed_in, kunde):
    content = signed_in.get(_url(kunde)).content.decode()
    assert 'data-testid="no-assessments"' in content
    assert reverse("clients:assessment_new", kwargs={"client_id": kunde.pk}) in content


def test_another_workspaces_client_is_not_found(client, outsider, kunde):
    client.force_login(outsider)
    assert client.get(_url(kunde)).status_code == 404


def test_anonymous_is_sent_to_the_login(client, kunde, login_url):
    response = client.get(_url(kunde))
    assert response.status_code == 302 and response["Location"].startswith(login_url)


@pytest.mark.parametrize("assessments", [1, 5])
def test_the_page_runs_a_fixed_number_of_queries(
    signed_in, consultant, small_catalog, completed, django_assert_num_queries, assessments
):
    kunde = make_client(consultant, name="Viele AG")
    previous = None
    for index in range(assessments):
        previous = completed(kunde, small_catalog, 3, days_ago=100 - index, baseline=previous)
    make_client_assessment(kunde, small_catalog)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = signed_in.get(_url(kunde))
    assert len(response.context["page"].rows) == assessments + 1

"""The action plan and the peer benchmark where people see them: the results page (add a next
step, the compact plan, the benchmark from 5 peers on, the opt-out) and the share page (neither
buttons nor plan)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessment.actions import action_create
from assessment.models import Action, Assessment, Organisation
from assessment.services import assessment_finish
from assessment.sharing import share_link_create
from tests.factories import (
    answer,
    make_client,
    make_client_assessment,
    make_consultant,
    start_assessment,
)

pytestmark = pytest.mark.django_db


def _results(assessment: Assessment) -> str:
    return reverse("reports:results", kwargs={"token": assessment.token})


def _answered(catalog, level: int = 2, *, name: str = "Wir AG") -> Assessment:
    assessment = start_assessment(catalog, name=name)
    for question in catalog.questions.all():
        answer(assessment, question.key, level)
    return assessment


def _peer(catalog, level: int, *, name: str) -> Assessment:
    return assessment_finish(assessment=_answered(catalog, level, name=name))


def _step_forms(page: str) -> list[tuple[str, str]]:
    return re.findall(
        r'name="question" value="([^"]+)">\s*<input type="hidden" name="from_level" value="(\d)"',
        page,
    )


def test_each_next_step_can_be_added_once(client, small_catalog):
    assessment = _answered(small_catalog)
    page = client.get(_results(assessment)).content.decode()
    steps = _step_forms(page)
    assert len(steps) == page.count('data-testid="step-to-plan"') > 0
    key, level = steps[0]

    url = reverse("actions:from_step", kwargs={"token": assessment.token})
    data = {"question": key, "from_level": level, "next": "results"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == _results(assessment) + "#next-steps"
    action = assessment.actions.get()
    assert (action.question.key, action.from_level) == (key, int(level))

    client.post(url, data)  # a second click adds nothing
    assert assessment.actions.count() == 1
    page = client.get(_results(assessment)).content.decode()
    assert (key, level) not in _step_forms(page)
    assert page.count('data-testid="step-in-plan"') == 1
    summary = page.split('data-testid="plan-summary"', 1)[1]
    assert action.title in summary


def test_a_step_from_elsewhere_is_refused_and_adds_nothing(client, small_catalog):
    assessment = _answered(small_catalog)
    url = reverse("actions:from_step", kwargs={"token": assessment.token})
    response = client.post(url, {"question": "no-such-question", "from_level": "2"}, follow=True)
    assert response.status_code == 200
    assert not assessment.actions.exists()


def test_the_compact_plan_lists_the_actions_in_plan_order(client, small_catalog):
    assessment = _answered(small_catalog)
    page = client.get(_results(assessment)).content.decode()
    assert 'data-testid="plan-section"' in page
    assert 'data-testid="plan-empty"' in page
    action_create(assessment=assessment, title="Zweitens", owner="Vertrieb")
    first = action_create(assessment=assessment, title="Erstens")
    Action.objects.filter(pk=first.pk).update(position=0)
    page = client.get(_results(assessment)).content.decode()
    summary = page.split('data-testid="plan-summary"', 1)[1]
    assert summary.index("Erstens") < summary.index("Zweitens")
    assert "Vertrieb" in summary


def test_open_actions_of_the_previous_assessment_are_announced(client, small_catalog):
    before = _peer(small_catalog, 2, name="Wir AG")
    action_create(assessment=before, title="Offen geblieben")
    done = action_create(assessment=before, title="Erledigt")
    Action.objects.filter(pk=done.pk).update(status=Action.Status.DONE)
    now = start_assessment(small_catalog, name="Wir AG")
    Assessment.objects.filter(pk=now.pk).update(baseline=before, organisation=before.organisation)
    page = client.get(_results(now)).content.decode()
    notice = page.split('data-testid="plan-to-review"', 1)[1].split("</div>", 1)[0]
    assert re.search(r"\b1\b", notice)
    assert reverse("actions:plan", kwargs={"token": now.token}) in notice


def test_the_share_page_has_neither_buttons_nor_plan(client, small_catalog):
    consultant = make_consultant()
    assessment = make_client_assessment(make_client(consultant), small_catalog)
    for question in small_catalog.questions.all():
        answer(assessment, question.key, 2)
    assessment = assessment_finish(assessment=assessment)
    action_create(assessment=assessment, title="Intern")
    link = share_link_create(assessment=assessment, created_by=consultant)
    page = client.get(reverse("reports:shared_results", kwargs={"token": link.token}))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="step-to-plan"' not in content
    assert 'data-testid="plan-section"' not in content
    assert "Intern" not in content
    assert 'data-testid="benchmark-opt-out"' not in content


def test_the_benchmark_shows_from_five_peers(client, small_catalog):
    own = _answered(small_catalog, 3)
    for number, level in enumerate((1, 2, 3, 4)):
        _peer(small_catalog, level, name=f"Peer {number}")
    page = client.get(_results(own)).content.decode()
    assert 'data-testid="benchmark-note"' in page
    assert 'data-testid="benchmark-table"' not in page
    _peer(small_catalog, 5, name="Peer 5")
    page = client.get(_results(own)).content.decode()
    table = page.split('data-testid="benchmark-table"', 1)[1].split("</table>", 1)[0]
    # Levels 1..5 score 0, 25, 50, 75, 100 in every pillar: median 50, middle half 25–75.
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 6
    for row in rows:
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        assert cells[1:] == ["50", "50", "25–75"]


def test_no_size_band_no_benchmark_section(client, small_catalog):
    own = _answered(small_catalog)
    Organisation.objects.filter(pk=own.organisation_id).update(size_band="")
    page = client.get(_results(own)).content.decode()
    assert 'data-testid="benchmark"' not in page


def test_opting_out_takes_the_assessment_out_of_the_others_benchmark(client, small_catalog):
    own = _answered(small_catalog, 3)
    peers = [_peer(small_catalog, level, name=f"Peer {level}") for level in (1, 2, 3, 4, 5)]
    url = reverse("reports:benchmark_opt_out", kwargs={"token": peers[0].token})
    response = client.post(url, {"opt_out": "1"})
    assert response.status_code == 302
    assert response["Location"] == _results(peers[0]) + "#benchmark"
    peers[0].refresh_from_db()
    assert peers[0].benchmark_opt_out
    page = client.get(_results(own)).content.decode()
    assert 'data-testid="benchmark-table"' not in page  # 4 left
    client.post(url, {"opt_out": "0"})
    peers[0].refresh_from_db()
    assert not peers[0].benchmark_opt_out
    assert 'data-testid="benchmark-table"' in client.get(_results(own)).content.decode()


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_the_opt_out_refuses_anything_but_0_or_1(client, small_catalog, value):
    own = _answered(small_catalog)
    url = reverse("reports:benchmark_opt_out", kwargs={"token": own.token})
    response = client.post(url, {"opt_out": value} if value else {})
    assert response.status_code == 400
    own.refresh_from_db()
    assert not own.benchmark_opt_out


def test_the_opt_out_of_an_unknown_assessment_is_404(client, small_catalog):
    url = reverse("reports:benchmark_opt_out", kwargs={"token": "x" * 32})
    assert client.post(url, {"opt_out": "1"}).status_code == 404


def test_demo_data_says_it_never_counts_and_offers_no_opt_out(client, small_catalog):
    own = _answered(small_catalog)
    Organisation.objects.filter(pk=own.organisation_id).update(is_sample=True)
    page = client.get(_results(own)).content.decode()
    assert 'data-testid="benchmark-sample"' in page
    assert 'data-testid="benchmark-opt-out"' not in page

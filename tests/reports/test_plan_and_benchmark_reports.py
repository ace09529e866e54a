"""The action plan and the peer benchmark in the PDF and DOCX reports (from 5 peers on, 4 →
left out), and the questionnaire of a re-assessment pointing to the previous plan's open
actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from assessment.actions import action_create
from assessment.models import Assessment
from assessment.selectors import first_pillar_key
from assessment.services import assessment_finish
from reports.docx_report import report_docx
from reports.pdf import report_pdf
from reports.report_document import build_report_document
from reports.selectors import scored_assessment
from tests.factories import (
    answer,
    answer_all,
    make_client,
    make_client_assessment,
    make_consultant,
    start_assessment,
)
from tests.reports.test_docx import all_text, open_docx
from tests.reports.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def _peer(catalog, level: int, *, name: str) -> Assessment:
    assessment = start_assessment(catalog, name=name)
    for question in catalog.questions.all():
        answer(assessment, question.key, level)
    return assessment_finish(assessment=assessment)


@pytest.fixture
def own(small_catalog):
    assessment = start_assessment(small_catalog, name="Wir AG", language="en")
    answer_all(assessment)
    return assessment_finish(assessment=assessment)


def _planned(own) -> None:
    action_create(
        assessment=own,
        title="Kundenreise skizzieren",
        done_when="Die Reise hängt im Flur.",
        owner="Eva Muster",
        due_date=datetime.date(2027, 3, 31),
        status="in_progress",
    )


def _anchors(own) -> list[str]:
    return [chapter.anchor for chapter in build_report_document(scored_assessment(own)).chapters]


def test_four_peers_leave_the_benchmark_out_five_put_it_in(small_catalog, own):
    for number, level in enumerate((1, 2, 3, 4)):
        _peer(small_catalog, level, name=f"Peer {number}")
    # No actions and no benchmark: no plan chapter.
    assert "plan" not in _anchors(own)
    assert build_report_document(scored_assessment(own)).benchmark_rows == []
    _peer(small_catalog, 5, name="Peer 5")
    assert "plan" in _anchors(own)
    document = build_report_document(scored_assessment(own))
    # levels 1..5 → scores 0, 25, 50, 75, 100 in every pillar
    assert {(row.median, row.middle_half) for row in document.benchmark_rows} == {("50", "25–75")}
    assert len(document.benchmark_rows) == 6


def test_the_pdf_has_the_action_plan_and_the_benchmark(small_catalog, own):
    for level in (1, 2, 3, 4, 5):
        _peer(small_catalog, level, name=f"Peer {level}")
    _planned(own)
    text = pdf_text(report_pdf(scored_assessment(own)))
    assert "Action plan" in text
    assert "Kundenreise skizzieren" in text
    assert "Eva Muster" in text
    assert "03/31/2027" in text
    assert "In progress" in text
    assert "Die Reise hängt im Flur." in text
    assert "Compared with similar companies" in text
    assert "25–75" in text


def test_without_plan_or_peers_neither_chapter_is_there(own):
    assert "plan" not in _anchors(own)
    text = all_text(open_docx(report_docx(scored_assessment(own))))
    assert "Action plan" not in text
    assert "Compared with similar companies" not in text


def test_the_docx_has_the_action_plan_and_the_benchmark(small_catalog, own):
    for level in (1, 2, 3, 4, 5):
        _peer(small_catalog, level, name=f"Peer {level}")
    _planned(own)
    text = all_text(open_docx(report_docx(scored_assessment(own))))
    assert "Action plan" in text
    assert "Kundenreise skizzieren" in text
    assert "Eva Muster" in text
    assert "In progress" in text
    assert "Die Reise hängt im Flur." in text
    assert "Compared with similar companies" in text
    assert "25–75" in text


def test_the_questionnaire_of_a_reassessment_points_to_the_open_actions(client, small_catalog):
    client_ = make_client(make_consultant())
    earlier = make_client_assessment(client_, small_catalog)
    assessment_finish(assessment=earlier)
    action_create(assessment=earlier, title="Offen", status="open")
    action_create(assessment=earlier, title="Fertig", status="done")
    later = make_client_assessment(client_, small_catalog, baseline=earlier)

    def page(assessment) -> str:
        url = reverse(
            "assessment:pillar",
            kwargs={"token": assessment.token, "pillar_key": first_pillar_key(assessment)},
        )
        return client.get(url).content.decode()

    text = page(later)
    assert 'data-testid="plan-to-review"' in text
    assert reverse("actions:plan", kwargs={"token": later.token}) in text
    client.post(reverse("actions:carry_over", kwargs={"token": later.token}))
    assert list(later.actions.values_list("title", flat=True)) == ["Offen"]
    assert 'data-testid="plan-to-review"' not in page(later)
    fresh = make_client_assessment(client_, small_catalog)
    assert 'data-testid="plan-to-review"' not in page(fresh)

"""Change since a baseline on the results page, in the JSON, PDF and DOCX, and the compare view.

The numbers of the two assessments below, worked out by hand (level → score 1 → 0 … 5 → 100):

- strategy: before all six at level 2 → 25; now q1–q3 at 4, q4–q6 at 2 → 50: +25
- processes: before all six at 3 → 50; now q1 at 1, q2–q6 at 3 → 250/6 = 41.67: −8.3
- it: before only q1 (level 5), now only q2 (level 3): under half coverage both times, no delta
- overall: before (25 + 50) / 2 = 37.5, now (50 + 41.67) / 2 = 45.83: +8.3
- questions: improved 3 (strategy q1–q3), declined 1 (processes q1), unchanged 8, answered once 2
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import docx
import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from assessment.models import Assessment
from assessment.services import assessment_finish
from reports.context import results_json_data
from reports.docx_report import report_docx
from reports.pdf import render_report_html
from reports.report_document import build_report_document
from reports.selectors import scored_assessment
from tests.factories import answer, make_client, make_client_assessment, make_consultant

pytestmark = pytest.mark.django_db

# Results page of an assessment with a baseline: the nine of one without (see
# tests/assessment/test_query_counts.py, the KPI figures included), its workspace, and the
# baseline scored: the baseline itself, its participant, pillars, questions, levels and answers;
# then the action plan (its actions, the baseline's open ones to review) and the peer companies;
# the legal notes of the client's country once per process (with the catalog).
RESULTS_WITH_BASELINE_QUERIES = 8 + 1 + 6 + 3 + 1


def _answer_before(assessment: Assessment) -> None:
    for q in range(1, 7):
        answer(assessment, f"strategy_q{q}", 2)
        answer(assessment, f"processes_q{q}", 3)
    answer(assessment, "it_q1", 5)


def _answer_now(assessment: Assessment) -> None:
    for q in range(1, 7):
        answer(assessment, f"strategy_q{q}", 4 if q <= 3 else 2)
        answer(assessment, f"processes_q{q}", 1 if q == 1 else 3)
    answer(assessment, "it_q2", 3)


def _finish(assessment: Assessment, days_ago: int = 0) -> Assessment:
    assessment = assessment_finish(assessment=assessment)
    if days_ago:
        Assessment.objects.filter(pk=assessment.pk).update(
            completed_at=timezone.now() - timedelta(days=days_ago)
        )
        assessment.refresh_from_db()
    return assessment


@pytest.fixture
def consultant(db):
    return make_consultant()


@pytest.fixture
def pair(consultant, small_catalog):
    client_ = make_client(consultant)
    before = make_client_assessment(client_, small_catalog)
    _answer_before(before)
    before = _finish(before, days_ago=180)
    now = make_client_assessment(client_, small_catalog, baseline=before)
    _answer_now(now)
    return before, _finish(now)


def test_the_results_page_shows_the_change(client, pair, django_assert_num_queries):
    _, now = pair
    url = reverse("reports:results", kwargs={"token": now.token})
    with django_assert_num_queries(RESULTS_WITH_BASELINE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="comparison"' in page
    comparison = response.context["report"].comparison
    counts = comparison.counts
    assert (counts.improved, counts.declined, counts.unchanged, counts.answered_once) == (
        3,
        1,
        8,
        2,
    )
    deltas = {p.change.key: p.delta_text for p in comparison.pillars}
    assert deltas["strategy"] == "+25" and deltas["processes"] == "−8,3" and deltas["it"] == "–"
    assert comparison.overall_delta_text == "+8,3"
    # The radar overlays both, each named with its date in the legend.
    radar = json.loads(response.context["radar_json"])
    names = [trace["name"] for trace in radar["data"]]
    assert comparison.before_name in names and comparison.now_name in names
    assert radar["layout"]["showlegend"] is True


def test_without_a_baseline_the_page_has_no_comparison(client, consultant, small_catalog):
    assessment = make_client_assessment(make_client(consultant), small_catalog)
    answer(assessment, "strategy_q1", 3)
    response = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    assert response.context["report"].comparison is None
    assert b'data-testid="comparison"' not in response.content


def test_the_json_carries_client_baseline_and_deltas(pair):
    before, now = pair
    data = results_json_data(scored_assessment(now))
    assert data["client"] == "Kunde AG"
    assert data["baseline"]["id"] == before.pk
    assert data["baseline"]["completed_at"] == before.completed_at.isoformat()
    comparison = data["comparison"]
    assert comparison["overall"] == {"before": 37.5, "now": 45.83, "delta": 8.33}
    pillars = {p["key"]: p for p in comparison["pillars"]}
    assert pillars["strategy"] == {"key": "strategy", "before": 25.0, "now": 50.0, "delta": 25.0}
    assert pillars["it"]["delta"] is None
    assert comparison["counts"] == {
        "improved": 3,
        "declined": 1,
        "unchanged": 8,
        "answered_once": 2,
        "not_answered": 22,
        "not_comparable": 0,
    }
    questions = {q["key"]: q for q in comparison["questions"]}
    assert questions["processes_q1"] == {
        "key": "processes_q1",
        "pillar_key": "processes",
        "before": 3,
        "now": 1,
        "delta": -2,
        "change": "declined",
    }
    assert questions["it_q2"]["change"] == "answered_once"


def test_the_report_command_json_has_the_same_fields(pair, capsys):
    _, now = pair
    call_command("report", str(now.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["client"] == "Kunde AG" and data["comparison"]["counts"]["improved"] == 3


def test_an_anonymous_self_assessment_has_no_client_and_no_baseline(assessment):
    data = results_json_data(scored_assessment(assessment))
    assert data["client"] is None and data["baseline"] is None and data["comparison"] is None


def test_the_pdf_has_a_change_chapter(pair):
    _, now = pair
    from django.utils import translation

    with translation.override("de"):
        document = build_report_document(scored_assessment(now))
        html = render_report_html(document, chart="")
    assert 'data-block="comparison"' in html
    assert "Veränderung seit der früheren Einschätzung" in html
    assert any(chapter.anchor == "change" for chapter in document.chapters)
    assert "Question 2.1 (de)" in html  # the declined question, in the per-question table


def test_the_docx_has_the_change_too(pair):
    _, now = pair
    content = report_docx(scored_assessment(now))
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Veränderung seit der früheren Einschätzung" in headings
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "+25" in cells and "−8,3" in cells


def test_a_baseline_on_another_catalog_version_compares_by_key(consultant, small_catalog):
    from tests.factories import load_generated_catalog

    other = load_generated_catalog(version=2, pillars=6, questions=7)  # q7 is new
    client_ = make_client(consultant)
    before = make_client_assessment(client_, small_catalog)
    answer(before, "strategy_q1", 2)
    before = _finish(before, days_ago=30)
    now = make_client_assessment(client_, other, baseline=before)
    answer(now, "strategy_q1", 3)
    answer(now, "strategy_q7", 3)
    comparison = scored_assessment(now).comparison
    assert comparison is not None
    assert comparison.counts.improved == 1
    assert comparison.counts.not_comparable == 6  # one new question in each of six pillars
    kinds = {q.key: q.kind for q in comparison.questions}
    assert kinds["strategy_q7"] == "not_comparable"


# --- the compare view -------------------------------------------------------------------------


def _compare_url(first: Assessment, second: Assessment) -> str:
    return reverse("reports:compare", kwargs={"first_id": first.pk, "second_id": second.pk})


@pytest.mark.parametrize("order", ["before_first", "now_first"])
def test_two_assessments_side_by_side(client, consultant, pair, order):
    before, now = pair
    client.force_login(consultant)
    url = _compare_url(before, now) if order == "before_first" else _compare_url(now, before)
    response = client.get(url)
    assert response.status_code == 200
    comparison = response.context["report"].comparison
    assert comparison.counts.improved == 3  # the earlier one is always "before"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert 'data-testid="comparison"' in page
    assert reverse("reports:results", kwargs={"token": before.token}) in page


def _queries(client, url: str) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return list(captured)


def test_the_compare_view_runs_a_fixed_number_of_queries(client, consultant, small_catalog):
    """More answers and questions, the same number of queries."""
    from tests.factories import answer_all, load_generated_catalog

    counts = []
    for questions in (6, 12):
        catalog = (
            small_catalog
            if questions == 6
            else load_generated_catalog(version=3, pillars=6, questions=12)
        )
        client_ = make_client(consultant, name=f"Kunde {questions}")
        first = make_client_assessment(client_, catalog)
        answer_all(first)
        first = _finish(first, days_ago=10)
        second = make_client_assessment(client_, catalog)
        answer_all(second)
        second = _finish(second)
        client.force_login(consultant)
        counts.append(len(_queries(client, _compare_url(first, second))))
    assert counts[0] == counts[1]


def test_assessments_of_two_clients_do_not_compare(client, consultant, pair, small_catalog):
    before, _ = pair
    other = make_client_assessment(make_client(consultant, name="Andere AG"), small_catalog)
    answer(other, "strategy_q1", 3)
    other = _finish(other)
    client.force_login(consultant)
    assert client.get(_compare_url(before, other)).status_code == 404
    assert client.get(_compare_url(before, before)).status_code == 404


def test_an_unfinished_assessment_does_not_compare(client, consultant, pair, small_catalog):
    before, now = pair
    unfinished = make_client_assessment(before.organisation, small_catalog)
    client.force_login(consultant)
    assert client.get(_compare_url(before, unfinished)).status_code == 404


def test_another_workspace_gets_404(client, pair):
    before, now = pair
    outsider = make_consultant(email="b@example.com", workspace="Andere Beratung")
    client.force_login(outsider)
    assert client.get(_compare_url(before, now)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, pair):
    try:
        reverse("accounts:login")
    except NoReverseMatch:
        pytest.skip("the accounts pages (login) are built on another branch")
    before, now = pair
    response = client.get(_compare_url(before, now))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_compare_view_query_count_is_pinned(
    client, consultant, pair, django_assert_num_queries
):
    before, now = pair
    client.force_login(consultant)
    # session · user · (membership + assessment) per access helper ×2 (which also hands over
    # the workspace) · the later one scored (participant, pillars, questions, levels,
    # recommendations, legal notes, answers) · the earlier one, already loaded, scored
    # (participant, pillars, questions, levels, answers).
    with django_assert_num_queries(2 + 4 + 7 + 5):
        assert client.get(_compare_url(before, now)).status_code == 200

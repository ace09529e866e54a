"""The action plan: added freely or from a next step, edited, reordered, filtered, deleted,
carried over to the next assessment once, exported as CSV and iCalendar; wrong links get 404."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from assessment.actions import (
    action_create,
    action_from_step,
    action_move,
    action_update,
    actions_carry_over,
)
from assessment.ical import CalendarEvent, escape_text, fold, ical_calendar
from assessment.models import Action
from assessment.selectors import action_plan
from assessment.services import assessment_finish
from pillars.models import Question
from tests.factories import make_client, make_client_assessment, make_consultant, start_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(small_catalog):
    return start_assessment(small_catalog)


def _url(name: str, assessment, **kwargs) -> str:
    return reverse(f"actions:{name}", kwargs={"token": assessment.token, **kwargs})


def _titles(assessment) -> list[str]:
    return list(assessment.actions.order_by("position").values_list("title", flat=True))


def test_actions_go_to_the_end_and_move_up_and_down(assessment):
    first, second, third = (
        action_create(assessment=assessment, title=title) for title in ("A", "B", "C")
    )
    assert [first.position, second.position, third.position] == [1, 2, 3]
    action_move(action=third, up=True)
    assert _titles(assessment) == ["A", "C", "B"]
    action_move(action=first, up=True)  # already at the top: nothing changes
    assert _titles(assessment) == ["A", "C", "B"]
    action_move(action=Action.objects.get(title="A"), up=False)
    assert _titles(assessment) == ["C", "A", "B"]


def test_an_action_from_a_next_step_takes_the_recommendation(assessment):
    question = Question.objects.filter(catalog=assessment.catalog).order_by("pk").first()
    action = action_from_step(assessment=assessment, question=question, from_level=2)
    recommendation = question.recommendations.get(from_level=2)
    assert action.title == recommendation.text_de  # the assessment's language
    assert (action.question, action.from_level, action.status) == (question, 2, "open")
    with pytest.raises(ValueError):
        action_from_step(assessment=assessment, question=question, from_level=5)


def test_update_checks_what_it_stores(assessment):
    action = action_create(assessment=assessment, title="  Zielgruppen   schreiben ")
    assert action.title == "Zielgruppen schreiben"
    action_update(action=action, status="done", owner=" Vertrieb ")
    action.refresh_from_db()
    assert (action.status, action.owner) == ("done", "Vertrieb")
    for bad in ({"status": "maybe"}, {"title": "   "}, {"position": 7}):
        with pytest.raises(ValueError):
            action_update(action=Action.objects.get(pk=action.pk), **bad)
    action.refresh_from_db()
    assert (action.status, action.title, action.position) == ("done", "Zielgruppen schreiben", 1)


def _completed_with_plan(client, catalog):
    earlier = make_client_assessment(client, catalog)
    assessment_finish(assessment=earlier)
    for title, status in (("Offen", "open"), ("Läuft", "in_progress"), ("Fertig", "done")):
        action_create(assessment=earlier, title=title, status=status, owner="Eva")
    action_create(assessment=earlier, title="Verworfen", status="dropped")
    return earlier


def test_open_actions_are_reviewed_and_carried_over_once(small_catalog):
    client = make_client(make_consultant())
    earlier = _completed_with_plan(client, small_catalog)
    later = make_client_assessment(client, small_catalog, baseline=earlier)
    plan = action_plan(later)
    assert [action.title for action in plan.to_review] == ["Offen", "Läuft"]
    carried = actions_carry_over(assessment=later)
    assert [(a.title, a.status, a.owner) for a in carried] == [
        ("Offen", "open", "Eva"),
        ("Läuft", "in_progress", "Eva"),
    ]
    assert actions_carry_over(assessment=later) == []
    assert later.actions.count() == 2
    assert action_plan(later).to_review == []
    assert earlier.actions.count() == 4  # the earlier plan stays as it was


def test_the_plan_filters_by_status_and_owner(assessment):
    action_create(assessment=assessment, title="A", owner="Eva")
    action_create(assessment=assessment, title="B", owner="Max", status="done")
    action_create(assessment=assessment, title="C", owner="eva")
    plan = action_plan(assessment, status="open")
    assert [a.title for a in plan.actions] == ["A", "C"]
    assert plan.counts == {"open": 2, "in_progress": 0, "done": 1, "dropped": 0}
    assert plan.owners == ["Eva", "eva", "Max"]
    assert [a.title for a in action_plan(assessment, owner="Max").actions] == ["B"]


def test_the_plan_costs_one_query_without_a_baseline(assessment, django_assert_num_queries):
    for title in "ABC":
        action_create(assessment=assessment, title=title)
    with django_assert_num_queries(1):
        assert len(action_plan(assessment).actions) == 3


def test_adding_through_the_page(client, assessment):
    response = client.post(
        _url("plan", assessment),
        {"title": "Zielgruppen", "owner": "Eva", "due_date": "2027-03-31", "status": "open"},
    )
    assert response.status_code == 302
    action = assessment.actions.get()
    assert (action.title, action.owner, action.due_date) == (
        "Zielgruppen",
        "Eva",
        datetime.date(2027, 3, 31),
    )
    page = client.get(_url("plan", assessment)).content.decode()
    assert "Zielgruppen" in page and "Eva" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "due_date": "2027-03-31"}, "Sagen Sie, was zu tun ist."),
        ({"title": "X", "due_date": "31.13.2027"}, "Geben Sie ein Datum ein, z. B. 2027-03-31."),
        ({"title": "X", "due_date": "3000-01-01"}, "Geben Sie ein Datum zwischen 2000 und 2100"),
        ({"title": "X" * 301}, "höchstens 300 Zeichen"),
        ({"title": "X", "status": "maybe"}, "maybe ist keine gültige Auswahl."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_kept(client, assessment, data, message):
    posted = {"status": "open", "owner": "Eva Muster", **data}
    response = client.post(_url("plan", assessment), posted)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'value="Eva Muster"' in page
    assert not assessment.actions.exists()


def test_editing_moving_and_deleting_through_the_pages(client, assessment):
    first = action_create(assessment=assessment, title="A")
    action_create(assessment=assessment, title="B")
    edit = _url("edit", assessment, action_id=first.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "A2", "status": "in_progress", "done_when": "Liste da"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.status, first.done_when) == ("A2", "in_progress", "Liste da")
    bad = client.post(edit, {"title": "", "status": "done"})
    assert bad.status_code == 400
    first.refresh_from_db()
    assert first.title == "A2"
    client.post(_url("move", assessment, action_id=first.pk), {"direction": "down"})
    assert _titles(assessment) == ["B", "A2"]
    client.post(_url("delete", assessment, action_id=first.pk))
    assert _titles(assessment) == ["B"]


def test_a_next_step_is_added_through_the_page(client, assessment):
    question = Question.objects.filter(catalog=assessment.catalog).order_by("pk").first()
    response = client.post(
        _url("from_step", assessment), {"question": question.key, "from_level": "3"}
    )
    assert response.status_code == 302
    assert assessment.actions.get().from_level == 3
    for bad in (
        {"question": "nope", "from_level": "3"},
        {"question": question.key, "from_level": "9"},
    ):
        response = client.post(_url("from_step", assessment), bad, follow=True)
        assert "gehört nicht zu Ihrer Bewertung" in response.content.decode()
    assert assessment.actions.count() == 1


def test_another_plan_s_action_is_404_and_unchanged(client, small_catalog, assessment):
    other = start_assessment(small_catalog)
    theirs = action_create(assessment=other, title="Fremd")
    for name in ("edit", "move", "delete"):
        url = _url(name, assessment, action_id=theirs.pk)
        assert client.post(url, {"title": "Mein", "status": "done"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Fremd", "open")


def test_the_csv_neutralises_formulas(client, assessment):
    action_create(assessment=assessment, title='=HYPERLINK("http://x")', owner="@Eva")
    response = client.get(_url("export_csv", assessment))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "actions" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Maßnahme", "Verantwortlich", "Fällig am", "Status", "Erledigt, wenn"]
    assert rows[1][:2] == ['\'=HYPERLINK("http://x")', "'@Eva"]


def test_the_calendar_has_one_all_day_event_per_pending_due_date(client, assessment):
    action_create(
        assessment=assessment,
        title="Zielgruppen, Segmente; alles",
        due_date=datetime.date(2027, 3, 31),
        done_when="Liste\nda",
    )
    action_create(assessment=assessment, title="Ohne Datum")
    action_create(
        assessment=assessment, title="Erledigt", status="done", due_date=datetime.date(2027, 1, 1)
    )
    response = client.get(_url("export_ics", assessment))
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20270331\r\n" in body
    assert "DTEND;VALUE=DATE:20270401\r\n" in body
    assert "SUMMARY:Zielgruppen\\, Segmente\\; alles\r\n" in body
    assert "DESCRIPTION:Erledigt\\, wenn: Liste\\nda" in body.replace("\r\n ", "")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\r\ntwo\nthree", "one\\ntwo\\nthree"), ("", "")],
)
def test_ical_text_escaping(text, escaped):
    assert escape_text(text) == escaped


def test_ical_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "ä" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line
    assert fold("short") == "short"


def test_ical_calendar_shape():
    body = ical_calendar(
        [CalendarEvent(uid="a-1@x", day=datetime.date(2027, 1, 2), summary="S")],
        name="Plan",
        stamp=datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC),
    )
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTAMP:20261128T120000Z\r\n" in body
    assert body.endswith("END:VCALENDAR\r\n")

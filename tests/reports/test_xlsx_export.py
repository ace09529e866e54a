"""The workbook downloads: answers, scores and actions (reports:answers_xlsx) and the action plan
alone (actions:export_xlsx), read back with openpyxl. Text cells never run as formulas."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessment.actions import action_create
from assessment.models import Action, Answer
from reports.selectors import scored_assessment
from tests.factories import answer

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Written by a user, and what the workbook must show instead: text, never a formula.
HOSTILE = [
    (
        '=HYPERLINK("http://evil.example","Details")',
        '\'=HYPERLINK("http://evil.example","Details")',
    ),
    ("-1+2", "'-1+2"),
    ("+41 44 000 00 00", "'+41 44 000 00 00"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
]


def _get(client, name, assessment, language="de"):
    with translation.override(language):
        url = reverse(name, kwargs={"token": assessment.token})
    return client.get(url)


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _questions(assessment):
    return list(assessment.catalog.questions.order_by("pillar__order", "order"))


def _check_header(sheet):
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert all(sheet.column_dimensions[cell.column_letter].width >= 6 for cell in sheet[1])


def test_the_workbook_has_answers_scores_and_actions(client, assessment):
    first, second = _questions(assessment)[:2]
    answer(assessment, first.key, 3, target=5, comment="Im Führungskreis besprochen")
    answer(assessment, second.key, "dont_know")
    Answer.objects.filter(question=first).update(relevance="very_relevant")
    action_create(
        assessment=assessment,
        title="Kundenreise skizzieren",
        owner="Eva",
        due_date=datetime.date(2027, 3, 31),
        done_when="Workshop",
    )
    action_create(assessment=assessment, title="Ohne Datum")

    response = _get(client, "reports:answers_xlsx", assessment)
    book = _workbook(response)

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "kundenkompass-muster-ag-answers-" in disposition and disposition.endswith('.xlsx"')
    assert book.sheetnames == ["Antworten", "Punktzahlen", "Maßnahmen"]
    for sheet in book.worksheets:
        _check_header(sheet)

    answers = _rows(book["Antworten"])
    assert answers[0] == [
        "pillar_key",
        "Säule",
        "question_key",
        "Frage",
        "answer",
        "Stufe",
        "Antwort",
        "Zielstufe",
        "Relevanz",
        "Kommentar",
    ]
    assert len(answers) == 1 + len(_questions(assessment))
    level_text = first.levels.get(level=3).text
    assert answers[1] == [
        first.pillar.key,
        first.pillar.name,
        first.key,
        first.text,
        3,
        3,
        level_text,
        5,
        "Sehr relevant",
        "Im Führungskreis besprochen",
    ]
    assert answers[2][4:] == ["dont_know", None, None, None, None, None]
    assert book["Antworten"]["F2"].data_type == "n"  # a number, not text
    assert book["Antworten"]["F3"].data_type == "n"  # nothing: an empty cell, not ""

    scored = scored_assessment(assessment)
    scores = _rows(book["Punktzahlen"])
    assert scores[0] == [
        "pillar_key",
        "Säule",
        "Gewichtung",
        "Punktzahl",
        "Stufe",
        "Stufenname",
        "Abdeckung",
    ]
    pillars = scored.result.pillars
    assert [row[0] for row in scores[1:]] == [p.key for p in pillars] + ["overall"]
    first_pillar = next(p for p in pillars if p.key == first.pillar.key)
    row = scores[1 + list(pillars).index(first_pillar)]
    assert row[2] == first_pillar.weight
    assert row[3] == (round(first_pillar.score, 2) if first_pillar.score is not None else None)
    assert row[6] == round(first_pillar.coverage, 2)
    assert book["Punktzahlen"].cell(row=2, column=7).number_format == "0%"
    assert scores[-1][:2] == ["overall", "Gesamt"]

    actions = _rows(book["Maßnahmen"])
    assert actions == [
        ["Maßnahme", "Verantwortlich", "Fällig am", "Status", "Erledigt, wenn"],
        ["Kundenreise skizzieren", "Eva", datetime.datetime(2027, 3, 31), "Offen", "Workshop"],
        ["Ohne Datum", None, None, "Offen", None],
    ]
    assert book["Maßnahmen"]["C2"].is_date


def test_headers_follow_the_language_of_the_request(client, assessment):
    book = _workbook(_get(client, "reports:answers_xlsx", assessment, language="en"))
    assert book.sheetnames == ["Answers", "Scores", "Actions"]
    assert _rows(book["Answers"])[0][:4] == ["pillar_key", "Pillar", "question_key", "Question"]
    book = _workbook(_get(client, "reports:answers_xlsx", assessment, language="da"))
    assert book.sheetnames[1:] == ["Scorer", "Handlinger"]


@pytest.mark.parametrize(("written", "shown"), HOSTILE)
def test_user_text_is_never_a_formula(client, assessment, written, shown):
    question = _questions(assessment)[0]
    answer(assessment, question.key, 2, comment=written)
    action = action_create(assessment=assessment, title="Platzhalter")
    # Stored as written, past the form's trimming: whatever the database holds is defused.
    Action.objects.filter(pk=action.pk).update(title=written, owner=written, done_when=written)
    for name, sheet_name, columns in [
        ("reports:answers_xlsx", "Antworten", ["J"]),
        ("reports:answers_xlsx", "Maßnahmen", ["A", "B", "E"]),
        ("actions:export_xlsx", "Maßnahmen", ["A", "B", "E"]),
    ]:
        sheet = _workbook(_get(client, name, assessment))[sheet_name]
        for column in columns:
            cell = sheet[f"{column}2"]
            assert cell.data_type == "s"
            assert cell.value == shown
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row), (
            sheet_name
        )


def test_an_error_value_or_a_control_character_stays_text(client, assessment):
    question = _questions(assessment)[0]
    answer(assessment, question.key, 2, comment="#N/A")
    action_create(assessment=assessment, title="Bell\x07 and null-free")
    book = _workbook(_get(client, "reports:answers_xlsx", assessment))
    comment = book["Antworten"]["J2"]
    assert (comment.value, comment.data_type) == ("#N/A", "s")
    assert book["Maßnahmen"]["A2"].value == "Bell and null-free"


def test_an_empty_assessment_exports_its_headers(client, assessment):
    book = _workbook(_get(client, "reports:answers_xlsx", assessment))
    answers = _rows(book["Antworten"])
    assert len(answers) == 1 + len(_questions(assessment))
    assert all(row[4:] == [None] * 6 for row in answers[1:])
    scores = _rows(book["Punktzahlen"])
    assert all(row[3] is None and row[4] is None for row in scores[1:])
    assert _rows(book["Maßnahmen"]) == [
        ["Maßnahme", "Verantwortlich", "Fällig am", "Status", "Erledigt, wenn"]
    ]
    plan = _workbook(_get(client, "actions:export_xlsx", assessment))
    assert plan.sheetnames == ["Maßnahmen"]
    assert _rows(plan["Maßnahmen"]) == [
        ["Maßnahme", "Verantwortlich", "Fällig am", "Status", "Erledigt, wenn"]
    ]


def test_the_plan_alone(client, assessment):
    action_create(assessment=assessment, title="Zweite", status="done")
    action_create(
        assessment=assessment, title="Dritte", owner="Jens", due_date=datetime.date(2027, 1, 2)
    )
    response = _get(client, "actions:export_xlsx", assessment, language="en")
    book = _workbook(response)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "-actions-" in response["Content-Disposition"]
    _check_header(book["Actions"])
    assert _rows(book["Actions"]) == [
        ["Action", "Owner", "Due date", "Status", "Done when"],
        ["Zweite", None, None, "Done", None],
        ["Dritte", "Jens", datetime.datetime(2027, 1, 2), "Open", None],
    ]


@pytest.mark.parametrize("name", ["reports:answers_xlsx", "actions:export_xlsx"])
def test_an_unknown_link_is_not_found(client, assessment, name):
    assert client.get(reverse(name, kwargs={"token": "Z" * 43})).status_code == 404
    assert client.post(reverse(name, kwargs={"token": assessment.token})).status_code == 405


@pytest.mark.parametrize("name", ["reports:answers_xlsx", "actions:export_xlsx"])
def test_another_assessment_shows_nothing_of_this_one(client, assessment, other_assessment, name):
    answer(assessment, _questions(assessment)[0].key, 2, comment="Geheim")
    action_create(assessment=assessment, title="Geheime Maßnahme")
    book = _workbook(_get(client, name, other_assessment))
    cells = {cell for sheet in book.worksheets for row in _rows(sheet) for cell in row}
    assert "Geheim" not in cells and "Geheime Maßnahme" not in cells


def test_the_pages_link_the_workbooks(client, assessment):
    results = _get(client, "reports:results", assessment).content.decode()
    assert reverse("reports:answers_xlsx", kwargs={"token": assessment.token}) in results
    action_create(assessment=assessment, title="Eine")
    plan = _get(client, "actions:plan", assessment).content.decode()
    assert reverse("actions:export_xlsx", kwargs={"token": assessment.token}) in plan

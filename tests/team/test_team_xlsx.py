"""A workshop's workbook (reports:answers_xlsx): the team's spread per question and, per pillar,
the team score with the lowest and highest participant score; never a name. The workshop and
its hand-computed figures: conftest.py and test_team_results.py.

Participants' strategy scores (3 of 6 questions each, coverage 50 %): GL 75, 75, 66.67;
V 41.67, 41.67, 50; M 25 → lowest 25, highest 75, seven with a score.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment.actions import action_create

from .conftest import PEOPLE
from .test_team_results import agree

pytestmark = pytest.mark.django_db


def _book(client, workshop):
    url = reverse("reports:answers_xlsx", kwargs={"token": workshop.assessment.token})
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_of_a_workshop_has_the_team_values(client, named):
    agree(named, note="=HYPERLINK(1)")
    action_create(assessment=named.assessment, title="Segmente festlegen", owner="GL")
    book = _book(client, named)
    assert book.sheetnames == ["Antworten", "Punktzahlen", "Maßnahmen"]

    answers = _rows(book["Antworten"])
    assert answers[0][:10] == [
        "pillar_key",
        "Säule",
        "question_key",
        "Frage",
        "n",
        "Mittelwert",
        "Median",
        "min",
        "max",
        "SD",
    ]
    assert answers[0][-4:] == ["Vereinbarte Stufe", "Notiz", "Minderheitsmeinung", "Team-Score"]
    q1 = answers[1]
    assert q1[2] == "strategy_q1"
    assert q1[4:] == [7, 3.14, 3, 1, 5, 1.46, 1, 2, 1, 1, 2, 0, 0, 3, "'=HYPERLINK(1)", None, 50]
    assert book["Antworten"]["F2"].data_type == "n"
    assert book["Antworten"]["S2"].data_type == "s"
    assert len(answers) == 1 + 36
    assert answers[-1][4:] == [0, None, None, None, None, None, 0, 0, 0, 0, 0, 0, 0] + [None] * 4

    scores = _rows(book["Punktzahlen"])
    assert scores[0][-3:] == [
        "Niedrigste Punktzahl der Teilnehmenden",
        "Höchste Punktzahl der Teilnehmenden",
        "Teilnehmende mit Punktzahl",
    ]
    strategy = scores[1]
    assert strategy[0] == "strategy"
    assert strategy[3] == round((50 + 50 + 400 / 7) / 3, 2)
    assert strategy[4:] == [3, "Definiert", 0.5, 25, 75, 7]
    assert scores[2][3:] == [None, None, None, 0, None, None, 0]
    assert scores[-1][0] == "overall" and scores[-1][3] == strategy[3]

    assert _rows(book["Maßnahmen"])[1][:2] == ["Segmente festlegen", "GL"]


@pytest.mark.parametrize("fixture", ["named", "anonymous"])
def test_no_name_in_the_workbook(client, request, fixture):
    workshop = request.getfixturevalue(fixture)
    agree(workshop)
    book = _book(client, workshop)
    cells = [str(cell) for sheet in book.worksheets for row in _rows(sheet) for cell in row]
    for name, _role in PEOPLE:
        for part in name.split():
            assert not any(part in cell for cell in cells)

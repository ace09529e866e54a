"""A workshop's team results: the selector, the JSON (page and command) and the CSV.

The workshop of conftest.py: seven participants, three of them the leadership. Hand-computed:

strategy_q1  votes 5 5 4 2 2 3 1: n 7, mean 22/7 = 3.14, median 3, 1–5, sd 1.46,
             distribution 1·2·1·1·2; agreed at 3 → score 50, shift 3 − 22/7 = −0.14
strategy_q2  all 3: mean 3, sd 0 → 50
strategy_q3  4 4 4 3 3 3 2: mean 23/7 = 3.29, 2–4, divergent → (23/7 − 1) / 4 × 100 = 57.14
Pillar strategy: 3 of 6 answered (coverage 50 %) → (50 + 50 + 57.14) / 3 = 52.38 = overall.
Roles: GL 3, Vertrieb 3, Marketing 1 → Marketing is "other roles" (1) → Vertrieb joins it.
Leadership q1: 14/3 against 8/4 = 2 → flagged; q3: 4 against 2.75 → not.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Question
from assessment.workshops import consensus_record
from pillars import catalog_cache
from reports.selectors import overall_scores, scored_assessment

from .conftest import PEOPLE

pytestmark = pytest.mark.django_db


def agree(workshop, key="strategy_q1", level=3, note="Einig nach Diskussion", minority=""):
    assessment = workshop.assessment
    question = Question.objects.get(catalog=assessment.catalog, key=key)
    return consensus_record(
        assessment=assessment, question=question, level=level, note=note, minority_note=minority
    )


def test_scored_assessment_of_a_workshop_is_the_teams(named):
    agree(named)
    scored = scored_assessment(named.assessment)
    team = scored.team
    assert scored.participant is None
    assert team is not None and team.participants == 7
    q1 = team.question("strategy_q1")
    assert (q1.n, q1.spread.median, q1.spread.min, q1.spread.max) == (7, 3.0, 1, 5)
    assert q1.spread.mean == pytest.approx(22 / 7)
    assert q1.distribution == (1, 2, 1, 1, 2)
    assert (q1.consensus, q1.level, q1.score) == (3, 3, 50.0)
    assert q1.shift == pytest.approx(3 - 22 / 7)
    strategy = scored.result.pillars[0]
    assert strategy.coverage == 0.5
    assert strategy.score == pytest.approx((50 + 50 + 400 / 7) / 3)
    assert scored.result.score == strategy.score
    assert [q.key for q in team.discuss_first] == ["strategy_q1", "strategy_q3"]
    split = team.role_split
    assert [(g.label, g.roles, g.members) for g in split.groups] == [
        ("Geschäftsleitung", ("Geschäftsleitung",), 3),
        (None, ("Vertrieb", "Marketing"), 4),
    ]
    assert [q.key for q in team.leadership.flagged] == ["strategy_q1"]
    assert scored.consensus["strategy_q1"].note == "Einig nach Diskussion"


def test_a_workshop_is_scored_in_a_fixed_number_of_queries(
    named, small_catalog, django_assert_num_queries
):
    from assessment.models import Assessment

    assessment = Assessment.objects.select_related("organisation", "catalog").get(
        pk=named.assessment.pk
    )
    # workshop · pillars · questions · levels · recommendations · legal notes · participants ·
    # answers · agreed levels · the client's workspace: ten, for 7 participants as for 17; the
    # catalog's five only the first time in a process (pillars.catalog_cache).
    catalog_cache.clear()
    with django_assert_num_queries(10):
        scored_assessment(assessment)
    assessment = Assessment.objects.select_related("organisation", "catalog").get(
        pk=named.assessment.pk
    )
    from tests.factories import join_workshop, vote

    for index in range(10):
        person = join_workshop(named, name=f"Mehr {index}", role="IT")
        vote(person, "strategy_q4", 2)
    agree(named, key="strategy_q5", level=4)
    with django_assert_num_queries(10 - 5):
        scored = scored_assessment(assessment)
    assert scored.team.participants == 17


def test_a_workshop_nobody_joined_yet_scores_nothing(kunde, small_catalog):
    from tests.factories import make_workshop

    workshop = make_workshop(kunde, small_catalog)
    scored = scored_assessment(workshop.assessment)
    assert scored.team.participants == 0
    assert scored.result.score is None


def test_overall_scores_of_a_workshop_are_the_teams(named):
    agree(named)
    scores = overall_scores([named.assessment])
    assert scores[named.assessment.pk] == pytest.approx((50 + 50 + 400 / 7) / 3)


def _json(client, workshop):
    url = reverse("reports:results_json", kwargs={"token": workshop.assessment.token})
    response = client.get(url)
    assert response.status_code == 200
    return response.json(), response.content.decode()


def test_the_results_json_carries_the_team(client, named):
    agree(named, minority="Vertrieb sieht Stufe 2")
    data, _text = _json(client, named)
    assert data["mode"] == "distributed"
    team = data["team"]
    assert (team["participants"], team["naming"], team["consensus_count"]) == (7, "named", 1)
    q1, q2, q3 = team["questions"][:3]
    assert q1 == {
        "key": "strategy_q1",
        "pillar_key": "strategy",
        "n": 7,
        "mean": 3.14,
        "median": 3.0,
        "min": 1,
        "max": 5,
        "sd": 1.46,
        "distribution": [1, 2, 1, 1, 2],
        "dont_know": 0,
        "not_applicable": 0,
        "divergent": True,
        "consensus": {
            "level": 3,
            "note": "Einig nach Diskussion",
            "minority_note": "Vertrieb sieht Stufe 2",
        },
        "shift": -0.14,
        "team_level": 3,
        "score": 50.0,
    }
    assert (q2["sd"], q2["divergent"], q2["consensus"], q2["shift"]) == (0.0, False, None, None)
    assert (q3["mean"], q3["team_level"], q3["score"]) == (3.29, 3, 57.14)
    assert team["questions"][3]["n"] == 0 and team["questions"][3]["mean"] is None
    assert team["discuss_first"] == ["strategy_q1", "strategy_q3"]
    split = team["role_split"]
    assert [(g["role"], g["roles"], g["members"]) for g in split["groups"]] == [
        ("Geschäftsleitung", ["Geschäftsleitung"], 3),
        (None, ["Vertrieb", "Marketing"], 4),
    ]
    # GL: q1 14/3 → 91.67, q2 50, q3 4 → 75: 72.22 · the others: 25, 50, 2.75 → 43.75: 39.58.
    assert [g["pillars"][0]["score"] for g in split["groups"]] == [72.22, 39.58]
    assert split["questions"][0] == {
        "key": "strategy_q1",
        "groups": [{"n": 3, "mean": 4.67}, {"n": 4, "mean": 2.0}],
    }
    assert split["questions"][3] == {"key": "strategy_q4", "groups": None}
    leadership = team["leadership"]
    assert (leadership["role"], leadership["members"], leadership["rest_members"]) == (
        "Geschäftsleitung",
        3,
        4,
    )
    assert leadership["flagged"] == ["strategy_q1"]
    assert leadership["questions"][0] == {
        "key": "strategy_q1",
        "shown": True,
        "leadership_mean": 4.67,
        "rest_mean": 2.0,
        "flagged": True,
    }
    assert leadership["questions"][3] == {
        "key": "strategy_q4",
        "shown": False,
        "leadership_mean": None,
        "rest_mean": None,
        "flagged": False,
    }
    assert data["overall"]["score"] == 52.38
    question = data["pillars"][0]["questions"][2]
    assert (question["answer"], question["score"]) == (3, 57.14)


def test_a_self_assessment_has_no_team(client, assessment):
    data, _text = _json(client, type("W", (), {"assessment": assessment}))
    assert (data["mode"], data["team"]) == ("self", None)


@pytest.mark.parametrize("fixture", ["named", "anonymous"])
def test_no_name_in_the_json_or_csv(client, request, fixture):
    workshop = request.getfixturevalue(fixture)
    agree(workshop)
    _data, text = _json(client, workshop)
    url = reverse("reports:answers_csv", kwargs={"token": workshop.assessment.token})
    csv_text = client.get(url).content.decode()
    for name, _role in PEOPLE:
        for part in name.split():
            assert part not in text
            assert part not in csv_text


def test_the_csv_of_a_workshop_has_the_spread_per_question(client, named):
    agree(named, note="=HYPERLINK(1)")
    url = reverse("reports:answers_csv", kwargs={"token": named.assessment.token})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    header, q1 = rows[0], rows[1]
    assert header[:10] == [
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
    assert q1[4:] == [
        "7",
        "3.14",
        "3.0",
        "1",
        "5",
        "1.46",
        "1",
        "2",
        "1",
        "1",
        "2",
        "0",
        "0",
        "3",
        "'=HYPERLINK(1)",
        "",
        "50.0",
    ]
    assert len(rows) == 1 + 36


def test_the_report_command_writes_the_team_json(named, capsys):
    agree(named)
    call_command("report", str(named.assessment.pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["team"]["participants"] == 7
    assert data["team"]["discuss_first"] == ["strategy_q1", "strategy_q3"]


def test_a_comment_without_a_level_is_no_vote_and_dont_know_is_counted_apart(named):
    from assessment.services import AnswerInput, answers_save
    from assessment.values import NOTHING_PICKED, AnswerValue

    question = Question.objects.get(catalog=named.assessment.catalog, key="strategy_q4")
    first, second = named.people[:2]
    answers_save(
        participant=first,
        answers=[AnswerInput(question=question, value=NOTHING_PICKED, comment="Nur ein Gedanke")],
    )
    answers_save(
        participant=second,
        answers=[AnswerInput(question=question, value=AnswerValue(status="dont_know"))],
    )
    assert first.answers.get(question=question).status == ""
    q4 = scored_assessment(named.assessment).team.question("strategy_q4")
    assert (q4.n, q4.dont_know, q4.not_applicable, q4.score) == (0, 1, 0, None)

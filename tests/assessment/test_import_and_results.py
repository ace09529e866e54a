"""Import an answers file, then check the JSON results against a hand computation of DESIGN.md."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.models import Answer, Assessment, Organisation

# Generated catalog (tests.factories): six pillars × six questions, every weight 1.
ANSWERS = {
    # strategy: scores 100, 75, 50, 25, 0 (mean 50.0); one "don't know" → coverage 5/6
    "strategy_q1": 5,
    "strategy_q2": 4,
    "strategy_q3": 3,
    "strategy_q4": 2,
    "strategy_q5": 1,
    "strategy_q6": "dont_know",
    # processes: all level 4 → 75.0
    **{f"processes_q{i}": 4 for i in range(1, 7)},
    # it: two n/a (out of the coverage), 25 and 50 answered, two "don't know"
    # → coverage 2/4 = 50 % (enough), score (25 + 50) / 2 = 37.5
    "it_q1": "n_a",
    "it_q2": "n_a",
    "it_q3": 2,
    "it_q4": 3,
    "it_q5": "dont_know",
    "it_q6": "dont_know",
    # data: one of six answered → coverage 1/6 < 50 % → not enough answers, no score
    "data_q1": 1,
    **{f"data_q{i}": "dont_know" for i in range(2, 7)},
    # campaigns: all level 5 → 100.0
    **{f"campaigns_q{i}": 5 for i in range(1, 7)},
    # controlling: all level 3 → 50.0
    **{f"controlling_q{i}": 3 for i in range(1, 7)},
}
# Overall: (50 + 75 + 37.5 + 100 + 50) / 5 = 62.5 → level 4 (data has not enough answers).
EXPECTED_PILLARS = {
    "strategy": (50.0, 3, 0.83),
    "processes": (75.0, 4, 1.0),
    "it": (37.5, 2, 0.5),
    "data": (None, None, 0.17),
    "campaigns": (100.0, 5, 1.0),
    "controlling": (50.0, 3, 1.0),
}
# Gaps to the default target 4 (controlling_q1 has target 5): priority = gap × 1 × 1.
# gap 3: strategy_q5 (level 1), data_q1 (level 1) — tie on level, catalog order
# gap 2: strategy_q4 (level 2), it_q3 (level 2), controlling_q1 (level 3, target 5)
EXPECTED_TOP_STEPS = [
    ("strategy_q5", "strategy", 1, 3.0),
    ("data_q1", "data", 1, 3.0),
    ("strategy_q4", "strategy", 2, 2.0),
    ("it_q3", "it", 2, 2.0),
    ("controlling_q1", "controlling", 3, 2.0),
]


def write(tmp_path, data, name="answers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def import_file(tmp_path, data):
    out = io.StringIO()
    call_command("import_assessment", str(write(tmp_path, data)), stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(small_catalog, tmp_path):
    output = import_file(
        tmp_path,
        {
            "organisation": {"name": "Muster AG", "industry": "trade", "country": "CH"},
            "language": "en",
            "participant": "Anna Muster",
            "answers": ANSWERS,
            "targets": {"controlling_q1": 5},
            "comments": {"strategy_q1": "Klare Zielgruppen seit 2024."},
        },
    )
    return Assessment.objects.get(), output


def test_import_prints_the_resume_url(imported):
    assessment, output = imported
    assert "Imported 36 answers for Muster AG." in output
    assert f"http://127.0.0.1:8000/en/a/{assessment.token}/" in output
    assert assessment.is_completed
    assert assessment.participants.get().name == "Anna Muster"


def test_json_results_match_the_hand_computation(client, imported):
    assessment, _ = imported
    response = client.get(reverse("reports:results_json", kwargs={"token": assessment.token}))
    data = response.json()
    assert data["organisation"] == "Muster AG"
    assert data["catalog_version"] == 1
    assert data["language"] == "en"
    assert data["overall"] == {"score": 62.5, "level": 4, "level_name": "Managed"}
    got = {p["key"]: (p["score"], p["level"], p["coverage"]) for p in data["pillars"]}
    assert got == EXPECTED_PILLARS
    assert [p["name"] for p in data["pillars"]][0] == "Pillar 1 (en)"
    strategy = data["pillars"][0]["questions"]
    assert [(q["key"], q["answer"], q["score"]) for q in strategy] == [
        ("strategy_q1", 5, 100.0),
        ("strategy_q2", 4, 75.0),
        ("strategy_q3", 3, 50.0),
        ("strategy_q4", 2, 25.0),
        ("strategy_q5", 1, 0.0),
        ("strategy_q6", "dont_know", None),
    ]
    assert data["pillars"][5]["questions"][0]["target"] == 5
    steps = [
        (s["question_key"], s["pillar_key"], s["from_level"], s["priority"])
        for s in data["next_steps"]
    ]
    assert steps == EXPECTED_TOP_STEPS
    assert data["next_steps"][0]["text"] == "Q1.5 step from 1 (en)"


def test_report_command_prints_the_same_json(client, imported):
    assessment, _ = imported
    out = io.StringIO()
    call_command("report", assessment.token, "--format", "json", stdout=out)
    by_id = io.StringIO()
    call_command("report", str(assessment.pk), stdout=by_id)
    web = client.get(reverse("reports:results_json", kwargs={"token": assessment.token}))
    assert json.loads(out.getvalue()) == web.json() == json.loads(by_id.getvalue())


def test_report_command_unknown_assessment(db):
    with pytest.raises(CommandError, match="No assessment"):
        call_command("report", "nope")


def test_results_page_shows_the_scores(client, imported):
    assessment, _ = imported
    response = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="overall-score">62,5<' in content
    assert content.count('data-testid="pillar-card"') == 6
    assert "Nicht genügend Antworten" in content
    assert "Q1.5 step from 1 (de)" in content
    assert "vendor/plotly/plotly.min.js" in content
    assert 'id="radar-data"' in content


def test_answers_csv(client, imported):
    assessment, _ = imported
    response = client.get(reverse("reports:answers_csv", kwargs={"token": assessment.token}))
    assert response["Content-Type"].startswith("text/csv")
    assert "kundenkompass-muster-ag-answers-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 36
    assert rows[1][:6] == [
        "strategy",
        "Pillar 1 (en)",
        "strategy_q1",
        "Question 1.1 (en)",
        "5",
        "5",
    ]
    assert rows[0][8:] == ["relevance", "Comment"]
    assert rows[1][8:] == ["", "Klare Zielgruppen seit 2024."]
    assert rows[6][4] == "dont_know"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answers": {"strategy_q1": 3, "nope_q9": 2}}, "answers.nope_q9: unknown question key"),
        ({"answers": {"strategy_q1": 0}}, "answers.strategy_q1: level 0 is outside 1–5"),
        ({"answers": {"strategy_q1": 6}}, "answers.strategy_q1: level 6 is outside 1–5"),
        ({"answers": {"strategy_q1": "3"}}, "answers.strategy_q1: expected 1–5"),
        ({"answers": {"strategy_q1": True}}, "answers.strategy_q1: expected 1–5"),
        ({"answers": {"strategy_q1": 2.5}}, "answers.strategy_q1: expected 1–5"),
        ({"answers": ["strategy_q1"]}, "answers: expected an object"),
        ({"targets": {"strategy_q1": 7}}, "targets.strategy_q1: expected a level from 1 to 5"),
        ({"comments": {"strategy_q1": 12}}, "comments.strategy_q1: expected a text"),
        ({"language": "fr"}, "language: 'fr' is not one of"),
        ({"organisation": {"name": ""}}, "organisation.name: expected a non-empty text"),
        ({"organisation": {"name": "X", "industry": "moon"}}, "organisation.industry"),
        ({"catalog_version": 7}, "catalog_version: no published catalog version 7"),
        ({"colour": "blue"}, "colour: unknown field"),
    ],
)
def test_bad_import_file_creates_nothing(small_catalog, tmp_path, change, message):
    data = {"organisation": "Muster AG", "language": "de", "answers": {"strategy_q1": 3}}
    data.update(change)
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, data)
    assert "answers.json" in str(error.value)
    assert message in str(error.value)
    assert Organisation.objects.count() == 0
    assert Assessment.objects.count() == 0
    assert Answer.objects.count() == 0


def test_unreadable_import_file(small_catalog, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"organisation": "x", ', encoding="utf-8")
    with pytest.raises(CommandError, match="(?s)broken.json.*not valid JSON"):
        call_command("import_assessment", str(path))
    assert Assessment.objects.count() == 0


def test_import_without_answers_key(small_catalog, tmp_path):
    with pytest.raises(CommandError, match="answers: expected an object"):
        import_file(tmp_path, {"organisation": "Muster AG"})


def test_tokens_never_start_with_a_dash(monkeypatch):
    from assessment import models

    draws = iter(["-starts-with-dash", "Abc-fine"])
    monkeypatch.setattr(models.secrets, "token_urlsafe", lambda _: next(draws))
    assert models.new_token() == "Abc-fine"

"""The team results on the results page, the consultant's agreed levels, and the phones' team view.

The workshop of conftest.py: seven participants (three of them the leadership) who voted on the
first three questions of pillar 1; strategy_q1 and strategy_q3 are divergent.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Consensus
from assessment.workshops import consensus_record, workshop_reveal
from pillars.models import Question
from tests.factories import load_generated_catalog, make_workshop, start_assessment

from .conftest import PEOPLE

pytestmark = pytest.mark.django_db

NAME_PARTS = [part for name, _role in PEOPLE for part in name.split()]


def results_url(workshop) -> str:
    return reverse("reports:results", kwargs={"token": workshop.assessment.token})


def consensus_url(workshop, key: str = "strategy_q1") -> str:
    return reverse(
        "reports:consensus",
        kwargs={"assessment_id": workshop.assessment_id, "question_key": key},
    )


def team_url(participant) -> str:
    return reverse("reports:participant_team", kwargs={"token": participant.token})


def _question(workshop, key: str) -> Question:
    return Question.objects.get(catalog=workshop.assessment.catalog, key=key)


# --- The results page ---------------------------------------------------------------------


def test_the_consultant_sees_the_team_results(client, consultant, named):
    client.force_login(consultant)
    response = client.get(results_url(named))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="team-results"' in page
    assert page.count('data-testid="team-question"') == 36
    # Discuss first: q1 (range 4) before q3 (range 2), nothing else.
    agenda = page.split('data-testid="discuss-first"')[1].split("</ol>")[0]
    assert agenda.index("#team-strategy_q1") < agenda.index("#team-strategy_q3")
    assert agenda.count("<li") == 2
    # The leadership flag on q1 only; the role split: the leadership and "other roles".
    assert page.count('data-testid="leadership-flag"') == 1
    assert page.count('data-testid="role-row"') == 2
    # A consensus form under every question, for the consultant.
    assert page.count('data-testid="consensus-form"') == 36
    # A named workshop: its consultant sees who took part.
    names = page.split('data-testid="team-names"')[1].split("</ul>")[0]
    assert "Anna Geheim" in names and "Gina Namenlos · Marketing" in names
    # Its distribution: q1's seven dots.
    q1 = page.split('id="team-strategy_q1"')[1].split("</li>")[0]
    assert q1.count('class="kk-dot"') == 7


def test_the_private_link_alone_shows_no_names_and_no_forms(client, named):
    page = client.get(results_url(named)).content.decode()
    assert 'data-testid="team-results"' in page
    assert 'data-testid="consensus-form"' not in page
    for part in NAME_PARTS:
        assert part not in page


def test_an_anonymous_workshop_shows_no_name_anywhere(client, consultant, anonymous):
    client.force_login(consultant)
    page = client.get(results_url(anonymous)).content.decode()
    assert 'data-testid="team-anonymous"' in page
    for part in NAME_PARTS:
        assert part not in page


def test_a_workshop_nobody_joined_yet_has_a_results_page(client, consultant, kunde, small_catalog):
    workshop = make_workshop(kunde, small_catalog)
    client.force_login(consultant)
    response = client.get(results_url(workshop))
    assert response.status_code == 200
    assert 'data-testid="no-role-split"' in response.content.decode()


def test_too_few_leaders_to_compare_says_so(client, consultant, kunde, small_catalog):
    from tests.factories import join_workshop, vote

    workshop = make_workshop(kunde, small_catalog)
    for role in ("Geschäftsleitung", "Vertrieb", "Vertrieb", "Vertrieb"):
        vote(join_workshop(workshop, role=role), "strategy_q1", 5 if role != "Vertrieb" else 1)
    client.force_login(consultant)
    page = client.get(results_url(workshop)).content.decode()
    assert 'data-testid="leadership-too-few"' in page
    assert 'data-testid="leadership-flag"' not in page


def test_the_results_page_of_a_workshop_in_a_fixed_number_of_queries(
    client, consultant, named, django_assert_num_queries
):
    from tests.factories import join_workshop, vote

    client.force_login(consultant)
    client.get(results_url(named))  # warm the caches (session, the catalog's)
    with django_assert_num_queries(QUERIES) as first:
        client.get(results_url(named))
    for index in range(6):
        vote(join_workshop(named, name=f"Noch {index}", role="IT"), "strategy_q4", 3)
    consensus_record(assessment=named.assessment, question=_question(named, "strategy_q2"), level=3)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(results_url(named))


# session · user · the assessment · the consultant check (membership) · the ten of
# `scored_assessment` for a workshop (legal notes included) · the share links · the
# navigation's membership · the KPI figures; the same for 7 participants or 13.
QUERIES = 2 + 1 + 1 + 10 + 1 + 1 + 1


# --- Recording the agreed level -----------------------------------------------------------


def test_the_consultant_records_an_agreed_level(client, consultant, named):
    client.force_login(consultant)
    response = client.post(
        consensus_url(named),
        {"level": "3", "note": "Einig nach Diskussion", "minority_note": "Vertrieb sieht 2"},
    )
    assert response.status_code == 302
    assert response["Location"] == results_url(named) + "#team-strategy_q1"
    row = Consensus.objects.get()
    assert (row.question.key, row.level, row.note, row.minority_note, row.recorded_by) == (
        "strategy_q1",
        3,
        "Einig nach Diskussion",
        "Vertrieb sieht 2",
        consultant,
    )
    page = client.get(response["Location"]).content.decode()
    q1 = page.split('id="team-strategy_q1"')[1].split("</li>")[0]
    assert "Einig nach Diskussion" in q1 and "Vertrieb sieht 2" in q1
    assert 'data-testid="team-shift">−0,1<' in q1  # 3 − 22/7 = −0.14
    # Changed, then removed: the mean counts again.
    client.post(consensus_url(named), {"level": "4"})
    assert Consensus.objects.get().level == 4
    client.post(consensus_url(named), {"clear": "1"})
    assert not Consensus.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "7", "note": "Mein langer Gedanke"}, "Bitte wählen Sie eine Stufe von 1 bis 5."),
        ({"note": "Mein langer Gedanke"}, "Bitte wählen Sie die vereinbarte Stufe."),
        ({"level": "2", "note": "x" * 2001}, "Bitte fassen Sie die Notiz in höchstens 2000"),
        (
            {"level": "abc", "note": "Mein langer Gedanke"},
            "Bitte wählen Sie eine Stufe von 1 bis 5.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(
    client, consultant, named, data, message
):
    consensus_record(
        assessment=named.assessment, question=_question(named, "strategy_q1"), level=2, note="alt"
    )
    client.force_login(consultant)
    response = client.post(consensus_url(named), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    # What was typed is still there, in the open form; the stored agreement is unchanged.
    assert data["note"][:200] in page
    row = Consensus.objects.get()
    assert (row.level, row.note) == (2, "alt")


def test_an_unknown_question_or_one_of_another_catalog_is_refused(client, consultant, named):
    other = load_generated_catalog(version=2, questions=7)  # has strategy_q7; this one has not
    assert other.questions.filter(key="strategy_q7").exists()
    client.force_login(consultant)
    for key in ("strategy_q7", "nope"):
        response = client.post(consensus_url(named, key), {"level": "3"}, follow=True)
        assert response.status_code == 200
        assert "Diese Frage gehört nicht zur Checkliste dieses Workshops" in (
            response.content.decode()
        )
    assert not Consensus.objects.exists()


def test_another_workspace_gets_404_and_a_visitor_the_login(client, outsider, named):
    response = client.post(consensus_url(named), {"level": "3"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert client.post(consensus_url(named), {"level": "3"}).status_code == 404
    assert not Consensus.objects.exists()


def test_a_self_assessment_has_no_agreed_levels(client, consultant, kunde, small_catalog):
    from tests.factories import make_client_assessment

    assessment = make_client_assessment(kunde, small_catalog)
    client.force_login(consultant)
    url = reverse(
        "reports:consensus", kwargs={"assessment_id": assessment.pk, "question_key": "strategy_q1"}
    )
    assert client.post(url, {"level": "3"}).status_code == 404
    assert not Consensus.objects.exists()


# --- The team view on a participant's phone ------------------------------------------------


def test_nothing_is_shown_before_the_reveal(client, named):
    anna = named.people[0]
    response = client.get(team_url(anna))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="not-revealed"' in page
    assert "Question 1.1" not in page and 'data-testid="team-dots"' not in page


def test_a_revealed_pillar_shows_its_spread_and_the_others_stay_hidden(client, named):
    workshop_reveal(workshop=named, pillar_key="strategy")
    consensus_record(
        assessment=named.assessment,
        question=_question(named, "strategy_q1"),
        level=3,
        note="Gemeinsam festgelegt",
        minority_note="Nur für den Bericht",
    )
    page = client.get(team_url(named.people[6])).content.decode()
    assert page.count('data-testid="phone-question"') == 6  # the strategy pillar's
    assert "Question 1.1 (de)" in page and "Question 2.1 (de)" not in page
    assert page.count('data-testid="phone-pillar"') == 1
    assert 'data-testid="phone-hidden"' in page
    assert "Gemeinsam festgelegt" in page
    q1 = page.split('id="team-strategy_q1"')[1].split("</li>")[0]
    assert q1.count('class="kk-dot"') == 7
    # Never names, roles' answers or the leadership comparison on a phone.
    for part in NAME_PARTS:
        assert part not in page
    for testid in ("team-split", "leadership-flag", "role-row", "consensus-form"):
        assert f'data-testid="{testid}"' not in page


def test_a_wrong_link_or_a_self_assessment_participant_gets_404(client, small_catalog):
    assert (
        client.get(reverse("reports:participant_team", kwargs={"token": "Q" * 43})).status_code
        == 404
    )
    assessment = start_assessment(small_catalog)
    participant = assessment.participants.get()
    assert participant.token is None  # a self-assessment's participant has no link of its own

"""`manage.py import_assessment` with a paper workshop's file: several participants, consensus."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.access import assessment_for_reference
from assessment.models import (
    Answer,
    Assessment,
    Consensus,
    Organisation,
    Participant,
    Workshop,
)
from tests.factories import make_client, make_consultant

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "paper-workshop.json"
SMALL_PILLARS = ["strategy", "processes", "it", "data", "campaigns", "controlling"]

# For the generated catalog (tests.factories): six pillars × six questions.
GOOD = {
    "organisation": {
        "name": "Papier AG",
        "industry": "trade",
        "size_band": "10-49",
        "country": "CH",
    },
    "language": "en",
    "participants": [
        {
            "name": "  Anna   Muster ",
            "role": "Geschäftsleitung",
            "answers": {"strategy_q1": 5, "strategy_q2": "dont_know", "it_q1": 4},
            "comments": {"strategy_q1": " Aus Sicht der GL klar. ", "data_q1": "nur Kommentar"},
        },
        {"name": "", "role": "Vertrieb", "answers": {"strategy_q1": 2, "strategy_q2": "n_a"}},
        {"role": "IT", "answers": {"strategy_q1": 3}},
    ],
    "consensus": {
        "strategy_q1": {"level": 3, "note": "Nach Diskussion: 3.", "minority_note": "GL: 5"},
        "it_q1": {"level": 4},
    },
}


def write(tmp_path: Path, data: object, name: str = "workshop.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, data: object, *options: str) -> str:
    out = io.StringIO()
    call_command("import_assessment", str(write(tmp_path, data)), *options, stdout=out)
    return out.getvalue()


def problems(error: CommandError) -> list[str]:
    return re.findall(r"^  - (.*)$", str(error), flags=re.MULTILINE)


def assert_nothing_stored() -> None:
    assert not Organisation.objects.filter(workspace__isnull=True).exists()
    assert not Assessment.objects.exists()
    assert not Workshop.objects.exists()
    assert not Participant.objects.exists()
    assert not Answer.objects.exists()
    assert not Consensus.objects.exists()


def stored_answers(assessment: Assessment) -> set[tuple[str, str, str, int | None, str]]:
    return {
        (a.participant.role, a.question.key, a.status, a.level, a.comment)
        for a in Answer.objects.filter(participant__assessment=assessment).select_related(
            "participant", "question"
        )
    }


@pytest.fixture
def consultant(small_catalog):
    return make_consultant(workspace="Beratung Nord")


# --- A good file: exactly these rows.


def test_a_paper_workshop_is_stored_exactly(small_catalog, tmp_path):
    output = run(tmp_path, GOOD)

    assessment = Assessment.objects.select_related("organisation", "workshop").get()
    organisation = assessment.organisation
    assert (organisation.name, organisation.industry, organisation.size_band) == (
        "Papier AG",
        "trade",
        "10-49",
    )
    assert (organisation.country, organisation.workspace) == ("CH", None)
    assert (assessment.mode, assessment.status, assessment.language) == (
        Assessment.Mode.DISTRIBUTED,
        Assessment.Status.COMPLETED,
        "en",
    )
    assert (assessment.catalog, assessment.completed_at is not None) == (small_catalog, True)
    workshop = assessment.workshop
    assert (workshop.naming, workshop.pacing, workshop.leadership_role) == ("named", "self", "")
    assert workshop.closed_at is not None and not workshop.is_open
    assert workshop.revealed_pillar_keys == SMALL_PILLARS
    participants = list(assessment.participants.order_by("pk"))
    assert [(p.name, p.role) for p in participants] == [
        ("Anna Muster", "Geschäftsleitung"),
        ("", "Vertrieb"),
        ("", "IT"),
    ]
    assert all(p.token and p.finished_at is not None for p in participants)
    assert len({p.token for p in participants}) == 3
    assert stored_answers(assessment) == {
        ("Geschäftsleitung", "strategy_q1", "level", 5, "Aus Sicht der GL klar."),
        ("Geschäftsleitung", "strategy_q2", "dont_know", None, ""),
        ("Geschäftsleitung", "it_q1", "level", 4, ""),
        ("Geschäftsleitung", "data_q1", "", None, "nur Kommentar"),
        ("Vertrieb", "strategy_q1", "level", 2, ""),
        ("Vertrieb", "strategy_q2", "n_a", None, ""),
        ("IT", "strategy_q1", "level", 3, ""),
    }
    assert not Answer.objects.filter(target__isnull=False).exists()
    agreed = {
        c.question.key: (c.level, c.note, c.minority_note, c.recorded_by)
        for c in Consensus.objects.filter(assessment=assessment).select_related("question")
    }
    assert agreed == {
        "strategy_q1": (3, "Nach Diskussion: 3.", "GL: 5", None),
        "it_q1": (4, "", "", None),
    }
    assert output.splitlines() == [
        "Imported a paper workshop for Papier AG: 3 participants, 6 answers, 2 agreed answers.",
        f"http://127.0.0.1:8000/en/a/{assessment.token}/",
        f"Reference: {assessment.pk} (manage.py report {assessment.pk})",
    ]


def test_the_printed_reference_is_accepted_by_report(small_catalog, tmp_path):
    output = run(tmp_path, GOOD)
    reference = re.search(r"^Reference: (\d+) ", output, flags=re.MULTILINE).group(1)

    assert assessment_for_reference(reference) == Assessment.objects.get()
    out = io.StringIO()
    call_command("report", reference, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["organisation"], data["status"]) == ("Papier AG", "completed")


def test_the_single_form_prints_its_reference_too(small_catalog, tmp_path):
    output = run(tmp_path, {"organisation": "Einzel AG", "answers": {"strategy_q1": 3}})
    assessment = Assessment.objects.get()
    assert (
        output.splitlines()[-1] == f"Reference: {assessment.pk} (manage.py report {assessment.pk})"
    )
    assert assessment.mode == Assessment.Mode.SELF
    assert not Workshop.objects.exists()


def test_into_a_workspace_client(consultant, tmp_path, client):
    kunde = make_client(consultant, name="Kunde AG")
    run(tmp_path, GOOD, "--workspace", "Beratung Nord", "--client", "Kunde AG")

    assessment = Assessment.objects.select_related("workshop").get()
    assert assessment.organisation == kunde
    assert Organisation.objects.get() == kunde
    # The leadership role is the workspace's first role unless the file names one.
    assert assessment.workshop.leadership_role == "Geschäftsleitung"
    assert assessment.participants.count() == 3
    # The consultant's facilitator view and team results open on the imported workshop.
    client.force_login(consultant)
    facilitator = client.get(
        reverse("workshops:facilitator", kwargs={"assessment_id": assessment.pk})
    )
    assert facilitator.status_code == 200
    results = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    assert results.status_code == 200


def test_a_new_client_is_created_with_the_workshop(consultant, tmp_path):
    output = run(tmp_path, GOOD, "--workspace", "Beratung Nord", "--client", "Neu AG")
    organisation = Assessment.objects.get().organisation
    assert (organisation.name, organisation.industry) == ("Neu AG", "trade")
    assert organisation.workspace == consultant.membership.workspace
    assert output.startswith("Created the client Neu AG in Beratung Nord.\n")


def test_a_leadership_role_of_the_workspace(consultant, tmp_path):
    data = {**GOOD, "leadership_role": "Vertrieb"}
    make_client(consultant, name="Kunde AG")
    run(tmp_path, data, "--workspace", "Beratung Nord", "--client", "Kunde AG")
    assert Workshop.objects.get().leadership_role == "Vertrieb"


def test_free_roles_without_a_workspace(small_catalog, tmp_path):
    data = copy.deepcopy(GOOD)
    data["leadership_role"] = "Inhaber"
    data["participants"][2]["role"] = "  Einkauf   und Logistik "
    run(tmp_path, data)
    assert Workshop.objects.get().leadership_role == "Inhaber"
    assert Participant.objects.order_by("pk").last().role == "Einkauf und Logistik"


def test_an_anonymous_workshop_stores_no_names(small_catalog, tmp_path):
    data = copy.deepcopy(GOOD)
    data["naming"] = "anonymous"
    del data["participants"][0]["name"]
    data["participants"][2]["name"] = "   "
    run(tmp_path, data)
    assert Workshop.objects.get().naming == "anonymous"
    assert list(Participant.objects.values_list("name", flat=True)) == ["", "", ""]


# --- Bad files: every problem named with its place, nothing stored.


def changed(edit) -> dict:
    data = copy.deepcopy(GOOD)
    edit(data)
    return data


def answers_of(index: int, answers: dict):
    return lambda data: data["participants"][index].update(answers=answers)


BAD_FILES = [
    (
        answers_of(1, {"strategy_q1": 2, "nope_q9": 3}),
        "participants[1].answers.nope_q9: unknown question key",
    ),
    (
        answers_of(0, {"strategy_q1": 6}),
        "participants[0].answers.strategy_q1: level 6 is outside 1–5",
    ),
    (answers_of(2, {"it_q2": 0}), "participants[2].answers.it_q2: level 0 is outside 1–5"),
    (
        answers_of(2, {"it_q2": "3"}),
        'participants[2].answers.it_q2: expected 1–5, "dont_know" or "n_a", got \'3\'',
    ),
    (
        lambda data: data["participants"][1].pop("answers"),
        "participants[1].answers: expected an object of question keys",
    ),
    (
        lambda data: data["participants"][0].update(comments={"it_q1": 7}),
        "participants[0].comments.it_q1: expected a text of at most 2000 characters",
    ),
    (
        lambda data: data["participants"][0].update(targets={"it_q1": 5}),
        "participants[0].targets: unknown field",
    ),
    (
        lambda data: data["participants"][1].update(role=""),
        "participants[1].role: expected a non-empty text of at most 200 characters",
    ),
    (
        lambda data: data["participants"][1].update(role="x" * 201),
        "participants[1].role: expected a non-empty text of at most 200 characters",
    ),
    (
        lambda data: data["participants"][1].pop("role"),
        "participants[1].role: expected a non-empty text of at most 200 characters",
    ),
    (
        lambda data: data["participants"][0].update(name=["Anna"]),
        "participants[0].name: expected a text of at most 200 characters",
    ),
    (
        lambda data: data.update(naming="anonymous"),
        "participants[0].name: names are not imported in an anonymous workshop; remove it",
    ),
    (
        lambda data: data.update(naming="secret"),
        "naming: 'secret' is not one of ['named', 'anonymous']",
    ),
    (lambda data: data.update(participants=[]), "participants: expected at least one participant"),
    (
        lambda data: data.update(participants=None),
        "participants: expected a list of participants",
    ),
    (
        lambda data: data.update(participants={"Anna": {"role": "IT", "answers": {}}}),
        "participants: expected a list of participants",
    ),
    (
        lambda data: data.update(participants=[{"role": "IT", "answers": {}}] * 201),
        "participants: at most 200 participants, got 201",
    ),
    (
        lambda data: data["participants"].append("Beat"),
        "participants[3]: expected an object with a 'role' and 'answers'",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3={"level": 0}),
        "consensus.strategy_q3.level: expected a level from 1 to 5, got 0",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3={"level": 6}),
        "consensus.strategy_q3.level: expected a level from 1 to 5, got 6",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3={"note": "ohne Stufe"}),
        "consensus.strategy_q3.level: expected a level from 1 to 5, got None",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3=3),
        "consensus.strategy_q3: expected an object with a 'level' (and a 'note')",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3={"level": 3, "note": "x" * 2001}),
        "consensus.strategy_q3.note: expected a text of at most 2000 characters",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3={"level": 3, "minority_note": 1}),
        "consensus.strategy_q3.minority_note: expected a text of at most 2000 characters",
    ),
    (
        lambda data: data["consensus"].update(strategy_q3={"level": 3, "by": "Petra"}),
        "consensus.strategy_q3.by: unknown field",
    ),
    (
        lambda data: data["consensus"].update(nope_q1={"level": 3}),
        "consensus.nope_q1: unknown question key",
    ),
    (lambda data: data.update(consensus=[]), "consensus: expected an object of question keys"),
    (
        lambda data: data.update(answers={"strategy_q1": 3}),
        "answers: unknown field in a workshop file",
    ),
    (lambda data: data.update(completed=False), "completed: unknown field in a workshop file"),
    (
        lambda data: data.update(leadership_role=""),
        "leadership_role: expected a non-empty text of at most 200 characters",
    ),
    (lambda data: data.update(language="fr"), "language: 'fr' is not one of ['de', 'en', 'da']"),
    (
        lambda data: data.update(organisation={"name": ""}),
        "organisation.name: expected a non-empty text of at most 200 characters",
    ),
]


@pytest.mark.parametrize(("edit", "message"), BAD_FILES)
def test_a_bad_workshop_file_stores_nothing(small_catalog, tmp_path, edit, message):
    with pytest.raises(CommandError) as error:
        run(tmp_path, changed(edit))
    assert str(error.value).startswith(f"{tmp_path / 'workshop.json'}: 1 problem(s), nothing")
    assert problems(error.value) == [message]
    assert_nothing_stored()


def test_an_answer_given_twice_is_refused(small_catalog, tmp_path):
    # JSON keeps the last of two equal keys; a paper sheet with two ticks is a problem to fix.
    text = json.dumps(GOOD, ensure_ascii=False).replace(
        '"strategy_q2": "n_a"', '"strategy_q2": "n_a", "strategy_q2": 4'
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert problems(error.value) == ["participants[1].answers.strategy_q2: given more than once"]
    assert_nothing_stored()


def test_a_key_given_twice_is_refused_in_the_single_form_too(small_catalog, tmp_path):
    text = '{"organisation": "X AG", "answers": {"strategy_q1": 3, "strategy_q1": 4}}'
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert problems(error.value) == ["answers.strategy_q1: given more than once"]
    assert_nothing_stored()


def test_roles_outside_the_workspaces_list_are_refused(consultant, tmp_path):
    kunde = make_client(consultant, name="Kunde AG")
    data = changed(lambda data: data["participants"][1].update(role="Einkauf"))
    data["leadership_role"] = "Chef"
    with pytest.raises(CommandError) as error:
        run(tmp_path, data, "--workspace", "Beratung Nord", "--client", "Kunde AG")
    roles = "Geschäftsleitung, Vertrieb, Marketing, Service, IT"
    assert problems(error.value) == [
        f"leadership_role: 'Chef' is not one of the workspace's roles: {roles}",
        f"participants[1].role: 'Einkauf' is not one of the workspace's roles: {roles}",
    ]
    assert not kunde.assessments.exists()
    assert not Workshop.objects.exists() and not Participant.objects.exists()


def test_a_bad_file_creates_no_client(consultant, tmp_path):
    data = changed(answers_of(0, {"strategy_q1": 9}))
    with pytest.raises(CommandError, match="outside 1–5"):
        run(tmp_path, data, "--workspace", "Beratung Nord", "--client", "Neu AG")
    assert not Organisation.objects.exists()


def test_every_problem_is_listed_at_once(small_catalog, tmp_path):
    data = copy.deepcopy(GOOD)
    data["naming"] = "anonymous"
    data["participants"][1]["answers"] = {"strategy_q1": 6, "nope": 1}
    data["participants"][2]["role"] = 5
    data["consensus"]["it_q1"] = {"level": 0}
    data["colour"] = "blue"
    with pytest.raises(CommandError) as error:
        run(tmp_path, data)
    assert problems(error.value) == [
        "colour: unknown field in a workshop file",
        "participants[0].name: names are not imported in an anonymous workshop; remove it",
        "participants[1].answers.nope: unknown question key",
        "participants[1].answers.strategy_q1: level 6 is outside 1–5",
        "participants[2].role: expected a non-empty text of at most 200 characters",
        "consensus.it_q1.level: expected a level from 1 to 5, got 0",
    ]
    assert str(error.value).startswith(f"{tmp_path / 'workshop.json'}: 6 problem(s), nothing")
    assert_nothing_stored()


def test_an_unknown_catalog_version(small_catalog, tmp_path):
    with pytest.raises(CommandError) as error:
        run(tmp_path, {**GOOD, "catalog_version": 7})
    assert problems(error.value) == ["catalog_version: no published catalog version 7"]
    assert_nothing_stored()


def test_a_failure_while_storing_leaves_nothing(small_catalog, tmp_path, monkeypatch):
    from assessment import workshops

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workshops, "workshop_close", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run(tmp_path, GOOD)
    assert_nothing_stored()


# --- The documented example: imported as the docs say.


def test_the_documented_example_imports(catalog, tmp_path):
    out = io.StringIO()
    call_command(
        "import_assessment",
        str(EXAMPLE),
        "--base-url",
        "https://kompass.example.com",
        stdout=out,
    )
    assessment = Assessment.objects.select_related("organisation", "workshop").get()
    lines = out.getvalue().splitlines()
    assert lines == [
        "Imported a paper workshop for Seeland Gartenbau AG: "
        "8 participants, 344 answers, 3 agreed answers.",
        f"https://kompass.example.com/de/a/{assessment.token}/",
        f"Reference: {assessment.pk} (manage.py report {assessment.pk})",
    ]
    assert (assessment.organisation.country, assessment.organisation.size_band) == ("CH", "50-249")
    assert (assessment.workshop.naming, assessment.workshop.leadership_role) == (
        "named",
        "Geschäftsleitung",
    )
    assert assessment.is_completed and not assessment.workshop.is_open
    people = list(assessment.participants.order_by("pk").values_list("name", "role"))
    assert people == [
        ("Urs Zürcher", "Geschäftsleitung"),
        ("Monika Graf", "Geschäftsleitung"),
        ("Reto Bühler", "Vertrieb"),
        ("Sandra Keller", "Vertrieb"),
        ("Céline Favre", "Marketing"),
        ("Nadine Frei", "Service"),
        ("Beat Schneider", "Service"),
        ("Luca Bernasconi", "IT"),
    ]
    crm = Answer.objects.filter(
        participant__assessment=assessment, question__key="it_central_crm"
    ).order_by("participant_id")
    assert [a.level for a in crm] == [4, 4, 2, 2, 3, 1, 2, 3]
    assert crm[5].comment == "Im Service führen wir Reklamationen noch in Excel."
    mobile = Answer.objects.filter(
        participant__assessment=assessment, question__key="campaigns_mobile"
    ).order_by("participant_id")
    assert [a.level or a.status for a in mobile] == [3, 2, 4, 3, 3, "n_a", "n_a", 2]
    agreed = dict(
        Consensus.objects.filter(assessment=assessment).values_list("question__key", "level")
    )
    assert agreed == {"it_central_crm": 2, "controlling_nps": 1, "strategy_target_groups": 3}
    assert Consensus.objects.get(question__key="it_central_crm").minority_note.startswith(
        "Die Geschäftsleitung sieht das CRM"
    )
    report = io.StringIO()
    call_command("report", str(assessment.pk), stdout=report)
    assert json.loads(report.getvalue())["organisation"] == "Seeland Gartenbau AG"


def doc_blocks(kind: str) -> list[str]:
    """The fenced blocks of the paper workshop section of docs/import-format.md."""
    text = (EXAMPLE.parents[1] / "import-format.md").read_text(encoding="utf-8")
    section = text.split("## Paper workshops", 1)[1]
    return re.findall(rf"^```{kind}\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)


def test_the_documented_snippet_and_its_problems(catalog, tmp_path):
    snippet = json.loads(doc_blocks("json")[0])
    run(tmp_path, snippet)
    assert Participant.objects.count() == 3
    assert Consensus.objects.count() == 2
    Assessment.objects.all().delete()
    Organisation.objects.all().delete()

    # The problem listing shown in the docs comes from this file.
    snippet["naming"] = "anonymous"
    del snippet["participants"][1]["name"]
    snippet["participants"][2]["answers"]["strategy_target_groups"] = 6
    snippet["consensus"]["it_central_crm"]["level"] = 0
    with pytest.raises(CommandError) as error:
        run(tmp_path, snippet)
    listing = doc_blocks("text")[0]
    assert str(error.value).replace(str(tmp_path) + "/", "") + "\n" == listing
    assert_nothing_stored()


def test_the_service_refuses_a_client_outside_any_workspace(small_catalog):
    from assessment.importing import parse_workshop_import
    from assessment.workshops import workshop_import

    keys = set(small_catalog.questions.values_list("key", flat=True))
    data = parse_workshop_import(copy.deepcopy(GOOD), keys)
    loose = Organisation.objects.create(name="Ohne Arbeitsbereich AG")
    with pytest.raises(ValueError, match="workspace"):
        workshop_import(data=data, catalog=small_catalog, client=loose)
    assert not Assessment.objects.exists()

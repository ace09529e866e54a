"""`manage.py import_assessment FILE --workspace W --client C`: the assessment is the client's."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessment.models import Assessment, Organisation
from tests.factories import make_client, make_consultant

pytestmark = pytest.mark.django_db

FILE = {
    "organisation": {"name": "Aus der Datei AG", "industry": "it", "country": "DE"},
    "language": "de",
    "participant": "Anna Muster",
    "answers": {"strategy_q1": 4, "strategy_q2": "dont_know"},
}


def run(tmp_path, *options: str, data: dict | None = None) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data or FILE), encoding="utf-8")
    out = io.StringIO()
    call_command("import_assessment", str(path), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def consultant(small_catalog):
    return make_consultant(workspace="Beratung Nord")


def test_attaches_to_an_existing_client(tmp_path, consultant):
    client_ = make_client(consultant, name="Kunde AG")
    output = run(tmp_path, "--workspace", "Beratung Nord", "--client", "Kunde AG")
    assessment = Assessment.objects.get()
    assert assessment.organisation == client_
    assert assessment.is_completed
    assert assessment.participants.get().name == "Anna Muster"
    assert assessment.participants.get().answers.count() == 2
    assert "Created the client" not in output
    assert Organisation.objects.count() == 1


def test_creates_a_missing_client_from_the_files_fields(tmp_path, consultant):
    output = run(tmp_path, "--workspace", "Beratung Nord", "--client", "  Neukunde   GmbH ")
    client_ = Assessment.objects.get().organisation
    assert (client_.name, client_.industry, client_.country) == ("Neukunde GmbH", "it", "DE")
    assert client_.workspace == consultant.membership.workspace
    assert "Created the client Neukunde GmbH" in output


def test_without_options_it_stays_anonymous(tmp_path, consultant):
    run(tmp_path)
    organisation = Assessment.objects.get().organisation
    assert organisation.workspace is None and organisation.name == "Aus der Datei AG"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--workspace", "Beratung Nord"), "together"),
        (("--client", "Kunde AG"), "together"),
        (("--workspace", "Gibt es nicht", "--client", "Kunde AG"), "No workspace named"),
        (("--workspace", "Beratung Nord", "--client", "  "), "--client"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_created(tmp_path, consultant, options, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, *options)
    assert not Assessment.objects.exists() and not Organisation.objects.exists()


def test_a_bad_file_creates_no_client(tmp_path, consultant):
    bad = {**FILE, "answers": {"strategy_q1": 9}}
    with pytest.raises(CommandError, match="outside 1–5"):
        run(tmp_path, "--workspace", "Beratung Nord", "--client", "Neu AG", data=bad)
    assert not Organisation.objects.exists()


def test_another_workspaces_client_of_the_same_name_is_not_used(tmp_path, consultant):
    other = make_consultant(email="b@example.com", workspace="Andere")
    theirs = make_client(other, name="Kunde AG")
    run(tmp_path, "--workspace", "Beratung Nord", "--client", "Kunde AG")
    ours = Assessment.objects.get().organisation
    assert ours != theirs and ours.workspace == consultant.membership.workspace
    assert not theirs.assessments.exists()

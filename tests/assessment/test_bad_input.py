"""Inputs that once answered 500 (found by fuzzing the running app), now refused politely."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.importing import ImportFileError, parse_import, read_import_file
from assessment.models import Answer, Assessment

ROOT = Path(__file__).resolve().parents[2]
LEVEL_MESSAGE = "Bitte wählen Sie eine der fünf Stufen"
UNICODE_DIGITS = ["³", "٣", "３", "²", "Ⅲ", "3.0", " 3x", "03"]


@pytest.fixture
def question(assessment):
    return assessment.catalog.questions.order_by("pk").first()


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_autosave_refuses_digits_that_are_not_ascii(client, assessment, question, value):
    response = client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {"question": question.key, f"{question.key}-value": value},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert LEVEL_MESSAGE in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_page_submit_refuses_digits_that_are_not_ascii(client, assessment, question, value):
    url = reverse(
        "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": question.pillar.key}
    )
    response = client.post(url, {f"{question.key}-value": value})
    assert response.status_code == 400
    assert LEVEL_MESSAGE in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize("key", ["strategy\x00", "\x00", "x" * 5000])
def test_autosave_with_an_unstorable_question_key(client, assessment, key):
    response = client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {"question": key},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "nicht Teil Ihrer Einschätzung" in response.content.decode()


def test_a_nul_in_a_comment_is_refused_with_a_message(client, assessment, question):
    response = client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {
            "question": question.key,
            f"{question.key}-value": "3",
            f"{question.key}-comment": "gut\x00",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert not Answer.objects.exists()


def test_a_nul_in_the_organisation_name_is_refused(client, catalog):
    response = client.post(
        reverse("assessment:start"),
        {
            "organisation_name": "Muster\x00AG",
            "industry": "trade",
            "size_band": "10-49",
            "country": "CH",
            "language": "de",
        },
    )
    assert response.status_code == 200
    assert "Muster" in response.content.decode(), "what the user typed is kept"
    assert not Assessment.objects.exists()


def _import(tmp_path, content: str | bytes):
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _valid(**changes) -> dict:
    data = {
        "organisation": {"name": "Import AG"},
        "participant": "Anna",
        "answers": {},
        "comments": {},
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (_valid(organisation={"name": "Imp\u0000ort AG"}), "$.organisation.name"),
        (_valid(participant="An\u0000na"), "$.participant"),
        ({"comments": {"k": "a\u0000b"}}, "$.comments.k"),
        (_valid(participant="\ud800"), "$.participant"),
        ({"answers": {"\ud800": 3}}, "(the key)"),
    ],
)
def test_import_refuses_unstorable_text(catalog, tmp_path, document, problem):
    # ensure_ascii keeps "\u0000" and "\ud800" as escapes, exactly as a hostile file has them.
    path = _import(tmp_path, json.dumps(document, ensure_ascii=True))
    with pytest.raises(CommandError, match="NUL character or an unpaired surrogate") as error:
        call_command("import_assessment", str(path))
    assert problem in str(error.value)
    assert not Assessment.objects.exists()


def test_import_refuses_deeply_nested_json(catalog, tmp_path):
    path = _import(tmp_path, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="nested more than 20 levels"):
        call_command("import_assessment", str(path))


UNREADABLE_FILES = [
    ("[" * 100_000 + "]" * 100_000, "nested more than 20 levels"),
    ('{"organisation": "\\ud800", "answers": {"x": [' + "[" * 50_000 + "]}", "nested more than 20"),
    ('{"organisation": "X", "participant": "\\ud800", "answers": {}}', "unpaired surrogate"),
    # A lone surrogate written as UTF-8 bytes is not UTF-8 at all.
    (b'{"organisation": "X", "participant": "\xed\xa0\x80", "answers": {}}', "cannot read"),
    # Python refuses to convert integers of more than 4300 digits (ValueError, not a JSON error).
    ('{"organisation": "X", "answers": {}, "catalog_version": ' + "1" * 5000 + "}", "digits"),
]


@pytest.mark.parametrize(("content", "problem"), UNREADABLE_FILES)
def test_unreadable_files_raise_import_file_error(catalog, tmp_path, content, problem):
    path = _import(tmp_path, content)
    with pytest.raises(ImportFileError) as error:
        parse_import(read_import_file(path), {"x"}, path)
    assert problem in str(error.value)


@pytest.fixture(scope="module")
def command_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a real `manage.py` process: a migrated database with the catalog."""
    database = tmp_path_factory.mktemp("import") / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    setup = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); call_command('load_catalog', verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True, timeout=300)
    return env


@pytest.mark.dbless  # the command runs on a database file of its own
@pytest.mark.parametrize(("content", "problem"), UNREADABLE_FILES)
def test_the_command_prints_the_problem_without_a_traceback(
    command_env, tmp_path, content, problem
):
    path = _import(tmp_path, content)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_assessment", str(path)],
        cwd=ROOT,
        env=command_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "nothing was imported" in result.stderr and problem in result.stderr
    assert "Traceback" not in result.stderr

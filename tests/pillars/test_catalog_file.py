"""Reading and validating catalog files: pure Python, no database."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import yaml

from pillars.catalog_file import CatalogFileError, parse_catalog, read_catalog_file
from tests.factories import PILLAR_KEYS, catalog_dict, texts

PATH = "catalogs/broken.yaml"
Q1 = "pillar #1 'strategy' › question 'strategy_q1'"


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def first_question(data: dict[str, Any]) -> dict[str, Any]:
    return data["pillars"][0]["questions"][0]


def parse_error(source: str) -> CatalogFileError:
    with pytest.raises(CatalogFileError) as excinfo:
        parse_catalog(source, PATH)
    return excinfo.value


def test_parses_a_valid_catalog():
    data = catalog_dict(pillars=6, questions=6)
    data["pillars"][0]["weight"] = 2.5
    del data["pillars"][1]["weight"]
    data["pillars"][2]["questions"][1]["weight"] = "1.25"
    data["pillars"][2]["questions"] = data["pillars"][2]["questions"][:5]
    first_question(data)["text"]["de"] = "  Wie klar sind\n   Ihre Ziele?  "

    catalog = parse_catalog(dump(data), PATH)

    assert catalog.version == 1
    assert catalog.published is True
    assert [pillar.key for pillar in catalog.pillars] == list(PILLAR_KEYS)
    assert [pillar.weight for pillar in catalog.pillars[:3]] == [
        Decimal("2.5"),
        Decimal(1),
        Decimal(1),
    ]
    assert [len(pillar.questions) for pillar in catalog.pillars] == [6, 6, 5, 6, 6, 6]
    assert catalog.pillars[2].questions[1].weight == Decimal("1.25")
    assert catalog.pillars[3].name == texts("Pillar 4")
    assert catalog.pillars[3].description == texts("About pillar 4")

    question = catalog.pillars[4].questions[2]
    assert question.key == "campaigns_q3"
    assert question.text == texts("Question 5.3")
    assert question.help == texts("Help 5.3")
    assert question.levels == {level: texts(f"Q5.3 level {level}") for level in range(1, 6)}
    assert question.recommendations == {
        level: texts(f"Q5.3 step from {level}") for level in range(1, 5)
    }
    # Line breaks and runs of spaces from YAML folding are collapsed into single spaces.
    assert catalog.pillars[0].questions[0].text["de"] == "Wie klar sind Ihre Ziele?"
    assert len(catalog.digest) == 64


def test_a_draft_file_is_parsed_as_unpublished():
    assert parse_catalog(dump(catalog_dict(published=False)), PATH).published is False


def test_digest_recognises_the_same_content_and_changes_with_any_text():
    data = catalog_dict()
    same = parse_catalog(dump(data), "a.yaml").digest
    assert parse_catalog(dump(copy.deepcopy(data)), "b.yaml").digest == same

    changed = copy.deepcopy(data)
    changed["pillars"][5]["questions"][5]["recommendations"][4]["da"] = "Noget andet"
    assert parse_catalog(dump(changed), PATH).digest != same


def _delete(*path: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


def _set(*path: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _question_count(pillar: int, count: int) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        questions = data["pillars"][pillar]["questions"]
        if count <= len(questions):
            del questions[count:]
        for number in range(len(questions) + 1, count + 1):
            extra = copy.deepcopy(questions[0])
            extra["key"] = f"extra_q{number}"
            questions.append(extra)

    return mutate


QUESTION = ("pillars", 0, "questions", 0)

BAD_FILES = [
    pytest.param(_delete(*QUESTION, "levels", 3), f"{Q1}: level 3 missing", id="level-3-missing"),
    pytest.param(
        _set(*QUESTION, "levels", 6, value=texts("Sixth")),
        f"{Q1}: unexpected level 6 (allowed: [1, 2, 3, 4, 5])",
        id="sixth-level",
    ),
    pytest.param(
        _set(*QUESTION, "levels", 0, value=texts("Zero")),
        f"{Q1}: unexpected level 0 (allowed: [1, 2, 3, 4, 5])",
        id="level-0",
    ),
    pytest.param(
        _delete(*QUESTION, "levels"),
        [f"{Q1}: expected a mapping, found NoneType"]
        + [f"{Q1}: level {level} missing" for level in range(1, 6)],
        id="no-levels-at-all",
    ),
    pytest.param(
        _delete(*QUESTION, "recommendations", 2),
        f"{Q1}: recommendation 2 missing",
        id="recommendation-2-missing",
    ),
    pytest.param(
        _set(*QUESTION, "recommendations", 5, value=texts("Beyond the top")),
        f"{Q1}: unexpected recommendation 5 (allowed: [1, 2, 3, 4])",
        id="recommendation-for-level-5",
    ),
    pytest.param(
        _set("pillars", 1, "key", value="strategy"),
        "pillar #2 'strategy': duplicate key 'strategy'",
        id="duplicate-pillar-key",
    ),
    pytest.param(
        _set("pillars", 3, "questions", 0, "key", value="strategy_q2"),
        "pillar #4 'data' › question 'strategy_q2': duplicate key 'strategy_q2'",
        id="duplicate-question-key-across-pillars",
    ),
    pytest.param(
        _set("pillars", 0, "questions", 4, "key", value="strategy_q1"),
        "pillar #1 'strategy' › question 'strategy_q1': duplicate key 'strategy_q1'",
        id="duplicate-question-key-in-pillar",
    ),
    pytest.param(
        _set("pillars", 0, "key", value="Strategy-1"),
        "pillar #1 'Strategy-1': "
        "key 'Strategy-1' must be lowercase letters, digits and underscores",
        id="bad-pillar-key",
    ),
    pytest.param(
        _set("pillars", 1, "key", value="p" * 51),
        f"pillar #2 '{'p' * 51}': key '{'p' * 51}' is longer than 50 characters",
        id="pillar-key-too-long",
    ),
    pytest.param(
        _set(*QUESTION, "key", value="q" * 81),
        f"pillar #1 'strategy' › question '{'q' * 81}': "
        f"key '{'q' * 81}' is longer than 80 characters",
        id="question-key-too-long",
    ),
    pytest.param(
        _delete(*QUESTION, "text", "da"),
        f"{Q1} › text: missing translation 'da'",
        id="question-text-da-removed",
    ),
    pytest.param(
        _set(*QUESTION, "help", "en", value=""),
        f"{Q1} › help: missing translation 'en'",
        id="help-en-empty",
    ),
    pytest.param(
        _set(*QUESTION, "levels", 4, "de", value="   "),
        f"{Q1} › level 4: missing translation 'de'",
        id="level-de-blank",
    ),
    pytest.param(
        _delete(*QUESTION, "recommendations", 1, "da"),
        f"{Q1} › recommendation 1: missing translation 'da'",
        id="recommendation-da-removed",
    ),
    pytest.param(
        _set("pillars", 2, "name", "en", value=""),
        "pillar #3 'it' › name: missing translation 'en'",
        id="pillar-name-en-empty",
    ),
    pytest.param(
        _set("pillars", 2, "name", "de", value="N" * 201),
        "pillar #3 'it' › name: 'de' is longer than 200 characters",
        id="pillar-name-too-long",
    ),
    pytest.param(
        _delete("pillars", 5, "description", "da"),
        "pillar #6 'controlling' › description: missing translation 'da'",
        id="pillar-description-da-removed",
    ),
    pytest.param(
        _set("pillars", 5, "description", "fr", value="Contrôle"),
        "pillar #6 'controlling' › description: unknown language(s) ['fr']",
        id="unknown-language",
    ),
    pytest.param(
        _set(*QUESTION, "text", value="Nur Deutsch"),
        [f"{Q1} › text: expected a mapping, found str"]
        + [f"{Q1} › text: missing translation '{language}'" for language in ("de", "en", "da")],
        id="text-not-per-language",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value=0),
        f"{Q1}: weight 0 must be greater than 0 and at most 100",
        id="weight-0",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value=-1),
        f"{Q1}: weight -1 must be greater than 0 and at most 100",
        id="weight-negative",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value="abc"),
        f"{Q1}: weight 'abc' is not a number",
        id="weight-abc",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value=True),
        f"{Q1}: weight True is not a number",
        id="weight-true",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value=1000),
        f"{Q1}: weight 1000 must be greater than 0 and at most 100",
        id="weight-1000",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value=float("nan")),
        f"{Q1}: weight nan must be greater than 0 and at most 100",
        id="weight-nan",
    ),
    pytest.param(
        _set(*QUESTION, "weight", value=1.005),
        f"{Q1}: weight 1.005 has more than two decimal places",
        id="weight-three-decimals",
    ),
    pytest.param(
        _set("pillars", 4, "weight", value=0),
        "pillar #5 'campaigns': weight 0 must be greater than 0 and at most 100",
        id="pillar-weight-0",
    ),
    pytest.param(
        _set("pillars", 4, "weight", value=[1]),
        "pillar #5 'campaigns': weight [1] is not a number",
        id="pillar-weight-list",
    ),
    pytest.param(
        _set("version", value=0), "version: 0 is not a positive whole number", id="version-0"
    ),
    pytest.param(
        _set("version", value=-2), "version: -2 is not a positive whole number", id="version-neg"
    ),
    pytest.param(
        _set("version", value="2"),
        "version: '2' is not a positive whole number",
        id="version-string",
    ),
    pytest.param(
        _set("version", value=1.5),
        "version: 1.5 is not a positive whole number",
        id="version-fraction",
    ),
    pytest.param(
        _set("version", value=True),
        "version: True is not a positive whole number",
        id="version-true",
    ),
    pytest.param(
        _delete("version"), "version: None is not a positive whole number", id="version-missing"
    ),
    pytest.param(
        _set("published", value="yes please"),
        "published: 'yes please' is not true or false",
        id="published-not-bool",
    ),
    pytest.param(
        _set("pillars", value=[]), "pillars: expected a non-empty list of pillars", id="no-pillars"
    ),
    pytest.param(
        _question_count(2, 4),
        "pillar #3 'it': has 4 questions, expected 5 to 8",
        id="too-few-questions",
    ),
    pytest.param(
        _question_count(3, 9),
        "pillar #4 'data': has 9 questions, expected 5 to 8",
        id="too-many-questions",
    ),
    pytest.param(
        _delete("pillars", 1, "questions"),
        "pillar #2 'processes': expected a list of questions",
        id="no-questions",
    ),
]


@pytest.mark.parametrize(("mutate", "problems"), BAD_FILES)
def test_a_bad_file_names_the_file_the_entry_and_the_problem(mutate, problems):
    problems = [problems] if isinstance(problems, str) else problems
    data = catalog_dict(pillars=6, questions=6)
    mutate(data)

    error = parse_error(dump(data))

    assert error.path == PATH
    assert error.problems == problems
    listed = "".join(f"\n  - {problem}" for problem in problems)
    assert str(error) == f"{PATH}: {len(problems)} problem(s):{listed}"


@pytest.mark.parametrize("questions", [5, 8])
def test_five_and_eight_questions_are_allowed(questions):
    data = catalog_dict(questions=6)
    _question_count(0, questions)(data)
    parsed = parse_catalog(dump(data), PATH)
    assert len(parsed.pillars[0].questions) == questions


def test_every_problem_is_reported_not_just_the_first():
    data = catalog_dict()
    del first_question(data)["levels"][3]
    data["pillars"][5]["questions"][2]["weight"] = "abc"
    data["pillars"][2]["name"]["da"] = ""

    error = parse_error(dump(data))

    assert error.problems == [
        f"{Q1}: level 3 missing",
        "pillar #3 'it' › name: missing translation 'da'",
        "pillar #6 'controlling' › question 'controlling_q3': weight 'abc' is not a number",
    ]
    assert str(error).startswith(f"{PATH}: 3 problem(s):\n")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("version: 1\npillars: [\n  - key: strategy\n", id="unclosed-list"),
        pytest.param("version: 1\n  pillars:\n - key: x\n", id="bad-indentation"),
        pytest.param("version: 1\npillars:\n  - key: 'strategy\n", id="unclosed-quote"),
        pytest.param("version: 1\n\tpillars: []\n", id="tab"),
    ],
)
def test_unreadable_yaml_names_the_file_and_the_line(source):
    error = parse_error(source)

    assert error.path == PATH
    assert len(error.problems) == 1
    assert error.problems[0].startswith("unreadable YAML: ")
    assert "line " in error.problems[0]
    assert str(error).startswith(f"{PATH}: 1 problem(s):\n  - unreadable YAML: ")


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("", "file: expected a mapping, found NoneType"),
        ("- version: 1\n", "file: expected a mapping, found list"),
    ],
)
def test_a_file_that_is_not_a_mapping_is_refused(source, problem):
    error = parse_error(source)
    assert problem in error.problems


def test_reading_a_missing_file_names_it(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(CatalogFileError) as excinfo:
        read_catalog_file(path)
    assert excinfo.value.path == str(path)
    assert excinfo.value.problems[0].startswith("cannot read the file: ")
    assert str(excinfo.value).startswith(f"{path}: 1 problem(s):")


def test_reading_a_file_parses_it_and_names_it_in_errors(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(dump(catalog_dict(version=3)), encoding="utf-8")
    assert read_catalog_file(good).version == 3

    data = catalog_dict()
    del first_question(data)["levels"][5]
    bad = tmp_path / "bad.yaml"
    bad.write_text(dump(data), encoding="utf-8")
    with pytest.raises(CatalogFileError) as excinfo:
        read_catalog_file(bad)
    assert str(excinfo.value) == f"{bad}: 1 problem(s):\n  - {Q1}: level 5 missing"

"""Catalog version 2: a directory with evidence per level, recommendations with owner, effort,
prerequisite and "done when", the quick check, B2B/B2C, dated legal notes and a glossary; every
problem reported at once, naming file, entry and problem; loaded and exported with it all."""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from pillars.catalog_file import CatalogFileError, read_catalog_directory, read_catalog_file
from pillars.models import CatalogVersion, LegalNote, LevelDescriptor, Recommendation

ROLES = {
    "management": {"de": "Geschäftsleitung", "en": "management", "da": "ledelsen"},
    "crm_owner": {
        "de": "für das CRM-System verantwortliche Person",
        "en": "person responsible for the CRM system",
        "da": "CRM-ansvarlige",
    },
}
GLOSSARY = {
    "roles": ROLES,
    "terms": [
        {
            "concept": "contact_person",
            "de": "Ansprechperson",
            "en": "contact person",
            "da": "kontaktperson",
            "avoid": {"de": ["Ansprechpartner"]},
        }
    ],
    "calques": {"en": ["taken over"]},
}


def _t(label: str) -> dict[str, str]:
    return {"de": f"{label} (de)", "en": f"{label} (en)", "da": f"{label} (da)"}


def _recommendation(label: str, owner: str = "management") -> dict[str, Any]:
    names = ROLES[owner]
    return {
        "owner": owner,
        "effort": {"amount": 2, "unit": "hours"},
        "text": {lang: f"Die {names[lang]} tut {label} ({lang})" for lang in ("de", "en", "da")},
        "done_when": _t(f"{label} done"),
    }


def _question(pillar: str, number: int) -> dict[str, Any]:
    key = f"{pillar}_q{number}"
    return {
        "key": key,
        "weight": 1,
        "quick_check": number <= 2,
        "text": _t(f"{key} text"),
        "help": _t(f"{key} help"),
        "levels": {
            level: {"text": _t(f"{key} L{level}"), "evidence": [_t(f"{key} L{level} E1")]}
            for level in range(1, 6)
        },
        "recommendations": {level: _recommendation(f"{key} R{level}") for level in range(1, 5)},
    }


def _pillar(key: str) -> dict[str, Any]:
    return {
        "key": key,
        "weight": 1,
        "name": _t(f"{key} name"),
        "description": _t(f"{key} description"),
        "questions": [_question(key, number) for number in range(1, 6)],
    }


def _catalog() -> dict[str, Any]:
    return {
        "index": {
            "version": 2,
            "published": True,
            "glossary": "glossary.yaml",
            "pillar_files": ["alpha.yaml", "beta.yaml"],
        },
        "glossary": copy.deepcopy(GLOSSARY),
        "alpha": _pillar("alpha"),
        "beta": _pillar("beta"),
    }


def _write(directory: Path, catalog: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    files = {"catalog.yaml": catalog["index"], "glossary.yaml": catalog["glossary"]}
    files |= {f"{name}.yaml": catalog[name] for name in ("alpha", "beta") if name in catalog}
    for name, content in files.items():
        (directory / name).write_text(yaml.safe_dump(content, allow_unicode=True), "utf-8")
    return directory


def _problems(tmp_path: Path, mutate: Callable[[dict[str, Any]], None]) -> list[str]:
    catalog = _catalog()
    mutate(catalog)
    with pytest.raises(CatalogFileError) as error:
        read_catalog_directory(_write(tmp_path / "catalog", catalog))
    return error.value.problems


def test_a_valid_directory_parses_with_every_field(tmp_path):
    catalog = _catalog()
    first = catalog["alpha"]["questions"][0]
    first["business_models"] = ["b2b"]
    first["levels"][3]["evidence"].append(_t("second criterion"))
    first["levels_b2c"] = copy.deepcopy(first["levels"])
    first["recommendations"][2]["prerequisite"] = _t("needs a CRM")
    first["recommendations"][2]["effort"] = {"amount": 1.5, "unit": "days"}
    first["legal_notes"] = [
        {"country": "CH", "checked": datetime.date(2026, 11, 28), "text": _t("Lassen Sie prüfen")}
    ]
    data = read_catalog_directory(_write(tmp_path / "v2", catalog))
    assert data.version == 2 and [p.key for p in data.pillars] == ["alpha", "beta"]
    question = data.pillars[0].questions[0]
    assert question.quick_check and question.business_models == ("b2b",)
    assert [item["en"] for item in question.evidence[3]] == [
        "alpha_q1 L3 E1 (en)",
        "second criterion (en)",
    ]
    assert question.levels_b2c[5]["da"] == "alpha_q1 L5 (da)"
    details = question.details[2]
    assert (details.owner, str(details.effort.amount), details.effort.unit) == (
        "management",
        "1.5",
        "days",
    )
    assert details.prerequisite["de"] == "needs a CRM (de)"
    assert details.done_when["en"] == "alpha_q1 R2 done (en)"
    assert question.legal_notes[0].country == "CH"
    assert question.legal_notes[0].checked == datetime.date(2026, 11, 28)
    assert data.pillars[0].questions[2].business_models == ("b2b", "b2c")
    assert read_catalog_file(tmp_path / "v2" / "catalog.yaml").digest == data.digest
    assert read_catalog_file(tmp_path / "v2").digest == data.digest


def _set(*path: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(catalog: dict[str, Any]) -> None:
        target = catalog
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _delete(*path: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(catalog: dict[str, Any]) -> None:
        target = catalog
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


Q1 = ("alpha", "questions", 0)
WHERE = "alpha.yaml › pillar 'alpha' › question 'alpha_q1'"


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (
            _delete(*Q1, "levels", 3, "evidence"),
            f"{WHERE} › levels › level 3 › evidence: expected 1 to 3 evidence criteria",
        ),
        (
            _set(*Q1, "levels", 3, "evidence", value=[_t("a"), _t("b"), _t("c"), _t("d")]),
            f"{WHERE} › levels › level 3 › evidence: expected 1 to 3 evidence criteria",
        ),
        (
            _set(*Q1, "levels", 2, "evidence", value=[{"de": "x", "en": "y"}]),
            f"{WHERE} › levels › level 2 › evidence #1: missing translation 'da'",
        ),
        (
            _set(*Q1, "recommendations", 1, "owner", value="janitor"),
            f"{WHERE} › recommendations › recommendation 1: owner 'janitor' is not a role of "
            "the glossary",
        ),
        (
            _set(*Q1, "recommendations", 2, "text", "en", value="Sharpen the profiles."),
            f"{WHERE} › recommendations › recommendation 2: the 'en' text does not name its "
            "owner ('management')",
        ),
        (
            _set(*Q1, "recommendations", 3, "effort", value={"amount": 0, "unit": "hours"}),
            f"{WHERE} › recommendations › recommendation 3 › effort: amount 0 must be a number "
            "greater than 0, at most 1000",
        ),
        (
            _set(*Q1, "recommendations", 3, "effort", value={"amount": 2, "unit": "weeks"}),
            f"{WHERE} › recommendations › recommendation 3 › effort: unit 'weeks' must be one "
            "of ['hours', 'days']",
        ),
        (
            _delete(*Q1, "recommendations", 4, "done_when"),
            f"{WHERE} › recommendations › recommendation 4 › done_when: expected a mapping, "
            "found NoneType",
        ),
        (
            _set(*Q1, "business_models", value=["b2g"]),
            f"{WHERE}: business_models ['b2g'] must list b2b and/or b2c",
        ),
        (
            _set(*Q1, "legal_notes", value=[{"country": "FR", "checked": "soon", "text": _t("x")}]),
            f"{WHERE} › legal_notes #1: country 'FR' must be one of ['CH', 'DE', 'AT', 'DK', "
            "'LI', 'LU']",
        ),
        (
            _set(*Q1, "legal_notes", value=[{"country": "CH", "checked": "soon", "text": _t("x")}]),
            f"{WHERE} › legal_notes #1: checked 'soon' must be a date like 2026-11-28",
        ),
        (
            _set("alpha", "questions", 2, "quick_check", value=True),
            "alpha.yaml › pillar 'alpha': 3 questions are marked quick_check, expected 2",
        ),
        (
            _set(*Q1, "help", "de", value="Fragen Sie Ihren Ansprechpartner."),
            "pillar 'alpha' › question 'alpha_q1' › help: 'de' uses 'Ansprechpartner'; the "
            "glossary says 'Ansprechperson'",
        ),
        (
            _set(*Q1, "levels", 4, "evidence", 0, "en", value="The list is taken over yearly."),
            "pillar 'alpha' › question 'alpha_q1' › level 4 › evidence: 'en' uses 'taken over'",
        ),
        (
            _set("index", "pillar_files", value=["alpha.yaml", "../secrets.yaml"]),
            "pillar_files #2: '../secrets.yaml' is not a file name like 'strategy.yaml'",
        ),
        (
            _set("index", "pillar_files", value=["alpha.yaml", "gamma.yaml"]),
            "gamma.yaml: cannot read gamma.yaml",
        ),
        (_set("index", "version", value=1), "version: 1 is not a whole number of at least 2"),
        (_set("glossary", "roles", value={}), "glossary › roles: expected at least one role"),
    ],
)
def test_a_bad_directory_names_the_file_the_entry_and_the_problem(tmp_path, mutate, problem):
    problems = _problems(tmp_path, mutate)
    assert any(found.startswith(problem) for found in problems), problems


def test_every_problem_is_reported_at_once(tmp_path):
    def mutate(catalog: dict[str, Any]) -> None:
        _delete(*Q1, "levels", 3, "evidence")(catalog)
        _set("beta", "questions", 1, "recommendations", 1, "owner", value="nobody")(catalog)
        _set("beta", "questions", 4, "text", "da", value="")(catalog)

    problems = _problems(tmp_path, mutate)
    assert len(problems) == 3, problems


@pytest.mark.django_db
def test_loading_stores_and_exporting_shows_the_version_2_fields(tmp_path):
    catalog = _catalog()
    first = catalog["alpha"]["questions"][0]
    first["levels"][3]["evidence"].append(_t("second criterion"))
    first["recommendations"][2]["prerequisite"] = _t("needs a CRM")
    first["legal_notes"] = [
        {"country": "DK", "checked": datetime.date(2026, 11, 28), "text": _t("Robinsonlisten")}
    ]
    directory = _write(tmp_path / "v2", catalog)
    out = StringIO()
    call_command("load_catalog", str(directory), stdout=out)
    assert "Loaded catalog v2: 2 pillars, 10 questions." in out.getvalue()
    stored = CatalogVersion.objects.get(version=2)
    level = LevelDescriptor.objects.get(question__catalog=stored, question__key="alpha_q1", level=3)
    assert level.evidence_de == "alpha_q1 L3 E1 (de)\nsecond criterion (de)"
    assert level.tr_lines("evidence", "da") == ["alpha_q1 L3 E1 (da)", "second criterion (da)"]
    step = Recommendation.objects.get(question__key="alpha_q1", from_level=2)
    assert (step.owner, step.owner_name_de, step.effort_amount, step.effort_unit) == (
        "management",
        "Geschäftsleitung",
        2,
        "hours",
    )
    assert (step.prerequisite_en, step.done_when_da) == (
        "needs a CRM (en)",
        "alpha_q1 R2 done (da)",
    )
    note = LegalNote.objects.get()
    assert (note.country, note.checked, note.text_en) == (
        "DK",
        datetime.date(2026, 11, 28),
        "Robinsonlisten (en)",
    )
    assert stored.questions.filter(quick_check=True).count() == 4

    again = StringIO()
    call_command("load_catalog", str(directory / "catalog.yaml"), stdout=again)
    assert "already loaded; nothing changed" in again.getvalue()

    exported = StringIO()
    call_command("export_catalog", "--catalog-version", "2", stdout=exported)
    question = json.loads(exported.getvalue())["pillars"][0]["questions"][0]
    assert question["quick_check"] is True
    assert question["levels"]["3"]["evidence"][1]["en"] == "second criterion (en)"
    assert question["recommendations"]["2"]["effort"] == {"amount": 2, "unit": "hours"}
    assert question["recommendations"]["2"]["prerequisite"]["de"] == "needs a CRM (de)"
    assert question["recommendations"]["1"]["done_when"]["da"] == "alpha_q1 R1 done (da)"
    assert "prerequisite" not in question["recommendations"]["1"]
    assert question["legal_notes"] == [
        {"country": "DK", "checked": "2026-11-28", "text": _t("Robinsonlisten")}
    ]


@pytest.mark.django_db
def test_a_version_1_catalog_loads_and_exports_as_before(catalog):
    exported = StringIO()
    call_command("export_catalog", stdout=exported)
    question = json.loads(exported.getvalue())["pillars"][0]["questions"][0]
    assert set(question) == {"key", "weight", "text", "help", "levels", "recommendations"}


def test_the_digest_changes_with_evidence(tmp_path):
    first = read_catalog_directory(_write(tmp_path / "a", _catalog()))
    changed = _catalog()
    changed["alpha"]["questions"][0]["levels"][1]["evidence"][0]["en"] = "Other evidence"
    second = read_catalog_directory(_write(tmp_path / "b", changed))
    assert first.digest != second.digest


V2_DIRECTORY = Path(__file__).resolve().parents[2] / "pillars" / "data" / "catalog-v2"


def test_the_version_2_catalog_in_the_repository_is_valid():
    data = read_catalog_directory(V2_DIRECTORY)
    assert data.version == 2
    assert [pillar.key for pillar in data.pillars] == [
        "strategy",
        "processes",
        "it",
        "data",
        "campaigns",
        "controlling",
    ]
    questions = [question for pillar in data.pillars for question in pillar.questions]
    assert sum(question.quick_check for question in questions) == 12
    # Every level has evidence and every step an owner, an effort and a check, in 3 languages.
    for question in questions:
        assert set(question.evidence) == {1, 2, 3, 4, 5}, question.key
        assert set(question.details) == {1, 2, 3, 4}, question.key
        for detail in question.details.values():
            assert set(detail.done_when) == {"de", "en", "da"}, question.key
    # The topics issue 11 asked for exist.
    keys = {question.key for question in questions}
    assert {
        "strategy_customer_research",
        "processes_customer_culture",
        "data_retention",
        "data_processors",
        "controlling_customer_effort",
        "controlling_cost_per_contact",
    } <= keys
    everything = V2_DIRECTORY.joinpath("controlling.yaml").read_text()
    for name in ("strategy", "processes", "it", "data", "campaigns"):
        everything += V2_DIRECTORY.joinpath(f"{name}.yaml").read_text()
    assert "revDSG" not in everything and "Ansprechpartner" not in everything


@pytest.mark.django_db
def test_the_version_2_catalog_loads_beside_version_1(catalog):
    out = StringIO()
    call_command("load_catalog", str(V2_DIRECTORY), stdout=out)
    assert "Loaded catalog v2: 6 pillars, 46 questions." in out.getvalue()
    # Published (issue 11): new assessments use version 2; version 1 stays loaded.
    current = CatalogVersion.objects.current()
    assert current is not None and current.version == 2
    assert CatalogVersion.objects.filter(pk=catalog.pk, version=1).exists()

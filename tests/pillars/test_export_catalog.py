"""`manage.py export_catalog --format json`: the published catalog, every text in every language."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from pillars.catalog_file import DEFAULT_CATALOG_PATH, parse_catalog
from pillars.services import catalog_load
from tests.factories import PILLAR_KEYS, catalog_dict, texts

LANGUAGES = ["de", "en", "da"]
LEVEL_KEYS = ["1", "2", "3", "4", "5"]
RECOMMENDATION_KEYS = ["1", "2", "3", "4"]


def export(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("export_catalog", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def load_dict(data: dict[str, Any]) -> None:
    catalog_load(data=parse_catalog(yaml.safe_dump(data, allow_unicode=True), "test.yaml"))


def test_export_has_every_field_in_every_language(small_catalog):
    exported = export()

    assert exported["version"] == 1
    assert exported["published"] is True
    assert [pillar["key"] for pillar in exported["pillars"]] == list(PILLAR_KEYS)
    for p, pillar in enumerate(exported["pillars"], start=1):
        assert pillar["weight"] == 1
        assert pillar["name"] == texts(f"Pillar {p}")
        assert pillar["description"] == texts(f"About pillar {p}")
        assert [question["key"] for question in pillar["questions"]] == [
            f"{pillar['key']}_q{q}" for q in range(1, 7)
        ]
        for q, question in enumerate(pillar["questions"], start=1):
            assert question["weight"] == 1
            assert question["text"] == texts(f"Question {p}.{q}")
            assert question["help"] == texts(f"Help {p}.{q}")
            assert list(question["levels"]) == LEVEL_KEYS
            assert list(question["recommendations"]) == RECOMMENDATION_KEYS
            for level, level_texts in question["levels"].items():
                assert level_texts == texts(f"Q{p}.{q} level {level}")
            for level, step in question["recommendations"].items():
                assert step == texts(f"Q{p}.{q} step from {level}")


def test_export_is_the_loaded_file_again(db):
    """Nothing is lost on the way in or out: the export equals the file's content."""
    data = catalog_dict(version=4, questions=7)
    data["pillars"][2]["weight"] = 2.5
    data["pillars"][2]["questions"][6]["weight"] = "0.25"
    load_dict(data)

    exported = export()

    data["pillars"][2]["questions"][6]["weight"] = 0.25
    # JSON has only string keys: levels 1..5 become "1".."5".
    assert exported == json.loads(json.dumps(data))
    assert exported["pillars"][2]["weight"] == 2.5


def test_export_prints_the_newest_published_version(db):
    for version, published in [(1, True), (2, True), (3, False)]:
        data = catalog_dict(version=version, published=published)
        data["pillars"][0]["name"]["de"] = f"Strategie v{version}"
        load_dict(data)

    exported = export()
    assert exported["version"] == 2
    assert exported["pillars"][0]["name"]["de"] == "Strategie v2"

    draft = export("--catalog-version", "3")
    assert (draft["version"], draft["published"]) == (3, False)
    assert draft["pillars"][0]["name"]["de"] == "Strategie v3"


def test_export_without_a_published_catalog_fails_clearly(db):
    load_dict(catalog_dict(published=False))
    with pytest.raises(CommandError, match="No published catalog; run 'manage.py load_catalog'"):
        export()
    with pytest.raises(CommandError, match="There is no catalog version 9."):
        export("--catalog-version", "9")


def _all_texts(exported: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """Every translated text of the export, each with a label saying where it is."""
    found = []
    for pillar in exported["pillars"]:
        for field in ("name", "description"):
            found.append((f"{pillar['key']} › {field}", pillar[field]))
        for question in pillar["questions"]:
            for field in ("text", "help"):
                found.append((f"{question['key']} › {field}", question[field]))
            for level, level_texts in question["levels"].items():
                found.append((f"{question['key']} › level {level}", level_texts))
            for level, step in question["recommendations"].items():
                found.append((f"{question['key']} › recommendation {level}", step))
    return found


@pytest.mark.skipif(
    not DEFAULT_CATALOG_PATH.exists(),
    reason="pillars/data/catalog.yaml does not exist yet (the catalog content is still written)",
)
def test_the_real_catalog_is_complete_and_translated(catalog):
    exported = export()

    assert exported["version"] == catalog.version
    assert [pillar["key"] for pillar in exported["pillars"]] == [
        "strategy",
        "processes",
        "it",
        "data",
        "campaigns",
        "controlling",
    ]
    question_counts = {pillar["key"]: len(pillar["questions"]) for pillar in exported["pillars"]}
    assert all(5 <= count <= 8 for count in question_counts.values()), question_counts
    for pillar in exported["pillars"]:
        for question in pillar["questions"]:
            assert list(question["levels"]) == LEVEL_KEYS, question["key"]
            assert list(question["recommendations"]) == RECOMMENDATION_KEYS, question["key"]

    entries = _all_texts(exported)
    assert len(entries) == 6 * 2 + sum(question_counts.values()) * (2 + 5 + 4)
    incomplete = [
        (where, language)
        for where, by_language in entries
        for language in LANGUAGES
        if not by_language.get(language, "").strip()
    ]
    assert incomplete == []
    # Identical German and English means the text was copied, not translated.
    copied = [where for where, by_language in entries if by_language["de"] == by_language["en"]]
    assert copied == []

    # Each level describes something different, and so does each recommendation.
    for pillar in exported["pillars"]:
        for question in pillar["questions"]:
            for language in LANGUAGES:
                levels = [entry[language] for entry in question["levels"].values()]
                steps = [entry[language] for entry in question["recommendations"].values()]
                assert len(set(levels)) == 5, (question["key"], language)
                assert len(set(steps)) == 4, (question["key"], language)

"""`manage.py load_catalog PATH`: validate, load in one transaction, never change what is there."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from pillars.models import CatalogVersion, LevelDescriptor, Pillar, Question, Recommendation
from pillars.selectors import catalog_export
from tests.factories import catalog_dict, texts

ROOT = Path(__file__).resolve().parents[2]
MODELS = (CatalogVersion, Pillar, Question, LevelDescriptor, Recommendation)


def write(tmp_path: Path, data: dict[str, Any], name: str = "catalog.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def load(path: Path) -> str:
    out = StringIO()
    call_command("load_catalog", str(path), stdout=out)
    return out.getvalue()


def uneven_catalog(**kwargs: Any) -> dict[str, Any]:
    """Six pillars with 5, 6, 7, 8, 6 and 6 questions: 38 questions in all."""
    data = catalog_dict(pillars=6, questions=8, **kwargs)
    for pillar, keep in zip(data["pillars"], (5, 6, 7, 8, 6, 6), strict=True):
        del pillar["questions"][keep:]
    return data


def test_loads_a_catalog(db, tmp_path):
    output = load(write(tmp_path, uneven_catalog()))

    assert counts() == {
        "CatalogVersion": 1,
        "Pillar": 6,
        "Question": 38,
        "LevelDescriptor": 38 * 5,
        "Recommendation": 38 * 4,
    }
    assert "Loaded catalog v1: 6 pillars, 38 questions." in output
    catalog = CatalogVersion.objects.get()
    assert catalog.version == 1
    assert catalog.published is True
    assert catalog.published_at is not None
    assert len(catalog.source_digest) == 64
    assert CatalogVersion.objects.current() == catalog
    assert list(catalog.pillars.values_list("key", "order")) == [
        ("strategy", 1),
        ("processes", 2),
        ("it", 3),
        ("data", 4),
        ("campaigns", 5),
        ("controlling", 6),
    ]

    question = Question.objects.select_related("pillar").get(key="data_q7")
    assert (question.catalog, question.pillar.key, question.order) == (catalog, "data", 7)
    assert (question.text_de, question.text_en, question.text_da) == tuple(
        texts("Question 4.7").values()
    )
    assert question.help_da == "Help 4.7 (da)"
    assert list(question.levels.values_list("level", "text_en")) == [
        (level, f"Q4.7 level {level} (en)") for level in range(1, 6)
    ]
    assert list(question.recommendations.values_list("from_level", "text_da")) == [
        (level, f"Q4.7 step from {level} (da)") for level in range(1, 5)
    ]


def test_loads_weights_as_written(db, tmp_path):
    data = catalog_dict()
    data["pillars"][1]["weight"] = 2.5
    data["pillars"][1]["questions"][3]["weight"] = "0.75"
    load(write(tmp_path, data))

    assert str(Pillar.objects.get(key="processes").weight) == "2.50"
    assert str(Question.objects.get(key="processes_q4").weight) == "0.75"
    assert str(Question.objects.get(key="processes_q1").weight) == "1.00"


def test_a_draft_file_loads_unpublished_and_is_not_current(db, tmp_path):
    load(write(tmp_path, catalog_dict(published=False)))

    catalog = CatalogVersion.objects.get()
    assert catalog.published is False
    assert catalog.published_at is None
    assert CatalogVersion.objects.current() is None


def test_loading_twice_changes_nothing(db, tmp_path):
    path = write(tmp_path, uneven_catalog())
    load(path)
    before = counts()
    catalog = CatalogVersion.objects.get()
    question_ids = set(Question.objects.values_list("pk", flat=True))

    output = load(path)

    assert counts() == before
    assert output.strip() == "Catalog v1 is already loaded; nothing changed."
    again = CatalogVersion.objects.get()
    assert (again.pk, again.created_at, again.published_at) == (
        catalog.pk,
        catalog.created_at,
        catalog.published_at,
    )
    assert set(Question.objects.values_list("pk", flat=True)) == question_ids


def test_reformatting_the_file_is_not_a_change(db, tmp_path):
    """Only the content counts: key order, quoting and line breaks in texts don't."""
    data = catalog_dict()
    load(write(tmp_path, data))
    data["pillars"][0]["questions"][0]["text"]["de"] = "Question\n   1.1  (de)"
    reformatted = tmp_path / "reformatted.yaml"
    reformatted.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=True, default_flow_style=True),
        encoding="utf-8",
    )
    before = counts()

    assert "nothing changed" in load(reformatted)
    assert counts() == before


def _missing_level(data: dict[str, Any]) -> None:
    del data["pillars"][2]["questions"][1]["levels"][3]


def _duplicate_key(data: dict[str, Any]) -> None:
    data["pillars"][4]["questions"][0]["key"] = "strategy_q1"


def _missing_translation(data: dict[str, Any]) -> None:
    data["pillars"][5]["description"]["da"] = ""


def _bad_weight(data: dict[str, Any]) -> None:
    data["pillars"][1]["questions"][5]["weight"] = -1


BROKEN = [
    pytest.param(_missing_level, "pillar #3 'it' › question 'it_q2': level 3 missing", id="level"),
    pytest.param(
        _duplicate_key,
        "pillar #5 'campaigns' › question 'strategy_q1': duplicate key 'strategy_q1'",
        id="duplicate-key",
    ),
    pytest.param(
        _missing_translation,
        "pillar #6 'controlling' › description: missing translation 'da'",
        id="translation",
    ),
    pytest.param(
        _bad_weight,
        "pillar #2 'processes' › question 'processes_q6': "
        "weight -1 must be greater than 0 and at most 100",
        id="weight",
    ),
]


@pytest.mark.parametrize(("breakage", "problem"), BROKEN)
@pytest.mark.parametrize("loaded_before", [False, True], ids=["empty-db", "v1-loaded"])
def test_a_broken_file_is_refused_and_changes_nothing(
    db, tmp_path, breakage, problem, loaded_before
):
    if loaded_before:
        load(write(tmp_path, catalog_dict(version=1), "v1.yaml"))
    before = counts()
    exported_before = [catalog_export(catalog) for catalog in CatalogVersion.objects.all()]
    data = catalog_dict(version=2)
    breakage(data)
    path = write(tmp_path, data, "broken.yaml")

    with pytest.raises(CommandError) as excinfo:
        load(path)

    message = str(excinfo.value)
    assert message.startswith(f"{path}: 1 problem(s):")
    assert problem in message
    assert counts() == before
    assert [catalog_export(catalog) for catalog in CatalogVersion.objects.all()] == exported_before


def test_unreadable_yaml_is_refused(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\npillars: [\n  - key: strategy\n", encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        load(path)

    assert str(excinfo.value).startswith(f"{path}: 1 problem(s):\n  - unreadable YAML: ")
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_missing_file_is_refused(db, tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert str(excinfo.value).startswith(f"{path}: 1 problem(s):\n  - cannot read the file: ")


def test_a_key_too_long_for_its_column_is_refused_before_loading(db, tmp_path):
    # SQLite would store it; PostgreSQL would fail halfway through the load with a DataError.
    data = catalog_dict()
    data["pillars"][0]["questions"][2]["key"] = "q" * 81
    path = write(tmp_path, data)

    with pytest.raises(CommandError) as excinfo:
        load(path)

    assert f"key '{'q' * 81}' is longer than 80 characters" in str(excinfo.value)
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_failure_while_writing_rolls_the_whole_load_back(db, tmp_path, monkeypatch):
    load(write(tmp_path, catalog_dict(version=1), "v1.yaml"))
    before = counts()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    # Pillars, questions and levels of v2 are written by then; none of them may stay.
    monkeypatch.setattr(Recommendation.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load(write(tmp_path, catalog_dict(version=2), "v2.yaml"))

    assert counts() == before
    assert list(CatalogVersion.objects.values_list("version", flat=True)) == [1]


def test_the_same_version_with_different_content_is_refused(db, tmp_path):
    data = catalog_dict(version=1)
    load(write(tmp_path, data, "v1.yaml"))
    before = counts()
    data["pillars"][3]["questions"][0]["levels"][2]["en"] = "Something else entirely"
    changed = write(tmp_path, data, "v1-changed.yaml")

    with pytest.raises(CommandError) as excinfo:
        load(changed)

    assert str(excinfo.value) == (
        f"{changed}: version 1 is already loaded with different content; "
        "raise 'version' in the file to publish a changed catalog"
    )
    assert counts() == before
    level = LevelDescriptor.objects.get(question__key="data_q1", level=2)
    assert level.text_en == "Q4.1 level 2 (en)"


def test_a_higher_version_loads_beside_the_old_one_and_becomes_current(db, tmp_path):
    load(write(tmp_path, catalog_dict(version=1), "v1.yaml"))
    v1 = CatalogVersion.objects.get(version=1)
    v1_export = catalog_export(v1)
    data = catalog_dict(version=2)
    data["pillars"][0]["questions"][0]["text"]["de"] = "Neue Frage"

    output = load(write(tmp_path, data, "v2.yaml"))

    assert "Loaded catalog v2: 6 pillars, 36 questions." in output
    assert counts() == {
        "CatalogVersion": 2,
        "Pillar": 12,
        "Question": 72,
        "LevelDescriptor": 360,
        "Recommendation": 288,
    }
    v2 = CatalogVersion.objects.get(version=2)
    assert CatalogVersion.objects.current() == v2
    assert v2.questions.get(key="strategy_q1").text_de == "Neue Frage"
    v1.refresh_from_db()
    assert catalog_export(v1) == v1_export
    assert v1.published is True


def test_a_higher_draft_version_does_not_replace_the_current_one(db, tmp_path):
    load(write(tmp_path, catalog_dict(version=1), "v1.yaml"))
    load(write(tmp_path, catalog_dict(version=2, published=False), "v2.yaml"))

    assert CatalogVersion.objects.current() == CatalogVersion.objects.get(version=1)
    assert CatalogVersion.objects.count() == 2


def test_a_broken_file_exits_non_zero_from_the_shell(tmp_path):
    data = catalog_dict()
    del data["pillars"][0]["questions"][0]["recommendations"][2]
    bad = write(tmp_path, data, "bad.yaml")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The file is refused before the database is touched; point it somewhere harmless anyway.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "load_catalog", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{bad}: 1 problem(s):" in result.stderr
    assert (
        "pillar #1 'strategy' › question 'strategy_q1': recommendation 2 missing" in result.stderr
    )
    assert result.stdout == ""


def test_without_a_path_it_loads_every_shipped_catalog_oldest_first(db):
    """What the README's production steps run: v2 becomes the catalog of new assessments, v1
    stays for the assessments answered with it; a second run changes nothing."""
    from pillars.selectors import catalog_current

    out = StringIO()
    call_command("load_catalog", stdout=out)
    assert list(CatalogVersion.objects.order_by("version").values_list("version", flat=True)) == [
        1,
        2,
    ]
    assert catalog_current().version == 2
    assert catalog_current().questions.filter(quick_check=True).count() == 12
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Loaded catalog v1:") and lines[1].startswith("Loaded catalog v2:")

    again = StringIO()
    call_command("load_catalog", stdout=again)
    assert again.getvalue().splitlines() == [
        "Catalog v1 is already loaded; nothing changed.",
        "Catalog v2 is already loaded; nothing changed.",
    ]

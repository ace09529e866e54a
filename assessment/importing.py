"""Validating an answers file for `manage.py import_assessment` (format: docs/import-format.md)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import MAX_COMMENT_LENGTH, AnswerStatus, Country, Industry, Language, SizeBand
from .values import (
    AnswerValue,
    InvalidAnswer,
    has_forbidden_characters,
    parse_answer_value,
    parse_level,
)

ORGANISATION_FIELDS = {"name", "industry", "size_band", "country"}
TOP_LEVEL_FIELDS = {
    "organisation",
    "language",
    "catalog_version",
    "participant",
    "answers",
    "targets",
    "comments",
    "completed",
}


ANSWER_STATUSES = (AnswerStatus.DONT_KNOW, AnswerStatus.NOT_APPLICABLE)
FORBIDDEN_CHARACTERS_PROBLEM = (
    "contains a NUL character or an unpaired surrogate (\\u0000, \\ud800…)"
)
# Deeper than any answers file can sensibly be; Python's JSON parser recurses per level.
MAX_JSON_DEPTH = 20
# A JSON string (skipped whole, escapes included) or one bracket.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class ImportFileError(Exception):
    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path}: {len(problems)} problem(s), nothing was imported:\n{listed}")


@dataclass
class ImportData:
    organisation_name: str
    industry: str
    size_band: str
    country: str
    language: str
    catalog_version: int | None
    participant: str
    completed: bool
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def _unstorable_texts(value: Any, where: str) -> Iterator[str]:
    """Where in the file a text (key or value) holds NUL or a lone surrogate."""
    if isinstance(value, str):
        if has_forbidden_characters(value):
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            readable = key.encode("ascii", "backslashreplace").decode("ascii")
            if has_forbidden_characters(key):
                yield f"{where}.{readable} (the key)"
            yield from _unstorable_texts(item, f"{where}.{readable}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_texts(item, f"{where}[{index}]")


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest, counted without parsing (strings are skipped)."""
    depth = deepest = 0
    for token in _STRUCTURE.findall(text):
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def parse_import(raw: Any, question_keys: set[str], path: Path | str = "<file>") -> ImportData:
    """Check everything first; raise ImportFileError naming every bad entry."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ImportFileError(path, ["the file must contain a JSON object"])
    # Checked first and alone: such text cannot even be printed in a problem list.
    unstorable = list(_unstorable_texts(raw, "$"))
    if unstorable:
        raise ImportFileError(
            path, [f"{where}: {FORBIDDEN_CHARACTERS_PROBLEM}" for where in unstorable]
        )
    for unknown in sorted(set(raw) - TOP_LEVEL_FIELDS):
        problems.append(f"{unknown}: unknown field")

    organisation = raw.get("organisation")
    if isinstance(organisation, str):
        organisation = {"name": organisation}
    if not isinstance(organisation, dict):
        problems.append("organisation: expected an object with at least a 'name'")
        organisation = {}
    for unknown in sorted(set(organisation) - ORGANISATION_FIELDS):
        problems.append(f"organisation.{unknown}: unknown field")
    name = organisation.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        problems.append("organisation.name: expected a non-empty text of at most 200 characters")
        name = ""
    choices = {
        "industry": (Industry.values, Industry.OTHER),
        "size_band": (SizeBand.values, ""),
        "country": (Country.values, ""),
    }
    chosen: dict[str, str] = {}
    for field_name, (allowed, default) in choices.items():
        value = organisation.get(field_name, default)
        if value != default and value not in allowed:
            problems.append(f"organisation.{field_name}: {value!r} is not one of {allowed}")
        chosen[field_name] = value if value in allowed else default

    language = raw.get("language", "de")
    if language not in Language.values:
        problems.append(f"language: {language!r} is not one of {Language.values}")

    catalog_version = raw.get("catalog_version")
    if catalog_version is not None and (
        isinstance(catalog_version, bool) or not isinstance(catalog_version, int)
    ):
        problems.append(f"catalog_version: {catalog_version!r} is not a whole number")

    participant = raw.get("participant", "")
    if not isinstance(participant, str) or len(participant) > 200:
        problems.append("participant: expected a text of at most 200 characters")
        participant = ""

    completed = raw.get("completed", True)
    if not isinstance(completed, bool):
        problems.append(f"completed: {completed!r} is not true or false")

    def entries(name: str, required: bool = False) -> dict[str, Any]:
        value = raw.get(name, None if required else {})
        if not isinstance(value, dict):
            problems.append(f"{name}: expected an object of question keys")
            return {}
        for key in value:
            if key not in question_keys:
                problems.append(f"{name}.{key}: unknown question key")
        return {key: item for key, item in value.items() if key in question_keys}

    answers: dict[str, AnswerValue] = {}
    for key, value in entries("answers", required=True).items():
        # The file holds numbers; "3" (text) is refused so that a typo is not silently read.
        if isinstance(value, int) and not isinstance(value, bool) and parse_level(value) is None:
            problems.append(f"answers.{key}: level {value} is outside 1–5")
            continue
        try:
            if value is None or (isinstance(value, str) and value not in ANSWER_STATUSES):
                raise InvalidAnswer(value)
            answers[key] = parse_answer_value(value)
        except InvalidAnswer:
            problems.append(f'answers.{key}: expected 1–5, "dont_know" or "n_a", got {value!r}')

    targets: dict[str, int] = {}
    for key, value in entries("targets").items():
        level = parse_level(value) if isinstance(value, int) else None
        if level is None:
            problems.append(f"targets.{key}: expected a level from 1 to 5, got {value!r}")
        else:
            targets[key] = level

    comments: dict[str, str] = {}
    for key, value in entries("comments").items():
        if not isinstance(value, str) or len(value) > MAX_COMMENT_LENGTH:
            problems.append(
                f"comments.{key}: expected a text of at most {MAX_COMMENT_LENGTH} characters"
            )
        else:
            comments[key] = value.strip()

    if problems:
        raise ImportFileError(path, problems)
    return ImportData(
        organisation_name=" ".join(name.split()),
        industry=chosen["industry"],
        size_band=chosen["size_band"],
        country=chosen["country"],
        language=language,
        catalog_version=catalog_version,
        participant=participant.strip(),
        completed=completed,
        answers=answers,
        targets=targets,
        comments=comments,
    )


def read_import_file(path: Path | str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(path, [f"cannot read the file: {error}"]) from error
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ImportFileError(path, [f"nested more than {MAX_JSON_DEPTH} levels deep"])
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(path, [f"not valid JSON: {error}"]) from error
    except ValueError as error:
        # Python refuses to read an integer of more digits than this (a guard against slow
        # conversions); json.loads then raises a plain ValueError.
        limit = sys.get_int_max_str_digits()
        raise ImportFileError(path, [f"a number has more than {limit} digits"]) from error

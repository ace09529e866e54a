"""Validating an answers file for `manage.py import_assessment` (format: docs/import-format.md)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import (
    MAX_COMMENT_LENGTH,
    AnswerStatus,
    Country,
    Industry,
    Language,
    SizeBand,
    Workshop,
)
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

WORKSHOP_FIELDS = {
    "organisation",
    "language",
    "catalog_version",
    "naming",
    "leadership_role",
    "participants",
    "consensus",
}
PARTICIPANT_FIELDS = {"name", "role", "answers", "comments"}
CONSENSUS_FIELDS = {"level", "note", "minority_note"}
# A paper workshop is one room; a longer list is more likely a mistake than a team.
MAX_IMPORT_PARTICIPANTS = 200
MAX_NAME_LENGTH = 200
MAX_ROLE_LENGTH = 200

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


@dataclass
class ParticipantData:
    name: str
    role: str
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsensusData:
    level: int
    note: str = ""
    minority_note: str = ""


@dataclass
class WorkshopImportData:
    """A paper workshop: several participants' answers and the agreed levels."""

    organisation_name: str
    industry: str
    size_band: str
    country: str
    language: str
    catalog_version: int | None
    naming: str
    leadership_role: str
    participants: list[ParticipantData]
    consensus: dict[str, ConsensusData] = field(default_factory=dict)


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


def _duplicate_keys(value: Any, where: str = "") -> Iterator[str]:
    """Where in the file an object names the same key twice (JSON would keep the last)."""
    if isinstance(value, dict):
        prefix = f"{where}." if where else ""
        for key in getattr(value, "duplicates", ()):
            yield f"{prefix}{key}"
        for key, item in value.items():
            yield from _duplicate_keys(item, f"{prefix}{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicate_keys(item, f"{where}[{index}]")


def _checked_document(raw: Any, path: Path | str) -> list[str]:
    """The first checks of either form: an object, storable texts; then keys given twice."""
    if not isinstance(raw, dict):
        raise ImportFileError(path, ["the file must contain a JSON object"])
    # Checked first and alone: such text cannot even be printed in a problem list.
    unstorable = list(_unstorable_texts(raw, "$"))
    if unstorable:
        raise ImportFileError(
            path, [f"{where}: {FORBIDDEN_CHARACTERS_PROBLEM}" for where in unstorable]
        )
    return [f"{where}: given more than once" for where in _duplicate_keys(raw)]


@dataclass
class _Common:
    organisation_name: str
    industry: str
    size_band: str
    country: str
    language: str
    catalog_version: int | None


def _common_fields(raw: dict[str, Any], problems: list[str]) -> _Common:
    """The organisation, language and catalog version, alike in both forms of the file."""
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
    return _Common(
        organisation_name=" ".join(name.split()),
        industry=chosen["industry"],
        size_band=chosen["size_band"],
        country=chosen["country"],
        language=language,
        catalog_version=catalog_version,
    )


def _question_entries(
    value: Any, where: str, question_keys: set[str], problems: list[str]
) -> dict[str, Any]:
    """The entries of an object keyed by question; unknown keys are problems."""
    if not isinstance(value, dict):
        problems.append(f"{where}: expected an object of question keys")
        return {}
    for key in value:
        if key not in question_keys:
            problems.append(f"{where}.{key}: unknown question key")
    return {key: item for key, item in value.items() if key in question_keys}


def _answers(entries: dict[str, Any], where: str, problems: list[str]) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for key, value in entries.items():
        # The file holds numbers; "3" (text) is refused so that a typo is not silently read.
        if isinstance(value, int) and not isinstance(value, bool) and parse_level(value) is None:
            problems.append(f"{where}.{key}: level {value} is outside 1–5")
            continue
        try:
            if value is None or (isinstance(value, str) and value not in ANSWER_STATUSES):
                raise InvalidAnswer(value)
            answers[key] = parse_answer_value(value)
        except InvalidAnswer:
            problems.append(f'{where}.{key}: expected 1–5, "dont_know" or "n_a", got {value!r}')
    return answers


def _text(value: Any, where: str, problems: list[str]) -> str | None:
    """An optional text of at most MAX_COMMENT_LENGTH characters, stripped; None when bad."""
    if not isinstance(value, str) or len(value) > MAX_COMMENT_LENGTH:
        problems.append(f"{where}: expected a text of at most {MAX_COMMENT_LENGTH} characters")
        return None
    return value.strip()


def _comments(entries: dict[str, Any], where: str, problems: list[str]) -> dict[str, str]:
    comments: dict[str, str] = {}
    for key, value in entries.items():
        text = _text(value, f"{where}.{key}", problems)
        if text is not None:
            comments[key] = text
    return comments


def is_workshop_file(raw: Any) -> bool:
    """A paper workshop's file lists its `participants`; a single assessment's does not."""
    return isinstance(raw, dict) and "participants" in raw


def parse_import(raw: Any, question_keys: set[str], path: Path | str = "<file>") -> ImportData:
    """Check everything first; raise ImportFileError naming every bad entry."""
    problems = _checked_document(raw, path)
    for unknown in sorted(set(raw) - TOP_LEVEL_FIELDS):
        problems.append(f"{unknown}: unknown field")
    common = _common_fields(raw, problems)

    participant = raw.get("participant", "")
    if not isinstance(participant, str) or len(participant) > 200:
        problems.append("participant: expected a text of at most 200 characters")
        participant = ""

    completed = raw.get("completed", True)
    if not isinstance(completed, bool):
        problems.append(f"completed: {completed!r} is not true or false")

    answers = _answers(
        _question_entries(raw.get("answers"), "answers", question_keys, problems),
        "answers",
        problems,
    )

    targets: dict[str, int] = {}
    for key, value in _question_entries(
        raw.get("targets", {}), "targets", question_keys, problems
    ).items():
        level = parse_level(value) if isinstance(value, int) else None
        if level is None:
            problems.append(f"targets.{key}: expected a level from 1 to 5, got {value!r}")
        else:
            targets[key] = level

    comments = _comments(
        _question_entries(raw.get("comments", {}), "comments", question_keys, problems),
        "comments",
        problems,
    )

    if problems:
        raise ImportFileError(path, problems)
    return ImportData(
        organisation_name=common.organisation_name,
        industry=common.industry,
        size_band=common.size_band,
        country=common.country,
        language=common.language,
        catalog_version=common.catalog_version,
        participant=participant.strip(),
        completed=completed,
        answers=answers,
        targets=targets,
        comments=comments,
    )


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        twice: dict[str, None] = {}
        for key, _value in pairs:
            if key in seen:
                twice[key] = None
            seen.add(key)
        result.duplicates = tuple(twice)
    return result


def _role(value: Any, where: str, roles: list[str] | None, problems: list[str]) -> str:
    """A role of the workspace's list (`roles`), or any non-empty text when there is no list."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ROLE_LENGTH:
        problems.append(
            f"{where}: expected a non-empty text of at most {MAX_ROLE_LENGTH} characters"
        )
        return ""
    role = " ".join(value.split())
    if roles is not None and role not in roles:
        problems.append(
            f"{where}: {role!r} is not one of the workspace's roles: {', '.join(roles)}"
        )
    return role


def _participant(
    value: Any,
    where: str,
    *,
    anonymous: bool,
    roles: list[str] | None,
    question_keys: set[str],
    problems: list[str],
) -> ParticipantData:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected an object with a 'role' and 'answers'")
        return ParticipantData(name="", role="")
    for unknown in sorted(set(value) - PARTICIPANT_FIELDS):
        problems.append(f"{where}.{unknown}: unknown field")
    name = value.get("name", "")
    if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
        problems.append(f"{where}.name: expected a text of at most {MAX_NAME_LENGTH} characters")
        name = ""
    elif anonymous and name.strip():
        problems.append(f"{where}.name: names are not imported in an anonymous workshop; remove it")
    return ParticipantData(
        name="" if anonymous else " ".join(name.split()),
        role=_role(value.get("role"), f"{where}.role", roles, problems),
        answers=_answers(
            _question_entries(value.get("answers"), f"{where}.answers", question_keys, problems),
            f"{where}.answers",
            problems,
        ),
        comments=_comments(
            _question_entries(
                value.get("comments", {}), f"{where}.comments", question_keys, problems
            ),
            f"{where}.comments",
            problems,
        ),
    )


def _consensus(value: Any, where: str, problems: list[str]) -> ConsensusData | None:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected an object with a 'level' (and a 'note')")
        return None
    for unknown in sorted(set(value) - CONSENSUS_FIELDS):
        problems.append(f"{where}.{unknown}: unknown field")
    raw_level = value.get("level")
    level = parse_level(raw_level) if isinstance(raw_level, int) else None
    if level is None:
        problems.append(f"{where}.level: expected a level from 1 to 5, got {raw_level!r}")
    note = _text(value.get("note", ""), f"{where}.note", problems)
    minority_note = _text(value.get("minority_note", ""), f"{where}.minority_note", problems)
    if level is None or note is None or minority_note is None:
        return None
    return ConsensusData(level=level, note=note, minority_note=minority_note)


def parse_workshop_import(
    raw: Any,
    question_keys: set[str],
    path: Path | str = "<file>",
    *,
    roles: list[str] | None = None,
) -> WorkshopImportData:
    """Check a paper workshop's file; raise ImportFileError naming every bad entry.

    `roles`: the workspace's roles when the workshop is a workspace client's (every role must be
    one of them, the leadership role defaults to the first); None accepts any role.
    """
    problems = _checked_document(raw, path)
    for unknown in sorted(set(raw) - WORKSHOP_FIELDS):
        problems.append(f"{unknown}: unknown field in a workshop file")
    common = _common_fields(raw, problems)

    naming = raw.get("naming", Workshop.Naming.NAMED)
    if naming not in Workshop.Naming.values:
        problems.append(f"naming: {naming!r} is not one of {Workshop.Naming.values}")
    anonymous = naming == Workshop.Naming.ANONYMOUS

    if "leadership_role" in raw:
        leadership_role = _role(raw["leadership_role"], "leadership_role", roles, problems)
    else:
        leadership_role = roles[0] if roles else ""

    listed = raw.get("participants")
    participants: list[ParticipantData] = []
    if not isinstance(listed, list):
        problems.append("participants: expected a list of participants")
    elif not listed:
        problems.append("participants: expected at least one participant")
    elif len(listed) > MAX_IMPORT_PARTICIPANTS:
        problems.append(
            f"participants: at most {MAX_IMPORT_PARTICIPANTS} participants, got {len(listed)}"
        )
    else:
        participants = [
            _participant(
                item,
                f"participants[{index}]",
                anonymous=anonymous,
                roles=roles,
                question_keys=question_keys,
                problems=problems,
            )
            for index, item in enumerate(listed)
        ]

    consensus: dict[str, ConsensusData] = {}
    for key, value in _question_entries(
        raw.get("consensus", {}), "consensus", question_keys, problems
    ).items():
        agreed = _consensus(value, f"consensus.{key}", problems)
        if agreed is not None:
            consensus[key] = agreed

    if problems:
        raise ImportFileError(path, problems)
    return WorkshopImportData(
        organisation_name=common.organisation_name,
        industry=common.industry,
        size_band=common.size_band,
        country=common.country,
        language=common.language,
        catalog_version=common.catalog_version,
        naming=naming,
        leadership_role=leadership_role,
        participants=participants,
        consensus=consensus,
    )


def read_import_file(path: Path | str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(path, [f"cannot read the file: {error}"]) from error
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ImportFileError(path, [f"nested more than {MAX_JSON_DEPTH} levels deep"])
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise ImportFileError(path, [f"not valid JSON: {error}"]) from error
    except ValueError as error:
        # Python refuses to read an integer of more digits than this (a guard against slow
        # conversions); json.loads then raises a plain ValueError.
        limit = sys.get_int_max_str_digits()
        raise ImportFileError(path, [f"a number has more than {limit} digits"]) from error

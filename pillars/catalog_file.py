"""Reading and validating a catalog file (format: docs/catalog-format.md).

Pure Python: the result is plain data that `services.catalog_load` writes to the database.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import yaml

from .models import LANGUAGE_CODES, LEVELS, RECOMMENDATION_LEVELS, Pillar, Question

DEFAULT_CATALOG_PATH = Path(__file__).resolve().parent / "data" / "catalog.yaml"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MIN_QUESTIONS, MAX_QUESTIONS = 5, 8
MAX_WEIGHT = Decimal(100)
# PostgreSQL enforces these column lengths (SQLite doesn't): check them here so that a long key
# or name is reported like any other problem instead of failing halfway through the load.
PILLAR_KEY_MAX = cast(int, Pillar._meta.get_field("key").max_length)
QUESTION_KEY_MAX = cast(int, Question._meta.get_field("key").max_length)
PILLAR_NAME_MAX = cast(int, Pillar._meta.get_field("name_de").max_length)

Texts = dict[str, str]


class CatalogFileError(Exception):
    """A catalog file that can't be loaded; the message names file, entry and problem."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{self.path}: {len(problems)} problem(s):\n{listed}")


@dataclass(frozen=True)
class QuestionData:
    key: str
    weight: Decimal
    text: Texts
    help: Texts
    levels: dict[int, Texts]
    recommendations: dict[int, Texts]


@dataclass(frozen=True)
class PillarData:
    key: str
    weight: Decimal
    name: Texts
    description: Texts
    questions: tuple[QuestionData, ...]


@dataclass(frozen=True)
class CatalogData:
    version: int
    published: bool
    pillars: tuple[PillarData, ...]
    digest: str


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")

    def mapping(self, value: Any, where: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, found {type(value).__name__}")
            return {}
        return value

    def key(self, value: Any, where: str, seen: set[str], max_length: int) -> str:
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            self.fail(where, f"key {value!r} must be lowercase letters, digits and underscores")
            return str(value)
        if len(value) > max_length:
            self.fail(where, f"key {value!r} is longer than {max_length} characters")
        if value in seen:
            self.fail(where, f"duplicate key {value!r}")
        seen.add(value)
        return value

    def weight(self, value: Any, where: str) -> Decimal:
        if value is None:
            return Decimal(1)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(where, f"weight {value!r} is not a number")
            return Decimal(1)
        try:
            weight = Decimal(str(value))
        except InvalidOperation:
            self.fail(where, f"weight {value!r} is not a number")
            return Decimal(1)
        if not weight.is_finite() or weight <= 0 or weight > MAX_WEIGHT:
            self.fail(where, f"weight {value!r} must be greater than 0 and at most {MAX_WEIGHT}")
            return Decimal(1)
        if weight != weight.quantize(Decimal("0.01")):
            self.fail(where, f"weight {value!r} has more than two decimal places")
        return weight

    def texts(self, value: Any, where: str, max_length: int | None = None) -> Texts:
        texts = self.mapping(value, where)
        result: Texts = {}
        for language in LANGUAGE_CODES:
            text = texts.get(language)
            if not isinstance(text, str) or not text.strip():
                self.fail(where, f"missing translation '{language}'")
            else:
                result[language] = " ".join(text.split())
                if max_length is not None and len(result[language]) > max_length:
                    self.fail(where, f"'{language}' is longer than {max_length} characters")
        unknown = set(texts) - set(LANGUAGE_CODES)
        if unknown:
            self.fail(where, f"unknown language(s) {sorted(unknown)}")
        return result

    def numbered(self, value: Any, where: str, numbers: tuple[int, ...], what: str) -> dict:
        entries = self.mapping(value, where)
        result: dict[int, Texts] = {}
        for raw_number, texts in entries.items():
            if isinstance(raw_number, bool) or raw_number not in numbers:
                self.fail(where, f"unexpected {what} {raw_number!r} (allowed: {list(numbers)})")
                continue
            result[raw_number] = self.texts(texts, f"{where} › {what} {raw_number}")
        for number in numbers:
            if number not in entries:
                self.fail(where, f"{what} {number} missing")
        return result


def parse_catalog(
    source: str,
    path: Path | str = "<catalog>",
    *,
    question_limits: tuple[int, int] = (MIN_QUESTIONS, MAX_QUESTIONS),
) -> CatalogData:
    """Validate the YAML text of a catalog; raise CatalogFileError listing every problem."""
    min_questions, max_questions = question_limits
    try:
        raw = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise CatalogFileError(path, [f"unreadable YAML: {error}"]) from error

    check = _Checker()
    root = check.mapping(raw, "file")
    version: Any = root.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        check.fail("version", f"{version!r} is not a positive whole number")
    published = root.get("published", True)
    if not isinstance(published, bool):
        check.fail("published", f"{published!r} is not true or false")

    raw_pillars = root.get("pillars")
    if not isinstance(raw_pillars, list) or not raw_pillars:
        check.fail("pillars", "expected a non-empty list of pillars")
        raw_pillars = []

    pillar_keys: set[str] = set()
    question_keys: set[str] = set()
    pillars = []
    for index, raw_pillar in enumerate(raw_pillars, start=1):
        pillar = check.mapping(raw_pillar, f"pillar #{index}")
        where = f"pillar #{index} '{pillar.get('key', '?')}'"
        key = check.key(pillar.get("key"), where, pillar_keys, PILLAR_KEY_MAX)
        raw_questions = pillar.get("questions")
        if not isinstance(raw_questions, list):
            check.fail(where, "expected a list of questions")
            raw_questions = []
        elif not min_questions <= len(raw_questions) <= max_questions:
            check.fail(
                where,
                f"has {len(raw_questions)} questions, expected {min_questions} to {max_questions}",
            )
        questions = []
        for q_index, raw_question in enumerate(raw_questions, start=1):
            question = check.mapping(raw_question, f"{where} › question #{q_index}")
            q_where = f"{where} › question '{question.get('key', f'#{q_index}')}'"
            questions.append(
                QuestionData(
                    key=check.key(question.get("key"), q_where, question_keys, QUESTION_KEY_MAX),
                    weight=check.weight(question.get("weight"), q_where),
                    text=check.texts(question.get("text"), f"{q_where} › text"),
                    help=check.texts(question.get("help"), f"{q_where} › help"),
                    levels=check.numbered(question.get("levels"), q_where, LEVELS, "level"),
                    recommendations=check.numbered(
                        question.get("recommendations"),
                        q_where,
                        RECOMMENDATION_LEVELS,
                        "recommendation",
                    ),
                )
            )
        pillars.append(
            PillarData(
                key=key,
                weight=check.weight(pillar.get("weight"), where),
                name=check.texts(pillar.get("name"), f"{where} › name", PILLAR_NAME_MAX),
                description=check.texts(pillar.get("description"), f"{where} › description"),
                questions=tuple(questions),
            )
        )

    if check.problems:
        raise CatalogFileError(path, check.problems)
    data = CatalogData(version=version, published=published, pillars=tuple(pillars), digest="")
    return replace(data, digest=catalog_digest(data))


def catalog_digest(data: CatalogData) -> str:
    """A fingerprint of the content, so that loading the same file twice is recognised."""
    payload = {
        "version": data.version,
        "pillars": [
            {
                "key": p.key,
                "weight": str(p.weight),
                "name": p.name,
                "description": p.description,
                "questions": [
                    {
                        "key": q.key,
                        "weight": str(q.weight),
                        "text": q.text,
                        "help": q.help,
                        "levels": {str(k): v for k, v in sorted(q.levels.items())},
                        "recommendations": {
                            str(k): v for k, v in sorted(q.recommendations.items())
                        },
                    }
                    for q in p.questions
                ],
            }
            for p in data.pillars
        ],
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def read_catalog_file(path: Path | str) -> CatalogData:
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogFileError(path, [f"cannot read the file: {error}"]) from error
    return parse_catalog(source, path)

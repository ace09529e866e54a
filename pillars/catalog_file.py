"""Reading and validating a catalog file (format: docs/catalog-format.md).

Pure Python: the result is plain data that `services.catalog_load` writes to the database.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import yaml

from .models import LANGUAGE_CODES, LEVELS, RECOMMENDATION_LEVELS, Pillar, Question

DEFAULT_CATALOG_PATH = Path(__file__).resolve().parent / "data" / "catalog.yaml"
# Every catalog this release ships, oldest first: `load_catalog` without a path loads them all,
# so the newest is the one new assessments get, and older assessments keep theirs.
SHIPPED_CATALOG_PATHS = (DEFAULT_CATALOG_PATH, DEFAULT_CATALOG_PATH.parent / "catalog-v2")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MIN_QUESTIONS, MAX_QUESTIONS = 5, 8
MAX_WEIGHT = Decimal(100)
# PostgreSQL enforces these column lengths (SQLite doesn't): check them here so that a long key
# or name is reported like any other problem instead of failing halfway through the load.
PILLAR_KEY_MAX = cast(int, Pillar._meta.get_field("key").max_length)
QUESTION_KEY_MAX = cast(int, Question._meta.get_field("key").max_length)
PILLAR_NAME_MAX = cast(int, Pillar._meta.get_field("name_de").max_length)

Texts = dict[str, str]

# Version 2 (a directory: catalog.yaml, glossary.yaml and one file per pillar).
BUSINESS_MODELS = ("b2b", "b2c")
EFFORT_UNITS = ("hours", "days")
LEGAL_COUNTRIES = ("CH", "DE", "AT", "DK", "LI", "LU")
QUICK_CHECK_PER_PILLAR = 2
EVIDENCE_PER_LEVEL = (1, 3)
MAX_EFFORT = Decimal(1000)


class CatalogFileError(Exception):
    """A catalog file that can't be loaded; the message names file, entry and problem."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{self.path}: {len(problems)} problem(s):\n{listed}")


@dataclass(frozen=True)
class Effort:
    amount: Decimal
    unit: str  # "hours" or "days"


@dataclass(frozen=True)
class RecommendationDetails:
    """Version 2: who does the step, how long it takes, what it needs and how to tell it is done."""

    owner: str  # a role key of the glossary
    owner_name: Texts
    effort: Effort
    prerequisite: Texts  # empty when the step needs nothing first
    done_when: Texts


@dataclass(frozen=True)
class LegalNote:
    country: str
    checked: datetime.date
    text: Texts


@dataclass(frozen=True)
class QuestionData:
    key: str
    weight: Decimal
    text: Texts
    help: Texts
    levels: dict[int, Texts]
    recommendations: dict[int, Texts]
    # Version 2; empty or default in version 1 files.
    quick_check: bool = False
    business_models: tuple[str, ...] = BUSINESS_MODELS
    evidence: dict[int, tuple[Texts, ...]] = field(default_factory=dict)
    levels_b2c: dict[int, Texts] = field(default_factory=dict)
    evidence_b2c: dict[int, tuple[Texts, ...]] = field(default_factory=dict)
    details: dict[int, RecommendationDetails] = field(default_factory=dict)
    legal_notes: tuple[LegalNote, ...] = ()


@dataclass(frozen=True)
class PillarData:
    key: str
    weight: Decimal
    name: Texts
    description: Texts
    questions: tuple[QuestionData, ...]


@dataclass(frozen=True)
class Glossary:
    roles: dict[str, Texts]
    # Per language: (word to avoid, the term to use instead or "" for a calque).
    avoid: dict[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class CatalogData:
    version: int
    published: bool
    pillars: tuple[PillarData, ...]
    digest: str
    glossary: Glossary | None = None  # version 2 only


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
                        **(_version_2_payload(q) if data.glossary is not None else {}),
                    }
                    for q in p.questions
                ],
            }
            for p in data.pillars
        ],
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def _version_2_payload(q: QuestionData) -> dict[str, Any]:
    # Only for version 2 catalogs: a version 1 file keeps the digest it was loaded with.
    return {
        "quick_check": q.quick_check,
        "business_models": list(q.business_models),
        "evidence": {str(k): list(v) for k, v in sorted(q.evidence.items())},
        "levels_b2c": {str(k): v for k, v in sorted(q.levels_b2c.items())},
        "evidence_b2c": {str(k): list(v) for k, v in sorted(q.evidence_b2c.items())},
        "details": {
            str(k): {
                "owner": d.owner,
                "effort": [str(d.effort.amount), d.effort.unit],
                "prerequisite": d.prerequisite,
                "done_when": d.done_when,
            }
            for k, d in sorted(q.details.items())
        },
        "legal_notes": [
            {"country": n.country, "checked": n.checked.isoformat(), "text": n.text}
            for n in q.legal_notes
        ],
    }


def read_catalog_file(path: Path | str) -> CatalogData:
    """A catalog from a version 1 file, or from a version 2 directory (or its catalog.yaml)."""
    path = Path(path)
    if path.is_dir():
        return read_catalog_directory(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogFileError(path, [f"cannot read the file: {error}"]) from error
    if _names_pillar_files(source):
        return read_catalog_directory(path.parent)
    return parse_catalog(source, path)


def _names_pillar_files(source: str) -> bool:
    try:
        raw = yaml.safe_load(source)
    except yaml.YAMLError:
        return False
    return isinstance(raw, dict) and "pillar_files" in raw


# --- Version 2 --------------------------------------------------------------------------------


def _read_yaml(path: Path, check: _Checker, where: str) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        check.fail(where, f"cannot read {path.name}: {error}")
    except yaml.YAMLError as error:
        check.fail(where, f"unreadable YAML in {path.name}: {error}")
    return None


def _file_name(value: Any, check: _Checker, where: str) -> str:
    # Only plain file names beside catalog.yaml: a catalog never reads outside its directory.
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9_-]+\.yaml", value):
        check.fail(where, f"{value!r} is not a file name like 'strategy.yaml'")
        return ""
    return value


def _parse_glossary(raw: Any, check: _Checker) -> Glossary:
    root = check.mapping(raw, "glossary")
    roles: dict[str, Texts] = {}
    for key, names in check.mapping(root.get("roles"), "glossary › roles").items():
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            check.fail("glossary › roles", f"role key {key!r} must be lowercase letters")
            continue
        roles[key] = check.texts(names, f"glossary › role '{key}'")
    if not roles:
        check.fail("glossary › roles", "expected at least one role")
    avoid: dict[str, list[tuple[str, str]]] = {language: [] for language in LANGUAGE_CODES}
    terms = root.get("terms", [])
    if not isinstance(terms, list):
        check.fail("glossary › terms", "expected a list")
        terms = []
    for index, raw_term in enumerate(terms, start=1):
        term = check.mapping(raw_term, f"glossary › term #{index}")
        where = f"glossary › term '{term.get('concept', index)}'"
        texts = check.texts({language: term.get(language) for language in LANGUAGE_CODES}, where)
        for language, words in check.mapping(term.get("avoid", {}), f"{where} › avoid").items():
            if language not in LANGUAGE_CODES or not isinstance(words, list):
                check.fail(f"{where} › avoid", f"expected lists per language, found {language!r}")
                continue
            avoid[language] += [(str(word), texts.get(language, "")) for word in words]
    for language, words in check.mapping(root.get("calques", {}), "glossary › calques").items():
        if language not in LANGUAGE_CODES or not isinstance(words, list):
            check.fail("glossary › calques", f"expected lists per language, found {language!r}")
            continue
        avoid[language] += [(str(word), "") for word in words]
    return Glossary(roles=roles, avoid={k: tuple(v) for k, v in avoid.items()})


def _evidence(value: Any, where: str, check: _Checker) -> tuple[Texts, ...]:
    low, high = EVIDENCE_PER_LEVEL
    if not isinstance(value, list) or not low <= len(value) <= high:
        check.fail(where, f"expected {low} to {high} evidence criteria")
        return ()
    return tuple(
        check.texts(item, f"{where} #{number}") for number, item in enumerate(value, start=1)
    )


def _levels_v2(
    value: Any, where: str, check: _Checker
) -> tuple[dict[int, Texts], dict[int, tuple[Texts, ...]]]:
    entries = check.mapping(value, where)
    texts: dict[int, Texts] = {}
    evidence: dict[int, tuple[Texts, ...]] = {}
    for number in LEVELS:
        if number not in entries:
            check.fail(where, f"level {number} missing")
            continue
        level = check.mapping(entries[number], f"{where} › level {number}")
        texts[number] = check.texts(level.get("text"), f"{where} › level {number} › text")
        evidence[number] = _evidence(
            level.get("evidence"), f"{where} › level {number} › evidence", check
        )
    for number in entries:
        if isinstance(number, bool) or number not in LEVELS:
            check.fail(where, f"unexpected level {number!r} (allowed: {list(LEVELS)})")
    return texts, evidence


def _effort(value: Any, where: str, check: _Checker) -> Effort:
    effort = check.mapping(value, where)
    unit = effort.get("unit")
    if unit not in EFFORT_UNITS:
        check.fail(where, f"unit {unit!r} must be one of {list(EFFORT_UNITS)}")
    amount = effort.get("amount")
    try:
        if isinstance(amount, bool) or not isinstance(amount, (int, float, str)):
            raise InvalidOperation
        number = Decimal(str(amount))
        if not number.is_finite() or not 0 < number <= MAX_EFFORT:
            raise InvalidOperation
    except InvalidOperation:
        check.fail(
            where, f"amount {amount!r} must be a number greater than 0, at most {MAX_EFFORT}"
        )
        number = Decimal(1)
    return Effort(amount=number, unit=str(unit))


def _names_owner(text: str, owner_name: str) -> bool:
    return owner_name.casefold() in text.casefold()


def _recommendations_v2(
    value: Any, where: str, check: _Checker, roles: dict[str, Texts]
) -> tuple[dict[int, Texts], dict[int, RecommendationDetails]]:
    entries = check.mapping(value, where)
    texts: dict[int, Texts] = {}
    details: dict[int, RecommendationDetails] = {}
    for number in RECOMMENDATION_LEVELS:
        if number not in entries:
            check.fail(where, f"recommendation {number} missing")
            continue
        r_where = f"{where} › recommendation {number}"
        item = check.mapping(entries[number], r_where)
        text = check.texts(item.get("text"), f"{r_where} › text")
        owner = item.get("owner")
        owner_name = roles.get(owner) if isinstance(owner, str) else None
        if owner_name is None:
            check.fail(r_where, f"owner {owner!r} is not a role of the glossary")
            owner_name = {}
        for language, name in owner_name.items():
            if language in text and not _names_owner(text[language], name):
                check.fail(r_where, f"the '{language}' text does not name its owner ({name!r})")
        prerequisite = item.get("prerequisite")
        texts[number] = text
        details[number] = RecommendationDetails(
            owner=str(owner),
            owner_name=owner_name,
            effort=_effort(item.get("effort"), f"{r_where} › effort", check),
            prerequisite=(
                {}
                if prerequisite is None
                else check.texts(prerequisite, f"{r_where} › prerequisite")
            ),
            done_when=check.texts(item.get("done_when"), f"{r_where} › done_when"),
        )
    for number in entries:
        if isinstance(number, bool) or number not in RECOMMENDATION_LEVELS:
            check.fail(
                where,
                f"unexpected recommendation {number!r} (allowed: {list(RECOMMENDATION_LEVELS)})",
            )
    return texts, details


def _legal_notes(value: Any, where: str, check: _Checker) -> tuple[LegalNote, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.fail(where, "expected a list of legal notes")
        return ()
    notes = []
    for number, raw in enumerate(value, start=1):
        n_where = f"{where} #{number}"
        note = check.mapping(raw, n_where)
        country = note.get("country")
        if country not in LEGAL_COUNTRIES:
            check.fail(n_where, f"country {country!r} must be one of {list(LEGAL_COUNTRIES)}")
        checked = note.get("checked")
        if not isinstance(checked, datetime.date) or isinstance(checked, datetime.datetime):
            check.fail(n_where, f"checked {checked!r} must be a date like 2026-11-28")
            checked = datetime.date.min
        notes.append(
            LegalNote(
                country=str(country),
                checked=checked,
                text=check.texts(note.get("text"), f"{n_where} › text"),
            )
        )
    return tuple(notes)


def _business_models(value: Any, where: str, check: _Checker) -> tuple[str, ...]:
    if value is None:
        return BUSINESS_MODELS
    if (
        not isinstance(value, list)
        or not value
        or any(model not in BUSINESS_MODELS for model in value)
        or len(set(value)) != len(value)
    ):
        check.fail(where, f"business_models {value!r} must list b2b and/or b2c")
        return BUSINESS_MODELS
    return tuple(model for model in BUSINESS_MODELS if model in value)


def _question_v2(
    raw: Any, where: str, check: _Checker, keys: set[str], roles: dict[str, Texts]
) -> QuestionData:
    question = check.mapping(raw, where)
    q_where = f"{where} '{question.get('key', '?')}'"
    quick_check = question.get("quick_check", False)
    if not isinstance(quick_check, bool):
        check.fail(q_where, f"quick_check {quick_check!r} is not true or false")
        quick_check = False
    levels, evidence = _levels_v2(question.get("levels"), f"{q_where} › levels", check)
    levels_b2c: dict[int, Texts] = {}
    evidence_b2c: dict[int, tuple[Texts, ...]] = {}
    if question.get("levels_b2c") is not None:
        levels_b2c, evidence_b2c = _levels_v2(
            question.get("levels_b2c"), f"{q_where} › levels_b2c", check
        )
    recommendations, details = _recommendations_v2(
        question.get("recommendations"), f"{q_where} › recommendations", check, roles
    )
    return QuestionData(
        key=check.key(question.get("key"), q_where, keys, QUESTION_KEY_MAX),
        weight=check.weight(question.get("weight"), q_where),
        text=check.texts(question.get("text"), f"{q_where} › text"),
        help=check.texts(question.get("help"), f"{q_where} › help"),
        levels=levels,
        recommendations=recommendations,
        quick_check=quick_check,
        business_models=_business_models(question.get("business_models"), q_where, check),
        evidence=evidence,
        levels_b2c=levels_b2c,
        evidence_b2c=evidence_b2c,
        details=details,
        legal_notes=_legal_notes(question.get("legal_notes"), f"{q_where} › legal_notes", check),
    )


def _all_texts(pillar: PillarData) -> list[tuple[str, Texts]]:
    """Every text of a pillar with where it stands, for the glossary check."""
    found: list[tuple[str, Texts]] = [("name", pillar.name), ("description", pillar.description)]
    for q in pillar.questions:
        where = f"question '{q.key}'"
        found += [(f"{where} › text", q.text), (f"{where} › help", q.help)]
        for variant, levels, evidence in (
            ("level", q.levels, q.evidence),
            ("b2c level", q.levels_b2c, q.evidence_b2c),
        ):
            for number, texts in levels.items():
                found.append((f"{where} › {variant} {number}", texts))
                found += [
                    (f"{where} › {variant} {number} › evidence", item)
                    for item in evidence.get(number, ())
                ]
        for number, texts in q.recommendations.items():
            found.append((f"{where} › recommendation {number}", texts))
            detail = q.details.get(number)
            if detail:
                found += [
                    (f"{where} › recommendation {number} › done_when", detail.done_when),
                    (f"{where} › recommendation {number} › prerequisite", detail.prerequisite),
                ]
        found += [(f"{where} › legal note", note.text) for note in q.legal_notes]
    return found


def _check_terms(pillar: PillarData, glossary: Glossary, check: _Checker) -> None:
    for where, texts in _all_texts(pillar):
        for language, text in texts.items():
            for word, instead in glossary.avoid.get(language, ()):
                if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
                    advice = f"; the glossary says {instead!r}" if instead else ""
                    check.fail(
                        f"pillar '{pillar.key}' › {where}",
                        f"'{language}' uses {word!r}{advice}",
                    )


def read_catalog_directory(
    directory: Path | str,
    *,
    question_limits: tuple[int, int] = (MIN_QUESTIONS, MAX_QUESTIONS),
) -> CatalogData:
    """Validate a version 2 catalog directory; raise CatalogFileError listing every problem."""
    directory = Path(directory)
    index_path = directory / "catalog.yaml"
    check = _Checker()
    root = check.mapping(_read_yaml(index_path, check, "catalog.yaml"), "catalog.yaml")
    if check.problems:
        raise CatalogFileError(index_path, check.problems)
    version: Any = root.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 2:
        check.fail("version", f"{version!r} is not a whole number of at least 2")
    published = root.get("published", True)
    if not isinstance(published, bool):
        check.fail("published", f"{published!r} is not true or false")
    glossary_name = _file_name(root.get("glossary"), check, "glossary")
    glossary = _parse_glossary(
        _read_yaml(directory / glossary_name, check, "glossary") if glossary_name else None,
        check,
    )
    files = root.get("pillar_files")
    if not isinstance(files, list) or not files:
        check.fail("pillar_files", "expected a non-empty list of pillar files")
        files = []
    min_questions, max_questions = question_limits
    pillar_keys: set[str] = set()
    question_keys: set[str] = set()
    pillars = []
    for number, raw_name in enumerate(files, start=1):
        name = _file_name(raw_name, check, f"pillar_files #{number}")
        if not name:
            continue
        raw = check.mapping(_read_yaml(directory / name, check, name), name)
        where = f"{name} › pillar '{raw.get('key', '?')}'"
        key = check.key(raw.get("key"), where, pillar_keys, PILLAR_KEY_MAX)
        raw_questions = raw.get("questions")
        if not isinstance(raw_questions, list):
            check.fail(where, "expected a list of questions")
            raw_questions = []
        elif not min_questions <= len(raw_questions) <= max_questions:
            check.fail(
                where,
                f"has {len(raw_questions)} questions, expected {min_questions} to {max_questions}",
            )
        questions = tuple(
            _question_v2(item, f"{where} › question", check, question_keys, glossary.roles)
            for item in raw_questions
        )
        quick = sum(1 for question in questions if question.quick_check)
        if questions and quick != QUICK_CHECK_PER_PILLAR:
            check.fail(
                where,
                f"{quick} questions are marked quick_check, expected {QUICK_CHECK_PER_PILLAR}",
            )
        pillar = PillarData(
            key=key,
            weight=check.weight(raw.get("weight"), where),
            name=check.texts(raw.get("name"), f"{where} › name", PILLAR_NAME_MAX),
            description=check.texts(raw.get("description"), f"{where} › description"),
            questions=questions,
        )
        _check_terms(pillar, glossary, check)
        pillars.append(pillar)
    if check.problems:
        raise CatalogFileError(index_path, check.problems)
    data = CatalogData(
        version=version,
        published=published,
        pillars=tuple(pillars),
        digest="",
        glossary=glossary,
    )
    return replace(data, digest=catalog_digest(data))

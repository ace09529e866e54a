"""Reads from the catalog, each in a fixed number of queries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch

from . import catalog_cache
from .models import (
    LANGUAGE_CODES,
    CatalogVersion,
    LevelDescriptor,
    Pillar,
    Question,
    current_language,
)


def catalog_current() -> CatalogVersion | None:
    return CatalogVersion.objects.current()


READING_WORDS_PER_MINUTE = 200
ANSWERING_SECONDS_PER_QUESTION = 15


@dataclass(frozen=True)
class CheckEstimate:
    questions: int
    words: int  # of the texts shown (quick check: the questions and their level texts only)

    @property
    def minutes(self) -> int:
        """Reading at READING_WORDS_PER_MINUTE plus answering each question, whole minutes up."""
        seconds = self.words * 60 / READING_WORDS_PER_MINUTE
        seconds += self.questions * ANSWERING_SECONDS_PER_QUESTION
        return max(1, math.ceil(seconds / 60))


@dataclass(frozen=True)
class CheckEstimates:
    full: CheckEstimate
    quick: CheckEstimate | None  # None for a catalog without quick-check questions (version 1)


def _words(text: str) -> int:
    return len(text.split())


def check_estimates(catalog: CatalogVersion, language: str | None = None) -> CheckEstimates:
    """The time the full and the quick check take, measured on the catalog's texts: three
    queries, once per process for a published catalog.

    Counted in the active language, for the texts a questionnaire shows: each pillar's
    introduction, each question with its help and its five level texts. The collapsed evidence
    is read on demand and left out; so are the pillar introductions and the help in the quick
    check, which shows them collapsed (questionnaire.html, question_card_parts.html).
    """
    language = language or current_language()
    return catalog_cache.cached(
        catalog, ("check_estimates", language), lambda: _check_estimates(catalog, language)
    )


def _check_estimates(catalog: CatalogVersion, language: str) -> CheckEstimates:
    questions = list(
        Question.objects.filter(catalog=catalog).values_list(
            "pk", f"text_{language}", f"help_{language}", "quick_check"
        )
    )
    words = {pk: _words(text) for pk, text, _help, _quick in questions}
    help_words = sum(_words(help_text) for _pk, _text, help_text, _quick in questions)
    quick = {pk for pk, _text, _help, is_quick in questions if is_quick}
    for question_id, text in LevelDescriptor.objects.filter(question__catalog=catalog).values_list(
        "question_id", f"text_{language}"
    ):
        words[question_id] += _words(text)
    introductions = sum(
        _words(text)
        for text in Pillar.objects.filter(catalog=catalog).values_list(
            f"description_{language}", flat=True
        )
    )
    full = CheckEstimate(
        questions=len(words),
        words=introductions + sum(words.values()) + help_words,
    )
    if not quick:
        return CheckEstimates(full=full, quick=None)
    quick_words = sum(count for pk, count in words.items() if pk in quick)
    return CheckEstimates(full=full, quick=CheckEstimate(questions=len(quick), words=quick_words))


def catalog_overview(catalog: CatalogVersion) -> list[Pillar]:
    """The pillars with their number of questions (`question_count`), no texts below them.

    Once per process for a published catalog (catalog_cache): read them, never change them.
    """
    pillars = catalog_cache.cached(
        catalog,
        "overview",
        lambda: list(catalog.pillars.order_by("order").annotate(question_count=Count("questions"))),
    )
    return list(pillars)


def scoring_pillars(catalog: CatalogVersion) -> list[Pillar]:
    """All of the catalog's pillars with all their questions, what scoring needs of it.

    Once per process for a published catalog (catalog_cache): read them, never change them.
    """

    def load() -> list[Pillar]:
        questions = Question.objects.order_by("order")
        return list(
            catalog.pillars.order_by("order").prefetch_related(
                Prefetch("questions", queryset=questions)
            )
        )

    return catalog_cache.cached(catalog, "scoring", load)


def catalog_pillars(catalog: CatalogVersion) -> list[Pillar]:
    """The catalog's pillars with their questions, level descriptors and recommendations."""
    questions = Question.objects.order_by("order").prefetch_related(
        "levels", "recommendations", "legal_notes"
    )
    return list(
        catalog.pillars.order_by("order").prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )


def _texts(obj: Any, field: str) -> dict[str, str]:
    return {language: getattr(obj, f"{field}_{language}") for language in LANGUAGE_CODES}


def _weight(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def _lines(obj: Any, field: str) -> list[dict[str, str]]:
    """Criteria kept one per line per language, as a list of translated items."""
    per_language = {
        language: getattr(obj, f"{field}_{language}").splitlines() for language in LANGUAGE_CODES
    }
    count = max(len(lines) for lines in per_language.values())
    return [
        {language: (lines[i] if i < len(lines) else "") for language, lines in per_language.items()}
        for i in range(count)
    ]


def _version_2(question: Question) -> dict[str, Any]:
    """A version 2 question as in its file: levels with evidence, recommendations with details."""
    levels = list(question.levels.all())
    b2c = [level for level in levels if level.b2c_text_de]
    return {
        "quick_check": question.quick_check,
        "business_models": question.business_models.split(","),
        "levels": {
            str(level.level): {"text": _texts(level, "text"), "evidence": _lines(level, "evidence")}
            for level in levels
        },
        **(
            {
                "levels_b2c": {
                    str(level.level): {
                        "text": _texts(level, "b2c_text"),
                        "evidence": _lines(level, "b2c_evidence"),
                    }
                    for level in b2c
                }
            }
            if b2c
            else {}
        ),
        "recommendations": {
            str(item.from_level): {
                "owner": item.owner,
                "owner_name": _texts(item, "owner_name"),
                "effort": {"amount": _weight(item.effort_amount), "unit": item.effort_unit},
                "text": _texts(item, "text"),
                **({"prerequisite": _texts(item, "prerequisite")} if item.prerequisite_de else {}),
                "done_when": _texts(item, "done_when"),
            }
            for item in question.recommendations.all()
        },
        "legal_notes": [
            {
                "country": note.country,
                "checked": note.checked.isoformat(),
                "text": _texts(note, "text"),
            }
            for note in question.legal_notes.all()
        ],
    }


def _is_version_2(question: Question) -> bool:
    return any(level.evidence_de for level in question.levels.all())


def catalog_export(catalog: CatalogVersion) -> dict[str, Any]:
    """The whole catalog as plain data, every text in every language."""
    return {
        "version": catalog.version,
        "published": catalog.published,
        "pillars": [
            {
                "key": pillar.key,
                "weight": _weight(pillar.weight),
                "name": _texts(pillar, "name"),
                "description": _texts(pillar, "description"),
                "questions": [
                    {
                        "key": question.key,
                        "weight": _weight(question.weight),
                        "text": _texts(question, "text"),
                        "help": _texts(question, "help"),
                        "levels": {
                            str(level.level): _texts(level, "text")
                            for level in question.levels.all()
                        },
                        "recommendations": {
                            str(item.from_level): _texts(item, "text")
                            for item in question.recommendations.all()
                        },
                        **(_version_2(question) if _is_version_2(question) else {}),
                    }
                    for question in pillar.questions.all()
                ],
            }
            for pillar in catalog_pillars(catalog)
        ],
    }

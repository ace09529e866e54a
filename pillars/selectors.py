"""Reads from the catalog, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch

from .models import LANGUAGE_CODES, CatalogVersion, Pillar, Question


def catalog_current() -> CatalogVersion | None:
    return CatalogVersion.objects.current()


def catalog_overview(catalog: CatalogVersion) -> list[Pillar]:
    """The pillars with their number of questions (`question_count`), no texts below them."""
    return list(catalog.pillars.order_by("order").annotate(question_count=Count("questions")))


def catalog_pillars(catalog: CatalogVersion) -> list[Pillar]:
    """The catalog's pillars with their questions, level descriptors and recommendations."""
    questions = Question.objects.order_by("order").prefetch_related("levels", "recommendations")
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
                    }
                    for question in pillar.questions.all()
                ],
            }
            for pillar in catalog_pillars(catalog)
        ],
    }

"""Writes to the catalog. Published versions are never changed in place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .catalog_file import CatalogData
from .models import CatalogVersion, LevelDescriptor, Pillar, Question, Recommendation


class CatalogConflict(Exception):
    """The file's version number is already taken by different content."""


@dataclass(frozen=True)
class LoadOutcome:
    catalog: CatalogVersion
    created: bool


def _texts(prefix: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{language}": text for language, text in texts.items()}


@transaction.atomic
def catalog_load(*, data: CatalogData) -> LoadOutcome:
    """Create the catalog version described by `data`; loading the same content again is a no-op."""
    existing = CatalogVersion.objects.select_for_update().filter(version=data.version).first()
    if existing is not None:
        if existing.source_digest == data.digest:
            return LoadOutcome(catalog=existing, created=False)
        raise CatalogConflict(
            f"version {data.version} is already loaded with different content; "
            f"raise 'version' in the file to publish a changed catalog"
        )

    catalog = CatalogVersion.objects.create(
        version=data.version,
        published=data.published,
        published_at=timezone.now() if data.published else None,
        source_digest=data.digest,
    )
    levels, recommendations = [], []
    for pillar_order, pillar_data in enumerate(data.pillars, start=1):
        pillar = Pillar.objects.create(
            catalog=catalog,
            key=pillar_data.key,
            order=pillar_order,
            weight=pillar_data.weight,
            **_texts("name", pillar_data.name),
            **_texts("description", pillar_data.description),
        )
        for question_order, question_data in enumerate(pillar_data.questions, start=1):
            question = Question.objects.create(
                catalog=catalog,
                pillar=pillar,
                key=question_data.key,
                order=question_order,
                weight=question_data.weight,
                **_texts("text", question_data.text),
                **_texts("help", question_data.help),
            )
            levels += [
                LevelDescriptor(question=question, level=level, **_texts("text", texts))
                for level, texts in sorted(question_data.levels.items())
            ]
            recommendations += [
                Recommendation(question=question, from_level=level, **_texts("text", texts))
                for level, texts in sorted(question_data.recommendations.items())
            ]
    LevelDescriptor.objects.bulk_create(levels)
    Recommendation.objects.bulk_create(recommendations)
    return LoadOutcome(catalog=catalog, created=True)


@transaction.atomic
def catalog_version_copy(*, source: CatalogVersion) -> CatalogVersion:
    """A new, unpublished version with the content of `source`, to be edited and then published."""
    next_version = (CatalogVersion.objects.aggregate(Max("version"))["version__max"] or 0) + 1
    draft = CatalogVersion.objects.create(version=next_version, published=False)
    for pillar in source.pillars.prefetch_related(
        "questions__levels", "questions__recommendations"
    ):
        questions = list(pillar.questions.all())
        pillar.pk, pillar.catalog = None, draft
        pillar.save()
        for question in questions:
            levels = list(question.levels.all())
            recommendations = list(question.recommendations.all())
            question.pk, question.catalog, question.pillar = None, draft, pillar
            question.save()
            items: list[LevelDescriptor | Recommendation] = [*levels, *recommendations]
            for item in items:
                item.pk, item.question = None, question
                item.save()
    return draft


def catalog_version_publish(*, catalog: CatalogVersion) -> CatalogVersion:
    if not catalog.published:
        catalog.published = True
        catalog.published_at = timezone.now()
        catalog.save(update_fields=["published", "published_at"])
    return catalog

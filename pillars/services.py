"""Writes to the catalog. Published versions are never changed in place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .catalog_file import CatalogData, QuestionData
from .models import CatalogVersion, LegalNote, LevelDescriptor, Pillar, Question, Recommendation


class CatalogConflict(Exception):
    """The file's version number is already taken by different content."""


@dataclass(frozen=True)
class LoadOutcome:
    catalog: CatalogVersion
    created: bool


def _texts(prefix: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}_{language}": text for language, text in texts.items()}


def _lines(prefix: str, items: tuple[dict[str, str], ...]) -> dict[str, str]:
    """Evidence criteria kept one per line, per language."""
    languages = {language for item in items for language in item}
    return {
        f"{prefix}_{language}": "\n".join(item[language] for item in items)
        for language in sorted(languages)
    }


def _level(
    question: Question, data: QuestionData, level: int, texts: dict[str, str]
) -> LevelDescriptor:
    return LevelDescriptor(
        question=question,
        level=level,
        **_texts("text", texts),
        **_lines("evidence", data.evidence.get(level, ())),
        **_texts("b2c_text", data.levels_b2c.get(level, {})),
        **_lines("b2c_evidence", data.evidence_b2c.get(level, ())),
    )


def _recommendation(
    question: Question, data: QuestionData, level: int, texts: dict[str, str]
) -> Recommendation:
    details = data.details.get(level)
    extra: dict[str, object] = {}
    if details is not None:
        extra = {
            "owner": details.owner,
            **_texts("owner_name", details.owner_name),
            "effort_amount": details.effort.amount,
            "effort_unit": details.effort.unit,
            **_texts("prerequisite", details.prerequisite),
            **_texts("done_when", details.done_when),
        }
    return Recommendation(question=question, from_level=level, **_texts("text", texts), **extra)


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
    levels: list[LevelDescriptor] = []
    recommendations: list[Recommendation] = []
    notes: list[LegalNote] = []
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
                quick_check=question_data.quick_check,
                business_models=",".join(question_data.business_models),
            )
            levels += [
                _level(question, question_data, level, texts)
                for level, texts in sorted(question_data.levels.items())
            ]
            recommendations += [
                _recommendation(question, question_data, level, texts)
                for level, texts in sorted(question_data.recommendations.items())
            ]
            notes += [
                LegalNote(
                    question=question,
                    order=order,
                    country=note.country,
                    checked=note.checked,
                    **_texts("text", note.text),
                )
                for order, note in enumerate(question_data.legal_notes, start=1)
            ]
    LevelDescriptor.objects.bulk_create(levels)
    Recommendation.objects.bulk_create(recommendations)
    LegalNote.objects.bulk_create(notes)
    return LoadOutcome(catalog=catalog, created=True)


@transaction.atomic
def catalog_version_copy(*, source: CatalogVersion) -> CatalogVersion:
    """A new, unpublished version with the content of `source`, to be edited and then published."""
    next_version = (CatalogVersion.objects.aggregate(Max("version"))["version__max"] or 0) + 1
    draft = CatalogVersion.objects.create(version=next_version, published=False)
    for pillar in source.pillars.prefetch_related(
        "questions__levels", "questions__recommendations", "questions__legal_notes"
    ):
        questions = list(pillar.questions.all())
        pillar.pk, pillar.catalog = None, draft
        pillar.save()
        for question in questions:
            levels = list(question.levels.all())
            recommendations = list(question.recommendations.all())
            notes = list(question.legal_notes.all())
            question.pk, question.catalog, question.pillar = None, draft, pillar
            question.save()
            items: list[LevelDescriptor | Recommendation | LegalNote] = [
                *levels,
                *recommendations,
                *notes,
            ]
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

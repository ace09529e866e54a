"""The checklist: versioned catalogs of pillars, questions, level descriptors and recommendations.

Every text exists in German, English and Danish as its own column; `Translated.tr()` picks the
active language and falls back to German.
"""

from __future__ import annotations

import functools
from operator import attrgetter

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("de", "en", "da")
LEVELS = (1, 2, 3, 4, 5)
RECOMMENDATION_LEVELS = (1, 2, 3, 4)


def current_language() -> str:
    code = (translation.get_language() or "de")[:2]
    return code if code in LANGUAGE_CODES else "de"


# Question.business_models of a question for every company.
ALL_BUSINESS_MODELS = "b2b,b2c"


class Translated(models.Model):
    class Meta:
        abstract = True

    def tr(self, field: str, language: str | None = None) -> str:
        """The text of `field` in `language` (default: the active one), falling back to German."""
        language = language or current_language()
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_de")

    def tr_lines(self, field: str, language: str | None = None) -> list[str]:
        """A list kept one item per line (evidence criteria), in the active language."""
        return [line for line in self.tr(field, language).splitlines() if line.strip()]


class CatalogVersionQuerySet(models.QuerySet):
    def published(self) -> CatalogVersionQuerySet:
        return self.filter(published=True)

    def current(self) -> CatalogVersion | None:
        """The newest published version: the one new assessments are answered with."""
        return self.published().order_by("-version").first()


class CatalogVersion(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A published version is frozen: edit a new version instead."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CatalogVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("catalog version")
        verbose_name_plural = _("catalog versions")

    def __str__(self) -> str:
        state = _("published") if self.published else _("draft")
        return f"v{self.version} ({state})"


class Pillar(Translated):
    catalog = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("catalog")
    )
    key = models.SlugField(_("key"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"))
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0.01)]
    )
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    description_de = models.TextField(_("description (German)"))
    description_en = models.TextField(_("description (English)"))
    description_da = models.TextField(_("description (Danish)"))

    class Meta:
        ordering = ["catalog", "order"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["catalog", "key"], name="pillar_key_unique_in_catalog"),
            models.UniqueConstraint(
                fields=["catalog", "order"], name="pillar_order_unique_in_catalog"
            ),
        ]

    def __str__(self) -> str:
        return self.tr("name")

    @property
    def name(self) -> str:
        return self.tr("name")

    @property
    def description(self) -> str:
        return self.tr("description")

    @functools.cached_property
    def question_list(self) -> list[Question]:
        """The pillar's (prefetched) questions, read once per instance, as
        `Question.levels_by_number` reads the levels."""
        return list(self.questions.all())


class Question(Translated):
    catalog = models.ForeignKey(
        CatalogVersion,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("catalog"),
    )
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="questions", verbose_name=_("pillar")
    )
    key = models.SlugField(_("key"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"))
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0.01)]
    )
    text_de = models.TextField(_("question (German)"))
    text_en = models.TextField(_("question (English)"))
    text_da = models.TextField(_("question (Danish)"))
    help_de = models.TextField(_("help text (German)"))
    help_en = models.TextField(_("help text (English)"))
    help_da = models.TextField(_("help text (Danish)"))
    # Catalog version 2: the two questions per pillar of the quick check, and the business
    # models a question applies to ("b2b,b2c", "b2b" or "b2c").
    quick_check = models.BooleanField(_("in the quick check"), default=False)
    business_models = models.CharField(
        _("business models"), max_length=10, default=ALL_BUSINESS_MODELS
    )

    class Meta:
        ordering = ["pillar__order", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["catalog", "key"], name="question_key_unique_in_catalog"
            ),
            models.UniqueConstraint(
                fields=["pillar", "order"], name="question_order_unique_in_pillar"
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def text(self) -> str:
        return self.tr("text")

    @property
    def help(self) -> str:
        return self.tr("help")

    # Read from the prefetched relations once per instance: the catalog's objects are kept per
    # process (catalog_cache) and a results page asks every question for its levels, where each
    # `.levels.all()` builds a manager and a queryset again (issue 13).
    @functools.cached_property
    def levels_by_number(self) -> dict[int, LevelDescriptor]:
        """The level descriptors by level (1–5), in level order."""
        return {level.level: level for level in sorted(self.levels.all(), key=attrgetter("level"))}

    @functools.cached_property
    def recommendations_by_level(self) -> dict[int, Recommendation]:
        """The recommendations by the level they lead on from (one per level)."""
        return {item.from_level: item for item in self.recommendations.all()}


class LevelDescriptor(Translated):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="levels", verbose_name=_("question")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text_de = models.TextField(_("descriptor (German)"))
    text_en = models.TextField(_("descriptor (English)"))
    text_da = models.TextField(_("descriptor (Danish)"))
    # Catalog version 2: checkable criteria, one per line; the B2C wording where it differs.
    evidence_de = models.TextField(_("evidence (German)"), blank=True)
    evidence_en = models.TextField(_("evidence (English)"), blank=True)
    evidence_da = models.TextField(_("evidence (Danish)"), blank=True)
    b2c_text_de = models.TextField(_("B2C descriptor (German)"), blank=True)
    b2c_text_en = models.TextField(_("B2C descriptor (English)"), blank=True)
    b2c_text_da = models.TextField(_("B2C descriptor (Danish)"), blank=True)
    b2c_evidence_de = models.TextField(_("B2C evidence (German)"), blank=True)
    b2c_evidence_en = models.TextField(_("B2C evidence (English)"), blank=True)
    b2c_evidence_da = models.TextField(_("B2C evidence (Danish)"), blank=True)

    class Meta:
        ordering = ["question", "level"]
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="one_descriptor_per_level"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="descriptor_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key} · {self.level}"

    # Set by the reads of a B2C company's assessment: its levels show the B2C wording where the
    # catalog has one.
    b2c = False

    @property
    def text(self) -> str:
        if self.b2c and self.tr("b2c_text"):
            return self.tr("b2c_text")
        return self.tr("text")

    @property
    def evidence(self) -> list[str]:
        if self.b2c and self.tr("b2c_evidence"):
            return self.tr_lines("b2c_evidence")
        return self.tr_lines("evidence")


class Recommendation(Translated):
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("question"),
    )
    from_level = models.PositiveSmallIntegerField(
        _("from level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    text_de = models.TextField(_("recommendation (German)"))
    text_en = models.TextField(_("recommendation (English)"))
    text_da = models.TextField(_("recommendation (Danish)"))
    # Catalog version 2: who does the step, its effort, what it needs first, when it is done.
    owner = models.CharField(_("owner role"), max_length=50, blank=True)
    owner_name_de = models.CharField(_("owner (German)"), max_length=200, blank=True)
    owner_name_en = models.CharField(_("owner (English)"), max_length=200, blank=True)
    owner_name_da = models.CharField(_("owner (Danish)"), max_length=200, blank=True)
    effort_amount = models.DecimalField(
        _("effort"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    effort_unit = models.CharField(
        _("effort unit"),
        max_length=5,
        blank=True,
        choices=[("hours", _("hours")), ("days", _("days"))],
    )
    prerequisite_de = models.TextField(_("prerequisite (German)"), blank=True)
    prerequisite_en = models.TextField(_("prerequisite (English)"), blank=True)
    prerequisite_da = models.TextField(_("prerequisite (Danish)"), blank=True)
    done_when_de = models.TextField(_("done when (German)"), blank=True)
    done_when_en = models.TextField(_("done when (English)"), blank=True)
    done_when_da = models.TextField(_("done when (Danish)"), blank=True)

    class Meta:
        ordering = ["question", "from_level"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "from_level"], name="one_recommendation_per_level"
            ),
            models.CheckConstraint(
                condition=models.Q(from_level__gte=1, from_level__lte=4),
                name="recommendation_level_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key} · {self.from_level}→{self.from_level + 1}"

    @property
    def text(self) -> str:
        return self.tr("text")

    @property
    def owner_name(self) -> str:
        return self.tr("owner_name")

    @property
    def prerequisite(self) -> str:
        return self.tr("prerequisite")

    @property
    def done_when(self) -> str:
        return self.tr("done_when")


class LegalNote(Translated):
    """Catalog version 2: a legal point beside a question, per country, with the date it was
    checked. A note, never part of a score."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="legal_notes", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    country = models.CharField(_("country"), max_length=2)
    checked = models.DateField(_("checked on"))
    text_de = models.TextField(_("note (German)"))
    text_en = models.TextField(_("note (English)"))
    text_da = models.TextField(_("note (Danish)"))

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("legal note")
        verbose_name_plural = _("legal notes")

    def __str__(self) -> str:
        return f"{self.question.key} · {self.country} · {self.checked}"

    @property
    def text(self) -> str:
        return self.tr("text")

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CatalogVersion, LevelDescriptor, Pillar, Question, Recommendation
from .services import catalog_version_copy, catalog_version_publish

# The mixin calls ModelAdmin methods through super(); the type checker needs to know they exist.
if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin[Any]
else:
    _AdminBase = object


def _editable(obj: Any) -> bool:
    """Only drafts can be edited: a published version is what old assessments were scored with."""
    if obj is None:
        return True
    # Inlines are asked with their parent: PillarInline with the CatalogVersion itself.
    if isinstance(obj, CatalogVersion):
        return not obj.published
    catalog = getattr(obj, "catalog", None) or obj.question.catalog
    return not catalog.published


class DraftOnlyMixin(_AdminBase):
    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        # Adding or moving something into a published version would change it in place.
        if db_field.name == "catalog":
            kwargs["queryset"] = CatalogVersion.objects.filter(published=False)
        elif db_field.name == "pillar":
            kwargs["queryset"] = Pillar.objects.filter(catalog__published=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return super().has_delete_permission(request, obj) and _editable(obj)


class LevelInline(DraftOnlyMixin, admin.TabularInline):
    model = LevelDescriptor
    extra = 0
    max_num = 5


class RecommendationInline(DraftOnlyMixin, admin.TabularInline):
    model = Recommendation
    extra = 0
    max_num = 4


class PillarInline(DraftOnlyMixin, admin.TabularInline):
    model = Pillar
    fields = ["order", "key", "name_de", "weight"]
    extra = 0
    show_change_link = True


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "published", "published_at", "created_at"]
    readonly_fields = ["published", "published_at", "source_digest", "created_at"]
    inlines = [PillarInline]
    actions = ["copy_as_draft", "publish"]

    def has_change_permission(self, request: HttpRequest, obj: CatalogVersion | None = None):
        return super().has_change_permission(request, obj) and not (obj and obj.published)

    def has_delete_permission(self, request: HttpRequest, obj: CatalogVersion | None = None):
        return super().has_delete_permission(request, obj) and not (obj and obj.published)

    @admin.action(description=_("Copy as a new draft version"))
    def copy_as_draft(self, request: HttpRequest, queryset: QuerySet[CatalogVersion]) -> None:
        for catalog in queryset:
            draft = catalog_version_copy(source=catalog)
            self.message_user(request, _("Created draft %(draft)s.") % {"draft": draft})

    @admin.action(description=_("Publish (freezes the version)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[CatalogVersion]) -> None:
        drafts = list(queryset.filter(published=False))
        for catalog in drafts:
            catalog_version_publish(catalog=catalog)
        self.message_user(
            request,
            ngettext("Published %d version.", "Published %d versions.", len(drafts)) % len(drafts),
            messages.SUCCESS,
        )


@admin.register(Pillar)
class PillarAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "name_de", "catalog", "order", "weight"]
    list_filter = ["catalog"]
    search_fields = ["key", "name_de", "name_en", "name_da"]


@admin.register(Question)
class QuestionAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["key", "pillar", "catalog", "order", "weight"]
    list_filter = ["catalog", "pillar__key"]
    search_fields = ["key", "text_de", "text_en", "text_da"]
    list_select_related = ["pillar", "catalog"]
    inlines = [LevelInline, RecommendationInline]

"""Staff create consultants here: a user with a membership in a workspace (or the command
`createconsultant`). Assessments are not edited in the admin: answers go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from .branding import clean_accent_colour
from .models import Invitation, Membership, Organisation, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["workspace"]


class WorkspaceAdminForm(forms.ModelForm):
    """The branding page's checks: a readable #RRGGBB accent colour, or none."""

    class Meta:
        model = Workspace
        fields = ["name", "display_name", "accent_color", "contact_line", "roles"]

    def clean_accent_color(self) -> str:
        return clean_accent_colour(str(self.cleaned_data.get("accent_color") or ""))


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "display_name", "created_at"]
    search_fields = ["name", "display_name"]
    fields = ["name", "display_name", "accent_color", "contact_line", "roles"]
    form = WorkspaceAdminForm
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "workspace__name"]
    autocomplete_fields = ["workspace", "user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["workspace", "email", "invited_by", "expires_at", "accepted_at"]
    search_fields = ["email", "workspace__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the members page, with their email


@admin.register(Organisation)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "industry", "country", "created_at"]
    list_filter = ["workspace", "industry"]
    search_fields = ["name"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ConsultantUserAdmin(UserAdmin):
    inlines = [MembershipInline]

"""Forms of the workspace pages: branding and invitations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .branding import MAX_LOGO_BYTES, LogoImage, clean_accent_colour, clean_logo
from .models import Workspace
from .values import has_forbidden_characters

MAX_ROLES = 12
MAX_ROLE_LENGTH = 100


class BrandingForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name on reports"),
        max_length=200,
        required=False,
        help_text=_("Empty: the workspace's name."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 1 MB. It is scaled to fit 600 × 200 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    accent_color = forms.CharField(
        label=_("Accent colour"),
        max_length=7,
        required=False,
        help_text=_("As #RRGGBB; it must be readable on white (contrast at least 4.5:1)."),
        widget=forms.TextInput(attrs={"placeholder": "#0B5394", "pattern": "#[0-9A-Fa-f]{6}"}),
    )
    contact_line = forms.CharField(
        label=_("Contact line"),
        max_length=200,
        required=False,
        help_text=_("Printed under your name on the report, e.g. phone and email."),
    )

    roles = forms.CharField(
        label=_("Workshop roles"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The roles a workshop participant chooses from, one per line (at most 12). The first "
            "is the leadership: its answers are compared with the rest of the team."
        ),
        error_messages={"required": _("Give at least one role.")},
    )

    @classmethod
    def for_workspace(cls, workspace: Workspace, **kwargs: Any) -> BrandingForm:
        initial = {
            "display_name": workspace.display_name,
            "accent_color": workspace.accent_color,
            "contact_line": workspace.contact_line,
            "roles": "\n".join(workspace.role_list),
        }
        return cls(initial=initial, **kwargs)

    def clean_roles(self) -> list[str]:
        roles: list[str] = []
        seen: set[str] = set()
        for line in self.cleaned_data.get("roles", "").splitlines():
            role = " ".join(line.split())
            if not role:
                continue
            if len(role) > MAX_ROLE_LENGTH or has_forbidden_characters(role):
                raise forms.ValidationError(
                    _("“%(role)s” is not a role: at most %(max)s characters of text, please."),
                    params={"role": role[:40], "max": MAX_ROLE_LENGTH},
                )
            if role.casefold() in seen:
                raise forms.ValidationError(_("“%(role)s” is listed twice."), params={"role": role})
            seen.add(role.casefold())
            roles.append(role)
        if not roles:
            raise forms.ValidationError(_("Give at least one role."))
        if len(roles) > MAX_ROLES:
            raise forms.ValidationError(
                _("At most %(max)s roles, please."), params={"max": MAX_ROLES}
            )
        return roles

    def clean_accent_color(self) -> str:
        return clean_accent_colour(self.cleaned_data.get("accent_color") or "")

    def clean_logo(self) -> LogoImage | None:
        upload: UploadedFile | None = self.cleaned_data.get("logo")
        if not upload:
            return None
        # Read one byte more than allowed: enough to know it is too large, never the whole file.
        return clean_logo(upload.read(MAX_LOGO_BYTES + 1))


class InvitationForm(forms.Form):
    # At most 150 characters: the address becomes the login name (User.username).
    email = forms.EmailField(label=_("Email address of the new member"), max_length=150)

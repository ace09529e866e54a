"""Forms of the workshop participants' pages: the join code, then name and role."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import JOIN_CODE_LENGTH, Workshop
from .values import has_forbidden_characters
from .workshops import MAX_NAME_LENGTH

UNSTORABLE_NAME = _("Please remove the control characters from the name.")


class JoinCodeForm(forms.Form):
    # Room for spaces and dashes typed between the characters; the door normalises the code.
    code = forms.CharField(
        label=_("Join code"),
        max_length=4 * JOIN_CODE_LENGTH,
        error_messages={"required": _("Please enter the code shown on the screen.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "form-control form-control-lg kk-code-input",
            }
        ),
    )


class JoinForm(forms.Form):
    """Name (named workshops only) and role; the view hands the data to `participant_join`."""

    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=MAX_NAME_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "form-control"}),
    )
    role = forms.ChoiceField(
        label=_("Your role or department"),
        error_messages={
            "required": _("Please choose your role."),
            "invalid_choice": _("Please choose one of the roles in the list."),
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, workshop: Workshop, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", _("Please choose…")), *((role, role) for role in roles)]
        role_field.required = bool(roles)
        if workshop.is_anonymous:
            # Not even an ignored field: a name that is never asked for is never typed.
            del self.fields["name"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data.get("name", "").split())
        if has_forbidden_characters(name) or any(unicodedata.category(c) == "Cc" for c in name):
            raise forms.ValidationError(UNSTORABLE_NAME, code="unstorable")
        return name

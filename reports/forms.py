"""Forms of the results pages: they validate and normalise, and save nothing."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from assessment.models import MAX_COMMENT_LENGTH, ShareLink
from assessment.sharing import MAX_DAYS, MIN_DAYS

from .scoring import MAX_LEVEL, MIN_LEVEL


class ShareLinkForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        initial=ShareLink.DEFAULT_DAYS,
        error_messages={
            "required": _("Please enter for how many days the link is valid."),
            "invalid": _("Please enter a whole number of days."),
            "min_value": _("A share link is valid for at least %(limit_value)s day."),
            "max_value": _("A share link is valid for at most %(limit_value)s days."),
        },
    )
    omit_comments = forms.BooleanField(label=_("Leave comments out"), required=False)


class ConsensusForm(forms.Form):
    """The level a workshop team agreed on for one question, with its notes."""

    level = forms.TypedChoiceField(
        label=_("Agreed level"),
        choices=[(level, str(level)) for level in range(MIN_LEVEL, MAX_LEVEL + 1)],
        coerce=int,
        error_messages={
            "required": _("Please pick the level the team agreed on."),
            "invalid_choice": format_lazy(
                _("Please pick a level from {min} to {max}."), min=MIN_LEVEL, max=MAX_LEVEL
            ),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Please keep the note to %(limit_value)s characters.")},
    )
    minority_note = forms.CharField(
        label=_("Minority view (optional)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Please keep the minority view to %(limit_value)s characters.")
        },
    )

"""Forms of the results pages: they validate and normalise, and save nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import ShareLink
from assessment.sharing import MAX_DAYS, MIN_DAYS


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

"""Forms validate and normalise; they save nothing."""

from __future__ import annotations

import unicodedata
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import (
    MAX_COMMENT_LENGTH,
    Action,
    Assessment,
    BusinessModel,
    Country,
    Industry,
    Language,
    Organisation,
    Relevance,
    SizeBand,
    Workshop,
)
from .values import (
    LEVELS,
    AnswerValue,
    InvalidAnswer,
    has_forbidden_characters,
    parse_answer_value,
)

LEVEL_CHOICES = [(str(level), str(level)) for level in LEVELS]
UNSTORABLE_TEXT = _("Please remove the control characters from the text.")


def _storable(text: str) -> str:
    if has_forbidden_characters(text):
        raise forms.ValidationError(UNSTORABLE_TEXT, code="unstorable")
    return text


class StartForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Name of your organisation"),
        max_length=200,
        help_text=_("It appears on your results and report only."),
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", _("Please choose…")), *Industry.choices]
    )
    size_band = forms.ChoiceField(
        label=_("Number of employees"), choices=[("", _("Please choose…")), *SizeBand.choices]
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("Please choose…")), *Country.choices]
    )
    business_model = forms.ChoiceField(
        label=_("Your customers"),
        choices=BusinessModel.choices,
        widget=forms.RadioSelect,
        initial=BusinessModel.BOTH,
        required=False,  # not given: both, every question is asked
        help_text=_("Questions that do not apply to your customers are left out."),
    )
    language = forms.ChoiceField(
        label=_("Language of the assessment and report"), choices=Language.choices
    )
    # The start page offers the two checks as two buttons (templates/assessment/start.html).
    scope = forms.ChoiceField(
        choices=Assessment.Scope.choices,
        required=False,
        error_messages={"invalid_choice": _("Please choose the full check or the quick check.")},
    )

    def __init__(self, *args: Any, quick_check: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quick_check = quick_check
        if not self.is_bound:
            self.initial.setdefault("language", (get_language() or "de")[:2])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(name for name in self.fields if name != "scope"))

    def clean_business_model(self) -> str:
        return self.cleaned_data.get("business_model") or BusinessModel.BOTH

    def clean_scope(self) -> str:
        scope = self.cleaned_data.get("scope") or Assessment.Scope.FULL
        if scope == Assessment.Scope.QUICK and not self.quick_check:
            raise forms.ValidationError(_("This checklist has no quick check."))
        return scope

    def clean_organisation_name(self) -> str:
        name = " ".join(_storable(self.cleaned_data["organisation_name"]).split())
        if not name:
            raise forms.ValidationError(_("Please enter the name of your organisation."))
        return name


# The empty start form as crispy renders it, per language. An unbound StartForm's HTML depends
# on nothing else (labels, choices and the preselected language follow the active language; no
# request data, no CSRF token inside), and its crispy widgets cost about two thirds of the start
# page (issue 13). Not kept with DEBUG on, where templates change while the server runs.
_start_form_html: dict[str, SafeString] = {}


def start_form_html(form: StartForm) -> SafeString:
    """The unbound start form's fields as HTML, rendered once per language and process."""
    if form.is_bound:
        raise ValueError("Only the empty form is the same for everyone; render a bound one.")
    if settings.DEBUG:
        return render_crispy_form(form)
    language = get_language() or ""
    html = _start_form_html.get(language)
    if html is None:
        html = _start_form_html[language] = render_crispy_form(form)
    return html


def start_form_html_clear() -> None:
    """Forget the kept start forms (between tests)."""
    _start_form_html.clear()


class AnswerForm(forms.Form):
    """One question's answer; used with the question key as prefix."""

    value = forms.CharField(required=False, max_length=10, strip=True)
    target = forms.TypedChoiceField(
        required=False,
        choices=[("", "—"), *LEVEL_CHOICES],
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("The target must be a level from 1 to 5.")},
    )
    comment = forms.CharField(
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        error_messages={
            "max_length": _("Please keep the comment under %(limit_value)d characters.")
        },
    )
    relevance = forms.ChoiceField(
        required=False,
        choices=Relevance.choices,
        error_messages={"invalid_choice": _("Please choose how relevant the question is.")},
    )
    # The version of the answer the page showed (see `Answer.version`); absent: no check.
    seen = forms.RegexField(regex=r"^[0-9]{1,20}$", required=False, max_length=20)

    def clean_value(self) -> AnswerValue:
        try:
            return parse_answer_value(self.cleaned_data.get("value", ""))
        except InvalidAnswer:
            raise forms.ValidationError(
                _("Please choose one of the five levels, “don't know” or “not applicable”."),
                code="invalid_answer",
            ) from None

    def clean_comment(self) -> str:
        return _storable(self.cleaned_data.get("comment", "")).strip()


def _one_line(text: str) -> str:
    """Whitespace collapsed to single spaces; any other control character is refused."""
    text = " ".join(_storable(text).split())
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise forms.ValidationError(UNSTORABLE_TEXT, code="unstorable")
    return text


class ClientForm(forms.ModelForm):
    """A client's details; the view hands the cleaned data to a service, the form saves nothing."""

    class Meta:
        model = Organisation
        fields = ["name", "industry", "size_band", "country", "business_model", "contact"]
        widgets = {"business_model": forms.RadioSelect}
        labels = {"name": _("Name of the client")}
        error_messages = {"name": {"required": _("Please enter the name of the client.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("size_band", SizeBand.choices), ("country", Country.choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Not given")), *choices]
        self.fields["business_model"].required = False  # not given: both
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name(self) -> str:
        name = _one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Please enter the name of the client."))
        return name

    def clean_contact(self) -> str:
        return _one_line(self.cleaned_data.get("contact", ""))

    def clean_business_model(self) -> str:
        return self.cleaned_data.get("business_model") or BusinessModel.BOTH


CLIENT_MODES = [
    (
        Assessment.Mode.SELF,
        _("Self-assessment: you send the client a private link and they answer on their own"),
    ),
    (
        Assessment.Mode.FACILITATED,
        _("Facilitated: you answer together with the client's team, for example on a projector"),
    ),
    (
        Assessment.Mode.DISTRIBUTED,
        _(
            "Live workshop: the team answers on their phones, you see where they disagree and "
            "record what they agree on"
        ),
    ),
]


class ClientAssessmentForm(forms.Form):
    """The kind and language of a new assessment of a client."""

    mode = forms.ChoiceField(
        label=_("Kind"),
        choices=CLIENT_MODES,
        widget=forms.RadioSelect,
        initial=Assessment.Mode.SELF,
        error_messages={"required": _("Please choose how the assessment is answered.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the assessment and report"), choices=Language.choices
    )
    # Only for a live workshop; a form without them (e.g. "assess again" on the client page)
    # opens a named, self-paced workshop.
    pacing = forms.ChoiceField(
        label=_("Workshop pacing"),
        choices=Workshop.Pacing.choices,
        widget=forms.RadioSelect,
        initial=Workshop.Pacing.SELF,
        required=False,
    )
    naming = forms.ChoiceField(
        label=_("Names in the workshop"),
        choices=Workshop.Naming.choices,
        widget=forms.RadioSelect,
        initial=Workshop.Naming.NAMED,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("language", (get_language() or "de")[:2])
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The workshop's choices matter only for a live workshop: app.js shows them then.
        self.helper.layout = Layout(
            "mode",
            "language",
            Div("pacing", "naming", css_class="kk-workshop-options", data_mode="distributed"),
        )

    def clean_pacing(self) -> str:
        return self.cleaned_data.get("pacing") or Workshop.Pacing.SELF

    def clean_naming(self) -> str:
        return self.cleaned_data.get("naming") or Workshop.Naming.NAMED


class ActionForm(forms.Form):
    """One action of the plan: what, who, by when, and how to tell it is done."""

    title = forms.CharField(
        label=_("Action"),
        max_length=Action.MAX_TITLE_LENGTH,
        error_messages={"required": _("Say what is to be done.")},
    )
    owner = forms.CharField(label=pgettext_lazy("action", "Owner"), max_length=200, required=False)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"],
        error_messages={"invalid": _("Enter a date such as 2027-03-31.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    done_when = forms.CharField(
        label=_("Done when"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A check that shows the action is done."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Say what is to be done."))
        return title

    def clean_due_date(self) -> Any:
        due = self.cleaned_data.get("due_date")
        if due is not None and not 2000 <= due.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return due

    @classmethod
    def for_action(cls, action: Action, **kwargs: Any) -> ActionForm:
        initial = {
            "title": action.title,
            "owner": action.owner,
            "due_date": action.due_date,
            "status": action.status,
            "done_when": action.done_when,
        }
        return cls(initial=initial, **kwargs)

"""floor-lite (a plain template loop), floor (Django form widgets), autosave, the PDF floor."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from survey_content import survey_questions

from .models import FloorAnswer, Submission

QUESTIONS = survey_questions()
LEVELS = range(1, 6)


def _levels(data: Any) -> dict[int, int] | None:
    """Question number → level of a complete, valid submission; None otherwise."""
    levels = {}
    for question in QUESTIONS:
        value = data.get(f"q{question.number}", "")
        if not value.isdigit() or int(value) not in LEVELS:
            return None
        levels[question.number] = int(value)
    return levels


def _store(levels: dict[int, int]) -> Submission:
    with transaction.atomic():
        submission = Submission.objects.create()
        FloorAnswer.objects.bulk_create(
            FloorAnswer(submission=submission, question=number, level=level)
            for number, level in levels.items()
        )
    return submission


@require_http_methods(["GET", "POST"])
def lite(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        levels = _levels(request.POST)
        if levels is not None:
            return redirect("done", submission_id=_store(levels).pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "floor/lite.html", {"questions": QUESTIONS}, status=status)


@require_POST
def lite_answer(request: HttpRequest) -> HttpResponse:
    """One answer as it is picked (the floor of our autosave): upsert one row."""
    try:
        submission = int(request.POST["submission"])
        question = int(request.POST["question"])
        level = int(request.POST["level"])
    except (KeyError, ValueError):
        return HttpResponseBadRequest("bad answer")
    with transaction.atomic():
        Submission.objects.get_or_create(pk=submission)
        FloorAnswer.objects.update_or_create(
            submission_id=submission, question=question, defaults={"level": level}
        )
    return HttpResponse('<span class="saved">Gespeichert</span>')


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[f"q{question.number}"] = forms.ChoiceField(
                label=question.text,
                help_text=question.help,
                choices=[(str(n), text) for n, text in zip(LEVELS, question.levels, strict=True)],
                widget=forms.RadioSelect,
            )


@require_http_methods(["GET", "POST"])
def with_forms(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        levels = {int(name[1:]): int(value) for name, value in form.cleaned_data.items()}
        return redirect("done", submission_id=_store(levels).pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "floor/forms.html", {"form": form}, status=status)


@require_safe
def done(request: HttpRequest, submission_id: int) -> HttpResponse:
    count = FloorAnswer.objects.filter(submission_id=submission_id).count()
    return HttpResponse(f"<p>{count} Antworten gespeichert.</p>")


@cache
def _pdf_html() -> str:
    from report_pdf import static_html

    return static_html(int(os.environ.get("FLOOR_PDF_PARAGRAPHS", "40")))


@require_safe
def pdf(request: HttpRequest) -> HttpResponse:
    """weasyprint on a static document with as many pages as our report (the PDF floor)."""
    from weasyprint import HTML

    return HttpResponse(HTML(string=_pdf_html()).write_pdf(), content_type="application/pdf")


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")

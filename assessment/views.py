from __future__ import annotations

import csv
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pillars.models import Question
from pillars.selectors import catalog_current, catalog_pillars
from reports.context import results_context, results_json_data
from reports.exports import answers_csv_rows, export_filename

from .forms import AnswerForm, StartForm
from .models import Answer, Assessment
from .selectors import (
    QuestionnairePage,
    assessment_for_token,
    first_pillar_key,
    participant_for,
    question_in_catalog,
    questionnaire_page,
    review_page,
    scored_assessment,
)
from .services import (
    AnswerValue,
    AssessmentLocked,
    answer_save,
    assessment_finish,
    assessment_reopen,
    assessment_start,
    participant_visit,
)


def _assessment_for(request: HttpRequest, token: str) -> Assessment:
    """The only way a view gets an assessment: by its private link, or 404 for everyone else."""
    assessment = assessment_for_token(token)
    if assessment is None:
        raise Http404("No assessment behind this link.")
    return assessment


def home(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    pillars = catalog_pillars(catalog) if catalog else []
    question_count = sum(len(pillar.questions.all()) for pillar in pillars)
    return render(
        request, "assessment/home.html", {"pillars": pillars, "question_count": question_count}
    )


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    if catalog is None:
        messages.error(request, _("The checklist is not available right now. Please try later."))
        return redirect("assessment:home")
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = assessment_start(
            organisation_name=data["organisation_name"],
            industry=data["industry"],
            size_band=data["size_band"],
            country=data["country"],
            language=data["language"],
            catalog=catalog,
        )
        # The questionnaire speaks the language chosen for the assessment.
        with translation.override(assessment.language):
            return redirect(reverse("assessment:link", kwargs={"token": assessment.token}))
    return render(request, "assessment/start.html", {"form": form})


def private_link(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    return render(
        request,
        "assessment/private_link.html",
        {
            "assessment": assessment,
            "resume_url": request.build_absolute_uri(assessment.get_absolute_url()),
            "first_pillar_key": first_pillar_key(assessment),
        },
    )


def resume(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    if assessment.is_completed:
        return redirect("assessment:results", token=token)
    participant = participant_for(assessment)
    pillar_key = participant.last_pillar_key or first_pillar_key(assessment)
    return redirect("assessment:pillar", token=token, pillar_key=pillar_key)


@dataclass
class QuestionCard:
    """What one question card shows: the stored answer, or what was just posted."""

    question: Question
    options: list[tuple[str, str, bool]]  # (value, descriptor, checked) for levels 1–5
    value: str
    target: str
    comment: str
    error: str = ""


def _stored_fields(answer: Answer | None) -> tuple[str, str, str]:
    if answer is None:
        return "", "", ""
    value = str(answer.level) if answer.level else answer.status
    return value, str(answer.target or ""), answer.comment


def _cards(page: QuestionnairePage, posted: QueryDict | None, errors: dict[str, str]) -> list:
    cards = []
    for question in page.questions:
        value, target, comment = _stored_fields(page.answers.get(question.pk))
        if posted is not None:
            value = posted.get(f"{question.key}-value", value)
            target = posted.get(f"{question.key}-target", target)
            comment = posted.get(f"{question.key}-comment", comment)
        cards.append(
            QuestionCard(
                question=question,
                options=[
                    (str(level.level), level.text, value == str(level.level))
                    for level in question.levels.all()
                ],
                value=value,
                target=target,
                comment=comment,
                error=errors.get(question.key, ""),
            )
        )
    return cards


def _form_error(form: AnswerForm) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _save_page(page: QuestionnairePage, data: QueryDict) -> dict[str, str]:
    """Save every valid answer on the page; return the errors of the others by question key."""
    errors = {}
    for question in page.questions:
        form = AnswerForm(data, prefix=question.key)
        if not form.is_valid():
            errors[question.key] = _form_error(form)
            continue
        cleaned = form.cleaned_data
        stored = page.answers.get(question.pk)
        value: AnswerValue = cleaned["value"]
        unchanged = stored is not None and (
            (stored.status or None, stored.level, stored.target, stored.comment)
            == (value.status, value.level, cleaned["target"], cleaned["comment"])
        )
        if unchanged:
            continue
        answer_save(
            participant=page.participant,
            question=question,
            value=value,
            target=cleaned["target"],
            comment=cleaned["comment"],
        )
    return errors


def _destination(token: str, page: QuestionnairePage, goto: str) -> str:
    pillar_keys = {item.pillar.key for item in page.nav}
    if goto in pillar_keys:
        return reverse("assessment:pillar", kwargs={"token": token, "pillar_key": goto})
    if goto == "review" or page.next is None:
        return reverse("assessment:review", kwargs={"token": token})
    return reverse("assessment:pillar", kwargs={"token": token, "pillar_key": page.next.key})


@require_http_methods(["GET", "POST"])
def pillar_page(request: HttpRequest, token: str, pillar_key: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    participant = participant_for(assessment)
    page = questionnaire_page(assessment, participant, pillar_key)
    if page is None:
        raise Http404("No such pillar in this assessment.")
    posted, errors, status = None, {}, 200
    if request.method == "POST":
        if assessment.is_completed:
            messages.warning(
                request, _("This assessment is completed. Reopen it to change answers.")
            )
            return redirect("assessment:pillar", token=token, pillar_key=pillar_key)
        errors = _save_page(page, request.POST)
        if not errors:
            return redirect(_destination(token, page, request.POST.get("goto", "")))
        posted, status = request.POST, 400
        messages.error(
            request,
            _("Some answers could not be saved. Please check the marked questions."),
        )
        page = questionnaire_page(assessment, participant, pillar_key)
    else:
        participant_visit(participant=participant, pillar_key=pillar_key)
    context = {
        "assessment": assessment,
        "page": page,
        "cards": _cards(page, posted, errors),
        "level_range": range(1, 6),
    }
    return render(request, "assessment/questionnaire.html", context, status=status)


@require_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Save one answer as it is picked (HTMX); without JavaScript the page form does the saving."""
    assessment = _assessment_for(request, token)
    participant = participant_for(assessment)
    question = question_in_catalog(assessment, request.POST.get("question", ""))
    if question is None:
        return _answer_problem(request, token, _("This question is not part of your assessment."))
    if assessment.is_completed:
        return _answer_problem(
            request, token, _("This assessment is completed. Reopen it to change answers.")
        )
    form = AnswerForm(request.POST, prefix=question.key)
    if not form.is_valid():
        return _answer_problem(request, token, _form_error(form))
    try:
        answer_save(
            participant=participant,
            question=question,
            value=form.cleaned_data["value"],
            target=form.cleaned_data["target"],
            comment=form.cleaned_data["comment"],
        )
    except AssessmentLocked:
        return _answer_problem(request, token, _("This assessment is completed."))
    if not request.htmx:
        return redirect("assessment:resume", token=token)
    page = questionnaire_page(assessment, participant, question.pillar.key)
    return render(request, "assessment/answer_saved.html", {"assessment": assessment, "page": page})


def _answer_problem(request: HttpRequest, token: str, message: str) -> HttpResponse:
    if request.htmx:
        # 422 responses are swapped into the card (see htmx-config in base.html).
        return render(request, "assessment/answer_error.html", {"message": message}, status=422)
    messages.error(request, message)
    return redirect("assessment:resume", token=token)


def review(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    participant = participant_for(assessment)
    return render(
        request,
        "assessment/review.html",
        {"assessment": assessment, "review": review_page(assessment, participant)},
    )


@require_POST
def finish(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    assessment_finish(assessment=assessment)
    messages.success(request, _("Your assessment is complete. Here is your result."))
    return redirect("assessment:results", token=token)


@require_POST
def reopen(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    assessment_reopen(assessment=assessment)
    messages.info(request, _("The assessment is open again: you can change your answers."))
    return redirect("assessment:review", token=token)


def results(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    context = results_context(scored_assessment(assessment))
    return render(request, "reports/results.html", context)


def results_json(request: HttpRequest, token: str) -> JsonResponse:
    assessment = _assessment_for(request, token)
    data = results_json_data(scored_assessment(assessment))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


def answers_csv(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _assessment_for(request, token)
    scored = scored_assessment(assessment)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(assessment, "csv", what="answers")}"'
    )
    response.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8 correctly.
    writer = csv.writer(response)
    for row in answers_csv_rows(scored):
        writer.writerow(row)
    return response

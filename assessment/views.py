from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.middleware import HtmxDetails

from pillars.models import Question
from pillars.selectors import catalog_current, catalog_overview, check_estimates

from . import ratelimit
from .access import (
    assessment_for_request,
    questionnaire_for_request,
    self_assessment_for_request,
)
from .forms import AnswerForm, StartForm, start_form_html
from .models import (
    COUNTS_AS_ANSWERED,
    MAX_COMMENT_LENGTH,
    Assessment,
)
from .question_cards import card_labels, question_cards
from .selectors import (
    QuestionnairePage,
    actions_to_review,
    first_pillar_key,
    participant_for,
    progress_for,
    question_in_catalog,
    questionnaire_page,
    review_page,
)
from .services import (
    AnswerInput,
    AssessmentLocked,
    answers_save,
    assessment_delete,
    assessment_extend,
    assessment_finish,
    assessment_reopen,
    assessment_start,
)

# Lazy: a module-level gettext would freeze the language active at import for everyone.
COMPLETED_MESSAGE = gettext_lazy("This assessment is completed. Reopen it to change answers.")
# Two windows (or people) on one private link: the later save never silently undoes the other's.
CHANGED_ELSEWHERE_ANSWER = gettext_lazy(
    "Not saved: this answer was changed in another window meanwhile. Reload the page to see the "
    "newer answer, then change it again if yours is right."
)
CHANGED_ELSEWHERE_PAGE = gettext_lazy(
    "Some answers were changed in another window meanwhile. The marked questions show the newer "
    "answers; yours were not saved over them. Change them again if yours are right."
)
CHANGED_ELSEWHERE_CARD = gettext_lazy(
    "Changed in another window meanwhile: this is the newer answer."
)


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for the type checker)."""

    htmx: HtmxDetails


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    pillars = catalog_overview(catalog) if catalog else []
    # catalog_overview annotates question_count onto each pillar.
    question_count = sum(pillar.question_count for pillar in pillars)  # type: ignore[attr-defined]
    context = {
        "pillars": pillars,
        "question_count": question_count,
        "estimates": check_estimates(catalog) if catalog else None,
    }
    return render(request, "assessment/home.html", context)


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "assessment/imprint.html", {"operator": _operator()})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {"operator": _operator(), "retention_days": settings.ASSESSMENT_RETENTION_DAYS}
    return render(request, "assessment/privacy.html", context)


def _operator() -> dict[str, str]:
    return {
        "name": settings.OPERATOR_NAME,
        "address": settings.OPERATOR_ADDRESS,
        "contact": settings.OPERATOR_CONTACT,
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    catalog = catalog_current()
    if catalog is None:
        messages.error(request, _("The checklist is not available right now. Please try later."))
        return redirect("assessment:home")
    estimates = check_estimates(catalog)
    form = StartForm(request.POST or None, quick_check=estimates.quick is not None)
    if request.method == "POST":
        ratelimit.hit_or_refuse(ratelimit.start_limit(), ratelimit.client_address(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = assessment_start(
            organisation_name=data["organisation_name"],
            industry=data["industry"],
            size_band=data["size_band"],
            country=data["country"],
            language=data["language"],
            catalog=catalog,
            business_model=data["business_model"],
            scope=data["scope"],
        )
        # The questionnaire speaks the language chosen for the assessment.
        with translation.override(assessment.language):
            return redirect(reverse("assessment:link", kwargs={"token": assessment.token}))
    context = {
        "form": form,
        "form_html": None if form.is_bound else start_form_html(form),
        "estimates": estimates,
    }
    return render(request, "assessment/start.html", context)


@never_cache
@require_safe
def private_link(request: HttpRequest, token: str) -> HttpResponse:
    assessment = questionnaire_for_request(request, token)
    return render(
        request,
        "assessment/private_link.html",
        {
            "assessment": assessment,
            "resume_url": request.build_absolute_uri(assessment.get_absolute_url()),
            "first_pillar_key": first_pillar_key(assessment),
        },
    )


@never_cache
@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    if assessment.is_completed or assessment.mode == Assessment.Mode.DISTRIBUTED:
        return redirect("reports:results", token=token)
    participant = participant_for(assessment)
    pillar_key = participant.last_pillar_key or first_pillar_key(assessment)
    return redirect("assessment:pillar", token=token, pillar_key=pillar_key)


def _form_error(form: AnswerForm) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def valid_answers(
    questions: list[Question], data: QueryDict
) -> tuple[list[AnswerInput], dict[str, str]]:
    """The valid answers of the posted page, and the errors of the others by question key.

    Shared with the workshop participants' pages (participant_views).
    """
    answers, errors = [], {}
    for question in questions:
        form = AnswerForm(data, prefix=question.key)
        if not form.is_valid():
            errors[question.key] = _form_error(form)
            continue
        answers.append(
            AnswerInput(
                question=question,
                value=form.cleaned_data["value"],
                target=form.cleaned_data["target"],
                comment=form.cleaned_data["comment"],
                relevance=form.cleaned_data["relevance"],
                seen=form.cleaned_data["seen"] or None,
            )
        )
    return answers, errors


def _destination(token: str, page: QuestionnairePage, goto: str) -> str:
    pillar_keys = {item.pillar.key for item in page.nav}
    if goto in pillar_keys:
        return reverse("assessment:pillar", kwargs={"token": token, "pillar_key": goto})
    if goto == "review" or page.next is None:
        return reverse("assessment:review", kwargs={"token": token})
    return reverse("assessment:pillar", kwargs={"token": token, "pillar_key": page.next.key})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def pillar_page(request: HttpRequest, token: str, pillar_key: str) -> HttpResponse:
    assessment = questionnaire_for_request(request, token)
    participant = participant_for(assessment)
    page = questionnaire_page(assessment, participant, pillar_key)
    if page is None:
        raise Http404("No such pillar in this assessment.")
    errors: dict[str, str]
    posted, errors, status = None, {}, 200
    if request.method == "POST" and assessment.is_completed and not _posts_answers(request, page):
        # The read-only page (its fields disabled, so never sent) only moves on. A page that
        # was opened before finishing still sends its answers and is told below why they stay.
        return redirect(_destination(token, page, request.POST.get("goto", "")))
    if request.method == "POST":
        answers, errors = valid_answers(page.questions, request.POST)
        try:
            # Valid answers are kept even when others on the page need correcting.
            outcome = answers_save(participant=participant, answers=answers, pillar_key=pillar_key)
        except AssessmentLocked:
            messages.warning(request, COMPLETED_MESSAGE)
            return redirect("assessment:pillar", token=token, pillar_key=pillar_key)
        if not errors and not outcome.conflicts:
            goto = request.POST.get("goto", "")
            if goto != pillar_key and not any(
                answer.value.status in COUNTS_AS_ANSWERED for answer in answers
            ):
                messages.info(request, _empty_pillar_message(page))
            return redirect(_destination(token, page, goto))
        posted, status = request.POST.copy(), 400
        if errors:
            messages.error(
                request,
                _("Some answers could not be saved. Please check the marked questions."),
            )
        if outcome.conflicts:
            status = 409
            messages.warning(request, CHANGED_ELSEWHERE_PAGE)
            for question in outcome.conflicts:
                # The card shows the newer answer from the other window, not the posted one.
                for field in ("value", "target", "comment", "relevance"):
                    posted.pop(f"{question.key}-{field}", None)
                errors[question.key] = str(CHANGED_ELSEWHERE_CARD)
        page = questionnaire_page(assessment, participant, pillar_key)
        assert page is not None  # the pillar existed a moment ago and catalogs do not change
    context = {
        "assessment": assessment,
        "page": page,
        "cards": question_cards(page, posted, errors),
        "card_labels": card_labels(),
        "comment_max_length": MAX_COMMENT_LENGTH,
        # A re-assessment's first page points to the previous plan's open actions.
        "actions_to_review": actions_to_review(assessment)
        if page.nav and page.nav[0].pillar.key == pillar_key
        else 0,
    }
    return render(request, "assessment/questionnaire.html", context, status=status)


def _posts_answers(request: HttpRequest, page: QuestionnairePage) -> bool:
    prefixes = tuple(f"{question.key}-" for question in page.questions)
    return any(name.startswith(prefixes) for name in request.POST)


def _empty_pillar_message(page: QuestionnairePage) -> str:
    return _(
        "You left “%(pillar)s” without an answer. It gets no score (“not enough answers”) "
        "until at least half of its questions are answered; you can come back any time."
    ) % {"pillar": page.pillar.name}


@never_cache
@require_POST
def answer(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Save one answer as it is picked (HTMX); without JavaScript the page form does the saving."""
    assessment = questionnaire_for_request(request, token)
    participant = participant_for(assessment)
    question = question_in_catalog(assessment, request.POST.get("question", ""))
    if question is None:
        return _answer_problem(request, token, _("This question is not part of your assessment."))
    answers, errors = valid_answers([question], request.POST)
    if errors:
        return _answer_problem(request, token, errors[question.key])
    try:
        outcome = answers_save(
            participant=participant, answers=answers, pillar_key=question.pillar.key
        )
    except AssessmentLocked:
        return _answer_problem(request, token, str(COMPLETED_MESSAGE))
    if outcome.conflicts:
        return _answer_problem(request, token, str(CHANGED_ELSEWHERE_ANSWER))
    if not request.htmx:
        return redirect("assessment:resume", token=token)
    page = progress_for(participant, question.pillar.key)
    context = {
        "assessment": assessment,
        "page": page,
        "key": question.key,
        # The card's next save says it saw this answer, not the one the page was loaded with.
        "seen": outcome.versions[question.pk],
    }
    return render(request, "assessment/answer_saved.html", context)


def _answer_problem(request: HtmxHttpRequest, token: str, message: str) -> HttpResponse:
    if request.htmx:
        # 422 responses are swapped into the card (see htmx-config in base.html).
        return render(request, "assessment/answer_error.html", {"message": message}, status=422)
    messages.error(request, message)
    return redirect("assessment:resume", token=token)


@never_cache
@require_safe
def review(request: HttpRequest, token: str) -> HttpResponse:
    assessment = questionnaire_for_request(request, token)
    participant = participant_for(assessment)
    return render(
        request,
        "assessment/review.html",
        {"assessment": assessment, "review": review_page(assessment, participant)},
    )


@never_cache
@require_POST
def finish(request: HttpRequest, token: str) -> HttpResponse:
    assessment = questionnaire_for_request(request, token)
    assessment_finish(assessment=assessment)
    messages.success(request, _("Your assessment is complete. Here is your result."))
    return redirect("reports:results", token=token)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, token: str) -> HttpResponse:
    """A self-assessor deletes their assessment, answers and all (after a confirmation page).

    A consultant's client assessment is deleted by the consultant, not through its link (404).
    """
    assessment = self_assessment_for_request(request, token)
    if request.method == "POST":
        assessment_delete(assessment=assessment)
        messages.success(request, _("Your assessment and all its answers are deleted."))
        return redirect("assessment:home")
    return render(request, "assessment/delete.html", {"assessment": assessment})


@never_cache
@require_POST
def extend(request: HttpRequest, token: str) -> HttpResponse:
    """A quick check becomes the full check: the answers stay, the unanswered questions follow."""
    assessment = questionnaire_for_request(request, token)
    if not assessment.is_quick:
        messages.info(request, _("This assessment is already the full check."))
        return redirect("assessment:resume", token=token)
    assessment_extend(assessment=assessment)
    messages.success(request, _("The quick check is now the full check: your answers are kept."))
    return redirect("assessment:review", token=token)


@never_cache
@require_POST
def reopen(request: HttpRequest, token: str) -> HttpResponse:
    assessment = questionnaire_for_request(request, token)
    assessment_reopen(assessment=assessment)
    messages.info(request, _("The assessment is open again: you can change your answers."))
    return redirect("assessment:review", token=token)

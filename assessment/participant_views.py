"""A live workshop's participants: join with a code on a phone, answer, wait for the reveal.

No account: a participant is their private link (`Participant.token`). Every view gets the
participant through `access.participant_for_request` (404 for a wrong link, rate-limited) and the
workshop through `access.open_workshop_for_code`. Answers go through `services.answers_save` like
everyone's, but without the answer version the questionnaire sends: two tabs of one participant
or a double submit simply leave the last answer (one row per participant and question).
"""

from __future__ import annotations

import dataclasses
import hashlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .access import open_workshop_for_code, participant_for_request
from .models import MAX_COMMENT_LENGTH, Participant, Workshop
from .participant_forms import JoinCodeForm, JoinForm
from .question_cards import card_labels, question_cards
from .selectors import (
    QuestionnairePage,
    first_pillar_key,
    progress_for,
    question_in_catalog,
    questionnaire_page,
)
from .services import AnswerInput, AssessmentLocked, answers_save
from .views import HtmxHttpRequest, valid_answers
from .workshops import WorkshopClosed, participant_finish, participant_join

CLOSED_MESSAGE = gettext_lazy(
    "The workshop is closed: answers are no longer taken. Your earlier answers are kept."
)
UNKNOWN_CODE_MESSAGE = gettext_lazy(
    "No open workshop has this code. Please check it against the screen; the workshop may also "
    "have ended."
)
# How often the phones ask whether the facilitator moved on or revealed the results.
POLL_SECONDS = 2


# --- Joining


def _join_form_page(request: HttpRequest, form: JoinCodeForm, status: int = 200) -> HttpResponse:
    return render(request, "participate/join.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The code typed by hand: on to the workshop's join page, or the form again."""
    if request.method != "POST":
        return _join_form_page(request, JoinCodeForm())
    form = JoinCodeForm(request.POST)
    if not form.is_valid():
        return _join_form_page(request, form, status=400)
    workshop = open_workshop_for_code(request, form.cleaned_data["code"])
    if workshop is None:
        form.add_error("code", str(UNKNOWN_CODE_MESSAGE))
        return _join_form_page(request, form, status=404)
    return redirect("participate:join_code", code=workshop.join_code)


def _roles(workshop: Workshop) -> list[str]:
    workspace = workshop.assessment.organisation.workspace
    return workspace.role_list if workspace is not None else []


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """Where the QR code leads: the client's name, then name (named workshops) and role."""
    workshop = open_workshop_for_code(request, code)
    if workshop is None:
        form = JoinCodeForm({"code": code[:24]})
        form.is_valid()
        form.add_error("code", str(UNKNOWN_CODE_MESSAGE))
        return _join_form_page(request, form, status=404)
    roles = _roles(workshop)
    join_form = JoinForm(
        request.POST if request.method == "POST" else None, workshop=workshop, roles=roles
    )
    if request.method == "POST" and join_form.is_valid():
        try:
            participant = participant_join(
                workshop=workshop,
                name=join_form.cleaned_data.get("name", ""),
                role=join_form.cleaned_data["role"],
            )
        except WorkshopClosed:
            return render(request, "participate/closed.html", {"workshop": workshop}, status=409)
        except ValueError:  # the role list changed between the form and the join
            join_form.add_error("role", _("Please choose one of the roles in the list."))
        else:
            return redirect("participate:link", token=participant.token)
    context = {"workshop": workshop, "client": workshop.assessment.organisation, "form": join_form}
    status = 400 if request.method == "POST" else 200
    return render(request, "participate/join_code.html", context, status=status)


# --- A participant's pages, behind their private link


def _workshop(participant: Participant) -> Workshop:
    return participant.assessment.workshop


def _accepts_answers(participant: Participant) -> bool:
    return _workshop(participant).is_open and not participant.assessment.is_completed


def team_url(participant: Participant) -> str:
    """The team results page for participants (served by the reports app)."""
    return reverse("reports:participant_team", kwargs={"token": participant.token})


def _pillar_url(participant: Participant, pillar_key: str) -> str:
    return reverse(
        "participate:pillar", kwargs={"token": participant.token, "pillar_key": pillar_key}
    )


def _current_pillar_key(participant: Participant) -> str:
    """The pillar to show: the facilitator's (facilitator-paced) or the participant's last one."""
    workshop = _workshop(participant)
    if workshop.is_facilitator_paced and workshop.current_pillar_key:
        return workshop.current_pillar_key
    return participant.last_pillar_key or first_pillar_key(participant.assessment) or ""


def _state(participant: Participant) -> dict[str, object]:
    workshop = _workshop(participant)
    pillar_key = workshop.current_pillar_key
    revealed = list(workshop.revealed_pillar_keys)
    return {
        "pillar": pillar_key,
        "pillar_url": _pillar_url(participant, pillar_key) if pillar_key else None,
        "follow": workshop.is_facilitator_paced,
        "revealed": revealed,
        "team_url": team_url(participant) if revealed else None,
        "closed": not workshop.is_open,
    }


def _state_etag(participant: Participant) -> str:
    """Changes with every facilitator action (each stamps the workshop's updated_at)."""
    workshop = _workshop(participant)
    parts = (workshop.updated_at.isoformat(), str(workshop.closed_at), get_language() or "")
    return '"state-' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:24] + '"'


def _live_context(participant: Participant, *, follow: bool, pillar_key: str = "") -> dict:
    """What participate.js needs to poll: the state URL, its ETag, what the page shows."""
    state = _state(participant)
    return {
        "state_url": reverse("participate:state", kwargs={"token": participant.token}),
        "state_etag": _state_etag(participant),
        "follow": follow,
        "shown_pillar_key": pillar_key,
        "team_url": state["team_url"],
        "closed": state["closed"],
        "closed_message": CLOSED_MESSAGE,
        "poll_ms": POLL_SECONDS * 1000,
    }


@never_cache
@require_safe
def start(request: HttpRequest, token: str) -> HttpResponse:
    participant = participant_for_request(request, token)
    if participant.finished_at is not None:
        return redirect("participate:done", token=token)
    return redirect("participate:pillar", token=token, pillar_key=_current_pillar_key(participant))


@never_cache
@require_safe
def private_link(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own link, to come back on another device; shown big after joining."""
    participant = participant_for_request(request, token)
    context = {
        "participant": participant,
        "workshop": _workshop(participant),
        "client": participant.assessment.organisation,
        "resume_url": request.build_absolute_uri(
            reverse("participate:start", kwargs={"token": token})
        ),
    }
    return render(request, "participate/link.html", context)


def _page_or_404(participant: Participant, pillar_key: str) -> QuestionnairePage:
    page = questionnaire_page(participant.assessment, participant, pillar_key, earlier=False)
    if page is None:
        raise Http404("No such pillar in this workshop.")
    return page


def _participant_answers(answers: list[AnswerInput]) -> list[AnswerInput]:
    """No target level and no version check for participants: the last save wins."""
    return [dataclasses.replace(item, target=None, seen=None) for item in answers]


def _after_page_submit(participant: Participant, page: QuestionnairePage, goto: str) -> str:
    token = participant.token
    if goto == "done":
        return reverse("participate:done", kwargs={"token": token})
    if _workshop(participant).is_facilitator_paced:
        return reverse("participate:start", kwargs={"token": token})
    if goto in {item.pillar.key for item in page.nav}:
        return _pillar_url(participant, goto)
    if page.next is not None:
        return _pillar_url(participant, page.next.key)
    return reverse("participate:done", kwargs={"token": token})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def pillar_page(request: HttpRequest, token: str, pillar_key: str) -> HttpResponse:
    """One pillar's questions on a phone; answers autosave, the form submit is the fallback."""
    participant = participant_for_request(request, token)
    workshop = _workshop(participant)
    page = _page_or_404(participant, pillar_key)
    errors: dict[str, str] = {}
    posted, status = None, 200
    if request.method == "POST":
        # Only the questions the page sent: participate.js leaves out those not touched here.
        sent = [
            question
            for question in page.questions
            if f"{question.key}-value" in request.POST or f"{question.key}-comment" in request.POST
        ]
        answers, errors = valid_answers(sent, request.POST)
        try:
            answers_save(
                participant=participant,
                answers=_participant_answers(answers),
                pillar_key=pillar_key,
            )
        except AssessmentLocked:
            messages.warning(request, CLOSED_MESSAGE)
            return redirect("participate:pillar", token=token, pillar_key=pillar_key)
        if not errors:
            destination = _after_page_submit(participant, page, request.POST.get("goto", ""))
            if destination == reverse("participate:done", kwargs={"token": token}):
                # "I'm done" (or past the last pillar): the facilitator sees them finished.
                participant_finish(participant=participant)
            return redirect(destination)
        messages.error(
            request, _("Some answers could not be saved. Please check the marked questions.")
        )
        posted, status = request.POST.copy(), 400
        page = _page_or_404(participant, pillar_key)
    elif workshop.is_facilitator_paced:
        # Every phone shows the pillar the facilitator opened; a late joiner lands there too.
        current = _current_pillar_key(participant)
        if current != pillar_key and current in {item.pillar.key for item in page.nav}:
            return redirect("participate:pillar", token=token, pillar_key=current)
    context = {
        "participant": participant,
        "workshop": workshop,
        "client": participant.assessment.organisation,
        "page": page,
        "cards": question_cards(page, posted, errors),
        "card_labels": card_labels(),
        "comment_max_length": MAX_COMMENT_LENGTH,
        "read_only": not _accepts_answers(participant),
        **_live_context(participant, follow=workshop.is_facilitator_paced, pillar_key=pillar_key),
    }
    return render(request, "participate/pillar.html", context, status=status)


@never_cache
@require_POST
def answer(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Save one answer as it is picked (HTMX); without JavaScript the page form saves."""
    participant = participant_for_request(request, token)
    question = question_in_catalog(participant.assessment, request.POST.get("question", ""))
    if question is None:
        return _answer_problem(request, token, _("This question is not part of this workshop."))
    answers, errors = valid_answers([question], request.POST)
    if errors:
        return _answer_problem(request, token, errors[question.key])
    try:
        answers_save(
            participant=participant,
            answers=_participant_answers(answers),
            pillar_key=question.pillar.key,
        )
    except AssessmentLocked:
        return _answer_problem(request, token, str(CLOSED_MESSAGE))
    if not request.htmx:
        return redirect("participate:pillar", token=token, pillar_key=question.pillar.key)
    page = progress_for(participant, question.pillar.key)
    return render(request, "participate/answer_saved.html", {"page": page})


def _answer_problem(request: HtmxHttpRequest, token: str, message: str) -> HttpResponse:
    if request.htmx:
        # 422 responses are swapped into the card (see htmx-config in base.html).
        return render(request, "assessment/answer_error.html", {"message": message}, status=422)
    messages.error(request, message)
    return redirect("participate:start", token=token)


@never_cache
@require_safe
def state(request: HttpRequest, token: str) -> HttpResponse:
    """What the phones poll: the facilitator's pillar, the revealed pillars, closed or not.

    One query (the participant with the workshop); `304 Not Modified` when the ETag the phone
    sends is still current. `never_cache` keeps proxies and the browser cache out of it: the
    script sends If-None-Match itself.
    """
    participant = participant_for_request(request, token)
    etag = _state_etag(participant)
    sent = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    response: HttpResponse = (
        HttpResponseNotModified() if etag in sent else JsonResponse(_state(participant))
    )
    response["ETag"] = etag
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def done(request: HttpRequest, token: str) -> HttpResponse:
    """POST: the participant is done. GET: thanks, and the team results once revealed."""
    participant = participant_for_request(request, token)
    if request.method == "POST":
        participant_finish(participant=participant)
        return redirect("participate:done", token=token)
    last_pillar = _current_pillar_key(participant)
    context = {
        "participant": participant,
        "workshop": _workshop(participant),
        "client": participant.assessment.organisation,
        "back_url": _pillar_url(participant, last_pillar) if last_pillar else None,
        **_live_context(participant, follow=False),
    }
    return render(request, "participate/done.html", context)

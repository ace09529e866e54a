"""Reads for assessments: each fetches what a page needs in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery

from pillars import catalog_cache
from pillars.constants import MIN_COVERAGE
from pillars.models import LegalNote, Pillar, Question

from .models import (
    COUNTS_AS_ANSWERED,
    Action,
    Answer,
    AnswerStatus,
    Assessment,
    BusinessModel,
    KpiInputs,
    Organisation,
    Participant,
    ShareLink,
    Workspace,
)
from .values import MAX_QUESTION_KEY_LENGTH, has_forbidden_characters

ANSWERED_STATUSES = COUNTS_AS_ANSWERED


def assessment_for_token(token: str) -> Assessment | None:
    # Sliced, not .first(): a token is unique, and the ordering first() adds cost a third of
    # this read, which every request by private link makes (issue 13).
    found = Assessment.objects.select_related("organisation", "catalog").filter(token=token)[:1]
    return next(iter(found), None)


def participant_for(assessment: Assessment) -> Participant:
    """The participant of a self-assessment (created with it, so there always is one)."""
    participant = assessment.participants.order_by("pk").first()
    if participant is None:
        raise Participant.DoesNotExist(f"assessment {assessment.pk} has no participant")
    participant.assessment = assessment  # saves a query when services read it back
    return participant


def questions_of(assessment: Assessment) -> QuerySet[Question]:
    """The questions an assessment asks and scores: the one place that decides it.

    A company's business model leaves out the questions that do not apply to it (B2B, B2C; "both"
    keeps all); a quick check asks only the catalog's quick_check questions.
    """
    questions = Question.objects.order_by("order")
    model = assessment.organisation.business_model
    if model != BusinessModel.BOTH:
        questions = questions.filter(business_models__contains=model)
    if assessment.is_quick:
        questions = questions.filter(quick_check=True)
    return questions


def asks(question: Question, *, business_model: str, quick: bool) -> bool:
    """`questions_of` for a question already loaded (reads that load many catalogs at once)."""
    if business_model != BusinessModel.BOTH and business_model not in question.business_models:
        return False
    return question.quick_check or not quick


def use_b2c_wording(assessment: Assessment, pillars: list[Pillar]) -> None:
    """Mark the (prefetched) levels of a B2C company's assessment to show the B2C wording."""
    if assessment.organisation.business_model != BusinessModel.B2C:
        return
    for pillar in pillars:
        for question in pillar.question_list:
            for level in question.levels_by_number.values():
                level.b2c = True


def pillars_with_questions(assessment: Assessment, *, recommendations: bool) -> list[Pillar]:
    """The pillars with the questions the assessment asks and their level descriptors; for the
    results (``recommendations``) also the recommendations and the legal notes for the
    organisation's country. Loaded once per process for a published catalog
    (pillars.catalog_cache).

    The objects are shared with other requests: read them, never change them.
    """
    variant = (
        "pillars",
        assessment.organisation.business_model,
        assessment.is_quick,
        recommendations,
        assessment.organisation.country if recommendations else "",
    )
    pillars = catalog_cache.cached(
        assessment.catalog,
        variant,
        lambda: _load_pillars_with_questions(assessment, recommendations=recommendations),
    )
    return list(pillars)


def _load_pillars_with_questions(assessment: Assessment, *, recommendations: bool) -> list[Pillar]:
    lookups: list[str | Prefetch] = ["levels"]
    if recommendations:
        country = assessment.organisation.country
        notes = LegalNote.objects.filter(country=country).order_by("order")
        lookups += ["recommendations", Prefetch("legal_notes", queryset=notes)]
    questions = questions_of(assessment).prefetch_related(*lookups)
    pillars = list(
        assessment.catalog.pillars.order_by("order").prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )
    use_b2c_wording(assessment, pillars)
    return pillars


def answers_by_question(participant: Participant) -> dict[int, Answer]:
    # Not `participant.answers.all()`: that sets the participant on each answer through its
    # descriptor, a third of this read's time (issue 13); nothing reads it from an answer here.
    return {answer.question_id: answer for answer in Answer.objects.filter(participant=participant)}


@dataclass
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class PillarNavItem:
    pillar: Pillar
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass
class QuestionnairePage:
    assessment: Assessment
    participant: Participant
    pillar: Pillar
    questions: list[Question]
    answers: dict[int, Answer]
    nav: list[PillarNavItem]
    progress: Progress
    previous: Pillar | None
    next: Pillar | None
    # The baseline's answers to this page's questions, by question pk (re-assessments only).
    earlier: dict[int, EarlierAnswer] = field(default_factory=dict)


@dataclass(frozen=True)
class EarlierAnswer:
    """What the baseline assessment answered to a question (matched by its key)."""

    status: str  # "" when the question was not answered then
    level: int | None


def earlier_answers(assessment: Assessment, questions: list[Question]) -> dict[int, EarlierAnswer]:
    """The baseline's answers to these questions, by question pk: one query, none without one.

    Questions are matched by key, so a baseline answered with an older catalog version still
    shows its answers; a question the baseline did not answer maps to a blank answer.
    """
    if assessment.baseline_id is None or not questions:
        return {}
    first_participant = (
        Participant.objects.filter(assessment_id=assessment.baseline_id)
        .order_by("pk")
        .values("pk")[:1]
    )
    stored = {
        key: (status, level)
        for key, status, level in Answer.objects.filter(
            participant_id=Subquery(first_participant),
            question__key__in=[question.key for question in questions],
        ).values_list("question__key", "status", "level")
    }
    blank = ("", None)
    return {question.pk: EarlierAnswer(*stored.get(question.key, blank)) for question in questions}


def _progress(pillars: list[Pillar], answers: dict[int, Answer]) -> tuple[list, Progress]:
    nav = []
    for pillar in pillars:
        questions = pillar.question_list
        answered = sum(
            1 for q in questions if q.pk in answers and answers[q.pk].status in ANSWERED_STATUSES
        )
        nav.append(PillarNavItem(pillar=pillar, answered=answered, total=len(questions)))
    progress = Progress(
        answered=sum(item.answered for item in nav), total=sum(item.total for item in nav)
    )
    return nav, progress


def questionnaire_page(
    assessment: Assessment, participant: Participant, pillar_key: str, *, earlier: bool = True
) -> QuestionnairePage | None:
    """One pillar's questions with the participant's answers and progress.

    `earlier=False` leaves out the baseline's answers: a workshop participant is not shown
    what someone answered last time.
    """
    pillars = pillars_with_questions(assessment, recommendations=False)
    index = next((i for i, p in enumerate(pillars) if p.key == pillar_key), None)
    if index is None:
        return None
    answers = answers_by_question(participant)
    nav, progress = _progress(pillars, answers)
    pillar = pillars[index]
    questions = list(pillar.question_list)
    return QuestionnairePage(
        assessment=assessment,
        participant=participant,
        pillar=pillar,
        questions=questions,
        answers=answers,
        nav=nav,
        progress=progress,
        previous=pillars[index - 1] if index > 0 else None,
        next=pillars[index + 1] if index + 1 < len(pillars) else None,
        earlier=earlier_answers(assessment, questions) if earlier else {},
    )


@dataclass
class ReviewRow:
    """One question on the review page with the participant's answer, in words."""

    question: Question
    status: str  # an AnswerStatus value, or "" when not answered
    level: int | None
    level_text: str  # the chosen level's descriptor, "" unless a level is picked
    target: int | None
    comment: str

    @property
    def answered(self) -> bool:
        return self.status in COUNTS_AS_ANSWERED


@dataclass
class ReviewPillar:
    pillar: Pillar
    rows: list[ReviewRow]
    answered: int
    total: int
    # Enough questions with a level for a score (pillars.constants.MIN_COVERAGE, as in scoring).
    scored: bool


@dataclass
class ReviewPage:
    nav: list[PillarNavItem]
    progress: Progress
    unanswered: list[tuple[Pillar, list[Question]]]
    dont_know: int
    pillars: list[ReviewPillar] = field(default_factory=list)

    @property
    def unscored(self) -> list[ReviewPillar]:
        """The pillars that would show "not enough answers" if finished now."""
        return [pillar for pillar in self.pillars if not pillar.scored]


def _review_row(question: Question, answer: Answer | None) -> ReviewRow:
    if answer is None:
        return ReviewRow(question, "", None, "", None, "")
    chosen = question.levels_by_number.get(answer.level) if answer.level else None
    return ReviewRow(
        question=question,
        status=answer.status,
        level=answer.level,
        level_text=chosen.text if chosen else "",
        target=answer.target,
        comment=answer.comment,
    )


def _review_pillar(pillar: Pillar, answers: dict[int, Answer]) -> ReviewPillar:
    rows = [_review_row(question, answers.get(question.pk)) for question in pillar.question_list]
    with_level = sum(1 for row in rows if row.status == AnswerStatus.LEVEL)
    applicable = sum(1 for row in rows if row.status != AnswerStatus.NOT_APPLICABLE)
    return ReviewPillar(
        pillar=pillar,
        rows=rows,
        answered=sum(1 for row in rows if row.answered),
        total=len(rows),
        scored=with_level > 0 and with_level >= MIN_COVERAGE * applicable,
    )


def review_page(assessment: Assessment, participant: Participant) -> ReviewPage:
    """Every answer, pillar by pillar, and the progress: the questionnaire page's queries."""
    pillars = pillars_with_questions(assessment, recommendations=False)
    answers = answers_by_question(participant)
    nav, progress = _progress(pillars, answers)
    unanswered = []
    for pillar in pillars:
        missing = [
            q
            for q in pillar.question_list
            if q.pk not in answers or answers[q.pk].status not in ANSWERED_STATUSES
        ]
        if missing:
            unanswered.append((pillar, missing))
    dont_know = sum(1 for a in answers.values() if a.status == AnswerStatus.DONT_KNOW)
    return ReviewPage(
        nav=nav,
        progress=progress,
        unanswered=unanswered,
        dont_know=dont_know,
        pillars=[_review_pillar(pillar, answers) for pillar in pillars],
    )


def progress_for(participant: Participant, current_pillar_key: str) -> QuestionnairePage:
    """Just what the progress bar and the pillar tabs need after an autosave: one query (the
    answers' statuses) besides the cached catalog.

    The page object it returns has no questions or answers; it only redraws those two parts.
    """
    assessment = participant.assessment
    pillars = pillars_with_questions(assessment, recommendations=False)
    answered_ids = set(
        participant.answers.filter(status__in=ANSWERED_STATUSES).values_list(
            "question_id", flat=True
        )
    )
    nav = []
    for pillar in pillars:
        questions = pillar.question_list
        nav.append(
            PillarNavItem(
                pillar=pillar,
                answered=sum(1 for q in questions if q.pk in answered_ids),
                total=len(questions),
            )
        )
    progress = Progress(
        answered=sum(item.answered for item in nav), total=sum(item.total for item in nav)
    )
    current = next((p for p in pillars if p.key == current_pillar_key), pillars[0])
    return QuestionnairePage(
        assessment=assessment,
        participant=participant,
        pillar=current,
        questions=[],
        answers={},
        nav=nav,
        progress=progress,
        previous=None,
        next=None,
    )


def first_pillar_key(assessment: Assessment) -> str | None:
    return catalog_cache.cached(
        assessment.catalog,
        "first_pillar_key",
        lambda: assessment.catalog.pillars.order_by("order").values_list("key", flat=True).first(),
    )


def _questions_by_key(assessment: Assessment) -> dict[str, Question]:
    return catalog_cache.cached(
        assessment.catalog,
        "questions_by_key",
        lambda: {
            question.key: question
            for question in Question.objects.select_related("pillar").filter(
                catalog_id=assessment.catalog_id
            )
        },
    )


def question_in_catalog(assessment: Assessment, key: str) -> Question | None:
    """The question with this key in the assessment's catalog; None for anything else."""
    if not key or len(key) > MAX_QUESTION_KEY_LENGTH or has_forbidden_characters(key):
        return None
    return _questions_by_key(assessment).get(key)


# --- Consultants' clients


def clients_for_list(workspace: Workspace, search: str = "") -> list[Organisation]:
    """The workspace's clients by name, with `assessment_count` and `last_assessed_at`: one query.

    `search` keeps the clients whose name contains it, in any case. It is matched here rather
    than in SQL: SQLite folds the case of ASCII letters only ("müller" would miss "MÜLLER"), and
    a workspace has hundreds of clients, not millions.
    """
    clients: list[Organisation] = list(
        Organisation.objects.filter(workspace=workspace)
        .annotate(
            assessment_count=Count("assessments"),
            last_assessed_at=Max("assessments__created_at"),
        )
        .order_by("name", "pk")
    )
    if search:
        needle = search.casefold()
        clients = [client for client in clients if needle in client.name.casefold()]
    return clients


def latest_completed_assessments(clients: list[Organisation]) -> dict[int, Assessment]:
    """Each client's newest completed assessment, by client pk: one query (none for no clients)."""
    if not clients:
        return {}
    newest = (
        Assessment.objects.filter(
            organisation_id=OuterRef("organisation_id"), status=Assessment.Status.COMPLETED
        )
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    latest = Assessment.objects.filter(
        organisation__in=[client.pk for client in clients], pk=Subquery(newest)
    ).select_related("catalog")  # scoring them reads the catalog
    return {assessment.organisation_id: assessment for assessment in latest}


def client_assessments(client: Organisation) -> list[Assessment]:
    """The client's assessments, newest first, with their baselines' dates and their catalogs
    (for scoring them): one query."""
    assessments = list(
        Assessment.objects.filter(organisation=client)
        .select_related("baseline", "created_by", "catalog")
        .order_by("-created_at", "-pk")
    )
    for assessment in assessments:
        assessment.organisation = client
    return assessments


@dataclass(frozen=True)
class ClientDeletion:
    """What deleting a client takes with it, for the confirmation page."""

    assessments: int
    answers: int
    share_links: int
    participants: int


def client_deletion(client: Organisation) -> ClientDeletion:
    """Counts of the rows that go with the client: one query."""
    counts = Organisation.objects.filter(pk=client.pk).aggregate(
        n_assessments=Count("assessments", distinct=True),
        n_participants=Count("assessments__participants", distinct=True),
        n_answers=Count("assessments__participants__answers", distinct=True),
        n_share_links=Count("assessments__share_links", distinct=True),
    )
    return ClientDeletion(
        assessments=counts["n_assessments"],
        participants=counts["n_participants"],
        answers=counts["n_answers"],
        share_links=counts["n_share_links"],
    )


def share_links_of(assessment: Assessment) -> list[ShareLink]:
    """An assessment's share links, newest first (one query)."""
    return list(assessment.share_links.order_by("-created_at", "-pk"))


@dataclass
class ActionPlan:
    actions: list[Action]  # in plan order, filtered
    total: int  # all actions of the plan, unfiltered
    owners: list[str]  # every owner named in the plan, for the filter
    counts: dict[str, int]  # actions per status, unfiltered
    # Open actions of the previous assessment not carried over yet (re-assessments only).
    to_review: list[Action] = field(default_factory=list)


def actions_to_review(assessment: Assessment) -> int:
    """How many open actions of the previous assessment wait to be carried over: no query for a
    first assessment, one otherwise."""
    if assessment.baseline_id is None:
        return 0
    carried = Action.objects.filter(assessment=assessment, carried_from__isnull=False)
    return (
        Action.objects.filter(
            assessment_id=assessment.baseline_id,
            status__in=(Action.Status.OPEN, Action.Status.IN_PROGRESS),
        )
        .exclude(pk__in=carried.values("carried_from"))
        .count()
    )


def action_plan(assessment: Assessment, *, status: str = "", owner: str = "") -> ActionPlan:
    """The assessment's action plan, filtered by status and owner, in one query (two for a
    re-assessment). The actions come without their questions: ``question_id`` is there."""
    actions = list(Action.objects.filter(assessment_id=assessment.pk).order_by("position", "pk"))
    counts = dict.fromkeys(Action.Status.values, 0)
    for action in actions:
        counts[action.status] += 1
    owners = sorted(
        {action.owner for action in actions if action.owner},
        key=lambda name: (name.casefold(), name),
    )
    shown = [
        action
        for action in actions
        if (not status or action.status == status) and (not owner or action.owner == owner)
    ]
    to_review: list[Action] = []
    if assessment.baseline_id is not None:
        carried = {action.carried_from_id for action in actions if action.carried_from_id}
        to_review = [
            action
            for action in Action.objects.filter(
                assessment_id=assessment.baseline_id,
                status__in=(Action.Status.OPEN, Action.Status.IN_PROGRESS),
            ).order_by("position", "pk")
            if action.pk not in carried
        ]
    return ActionPlan(
        actions=shown, total=len(actions), owners=owners, counts=counts, to_review=to_review
    )


def kpi_inputs_of(assessment: Assessment) -> KpiInputs | None:
    """The assessment's KPI figures, or None while none were entered (one query)."""
    return next(iter(KpiInputs.objects.filter(assessment_id=assessment.pk)[:1]), None)

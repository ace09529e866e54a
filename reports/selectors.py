"""Reads for results and reports: an assessment's answers, scored, in a fixed number of queries."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, QuerySet, Sum

from assessment.models import (
    Answer,
    Assessment,
    BusinessModel,
    Consensus,
    Organisation,
    Participant,
    Workshop,
    Workspace,
)
from assessment.selectors import (
    answers_by_question,
    asks,
    client_assessments,
    clients_for_list,
    latest_completed_assessments,
    participant_for,
    pillars_with_questions,
)
from pillars.models import ALL_BUSINESS_MODELS, CatalogVersion, Pillar, Question
from pillars.selectors import scoring_pillars

from . import benchmark, scoring, team
from .comparison import Comparison, compare

# Tells "no baseline given" from "compare with nothing" (None).
_BASELINE_OF_ASSESSMENT = object()


@dataclass
class ScoredAssessment:
    """Everything the results page, the exports and the report are built from."""

    assessment: Assessment
    # The one participant of a self-assessment or facilitated one; None for a workshop.
    participant: Participant | None
    pillars: list[Pillar]
    answers: dict[int, Answer]
    result: scoring.AssessmentResult
    questions_by_key: dict[str, Question] = field(default_factory=dict)
    # The earlier assessment this one is compared with, scored (its own baseline not loaded).
    baseline: ScoredAssessment | None = None
    comparison: Comparison | None = None
    # The consultancy whose branding the report carries; None for anonymous self-assessments.
    workspace: Workspace | None = None
    # "Assessed by" of a facilitated assessment: the consultant who ran it.
    consultant_name: str = ""
    # False behind a share link created without comments: no output shows any.
    include_comments: bool = True
    # A workshop's team results (``result`` is then the team's score); None otherwise.
    team: team.TeamResult | None = None
    workshop: Workshop | None = None
    # A workshop's participants, by join order; their names are blank in anonymous ones.
    participants: list[Participant] = field(default_factory=list)
    # The agreed levels with their notes, by question key.
    consensus: dict[str, Consensus] = field(default_factory=dict)


def _everything(question: Question) -> bool:
    return True


def scoring_input(
    pillars: list[Pillar],
    answers: dict[int, Answer],
    asked: Callable[[Question], bool] = _everything,
) -> tuple[list[scoring.PillarSpec], dict[str, scoring.Answer]]:
    """Turn catalog rows and stored answers into the plain data the scoring module takes.

    `asked` keeps the questions an assessment asks when `pillars` hold the whole catalog.
    """
    specs = [
        scoring.PillarSpec(
            key=pillar.key,
            weight=float(pillar.weight),
            questions=tuple(
                scoring.QuestionSpec(key=q.key, weight=float(q.weight))
                for q in pillar.question_list
                if asked(q)
            ),
        )
        for pillar in pillars
    ]
    plain: dict[str, scoring.Answer] = {}
    for pillar in pillars:
        for question in pillar.question_list:
            answer = answers.get(question.pk)
            if not asked(question):
                continue
            if answer is None:
                continue
            # A blank status (only a target or a comment so far) is "level" without a level,
            # which the scoring module counts as unanswered but keeps the target of.
            plain[question.key] = scoring.Answer(
                level=answer.level,
                status=answer.status or scoring.ANSWER_LEVEL,
                target=answer.target,
                relevance=answer.relevance,
            )
    return specs, plain


def _workspace(assessment: Assessment) -> Workspace | None:
    """The client's workspace: no query for anonymous assessments or when already loaded."""
    organisation = assessment.organisation
    if organisation.workspace_id is None:
        return None
    return organisation.workspace


def _consultant_name(assessment: Assessment) -> str:
    if assessment.mode == Assessment.Mode.SELF or assessment.created_by_id is None:
        return ""
    user = assessment.created_by
    return (user.get_full_name() or user.get_username()) if user else ""


def _team_input(
    pillars: list[Pillar],
    participants: list[Participant],
    answers: Iterable[tuple[int, int, str, int | None]],
    consensus: Iterable[Consensus],
    asked: Callable[[Question], bool] = _everything,
) -> tuple[list[team.Voter], list[team.Vote], dict[str, int]]:
    """Participants, their answers (participant, question, status, level) and the agreed levels
    as the plain values `team.team_result` takes."""
    keys = {q.pk: q.key for p in pillars for q in p.question_list if asked(q)}
    voters = [team.Voter(participant.pk, participant.role) for participant in participants]
    votes = [
        team.Vote(participant_id, keys[question_id], level, status)
        for participant_id, question_id, status, level in answers
        # A blank status only carries a target or a comment: no vote yet.
        if status and question_id in keys
    ]
    agreed = {keys[row.question_id]: row.level for row in consensus if row.question_id in keys}
    return voters, votes, agreed


def _scored_team(assessment: Assessment, *, recommendations: bool) -> ScoredAssessment:
    """A workshop scored as a team: four queries besides the catalog's.

    workshop · participants · their answers · the agreed levels. Whatever the number of
    participants: the answers are loaded as plain tuples in one query.
    """
    workshop = Workshop.objects.filter(assessment=assessment).first()
    pillars = pillars_with_questions(assessment, recommendations=recommendations)
    participants = list(assessment.participants.order_by("pk"))
    answers = Answer.objects.filter(participant__assessment=assessment).values_list(
        "participant_id", "question_id", "status", "level"
    )
    consensus = list(Consensus.objects.filter(assessment=assessment).order_by("pk"))
    voters, votes, agreed = _team_input(pillars, participants, answers, consensus)
    specs, _plain = scoring_input(pillars, {})
    workspace = _workspace(assessment)
    result = team.team_result(
        specs,
        voters,
        votes,
        agreed,
        role_order=workspace.role_list if workspace else (),
        leadership_role=workshop.leadership_role if workshop else "",
    )
    questions_by_key = {q.key: q for p in pillars for q in p.question_list}
    by_pk = {q.pk: q.key for q in questions_by_key.values()}
    return ScoredAssessment(
        assessment=assessment,
        participant=None,
        pillars=pillars,
        answers={},
        result=result.result,
        questions_by_key=questions_by_key,
        team=result,
        workshop=workshop,
        participants=participants,
        consensus={by_pk[row.question_id]: row for row in consensus if row.question_id in by_pk},
    )


def _scored(assessment: Assessment, *, recommendations: bool) -> ScoredAssessment:
    if assessment.mode == Assessment.Mode.DISTRIBUTED:
        return _scored_team(assessment, recommendations=recommendations)
    participant = participant_for(assessment)
    pillars = pillars_with_questions(assessment, recommendations=recommendations)
    answers = answers_by_question(participant)
    specs, plain = scoring_input(pillars, answers)
    return ScoredAssessment(
        assessment=assessment,
        participant=participant,
        pillars=pillars,
        answers=answers,
        result=scoring.score_assessment(specs, plain),
        questions_by_key={q.key: q for p in pillars for q in p.question_list},
    )


def _business_models(
    assessments: list[Assessment], pillars_of: dict[int, list[Pillar]]
) -> dict[int, str]:
    """The business model of each organisation, when a catalog has questions only for some.

    One query then (none for catalogs whose questions all apply to everyone, as in version 1),
    unless the organisations came loaded with the assessments.
    """
    split = any(
        q.business_models != ALL_BUSINESS_MODELS
        for pillars in pillars_of.values()
        for pillar in pillars
        for q in pillar.question_list
    )
    if not split:
        return {}
    cached = [a for a in assessments if Assessment.organisation.is_cached(a)]
    if len(cached) == len(assessments):
        return {a.organisation_id: a.organisation.business_model for a in cached}
    return dict(
        Organisation.objects.filter(pk__in={a.organisation_id for a in assessments}).values_list(
            "pk", "business_model"
        )
    )


def _results_of(assessments: list[Assessment]) -> dict[int, scoring.AssessmentResult]:
    """Each assessment scored as on its results page, in a fixed number of queries whatever
    their number.

    participants · answers · pillars · questions; none at all for no assessments; one more (the
    agreed levels) when there are workshops. The pillars and questions only the first time the
    process scores a catalog's assessments (`scoring_pillars`), so usually two; one more (the
    catalogs) unless the assessments came with theirs (``select_related("catalog")``).
    A self-assessment is scored from its first participant's answers, a workshop as a team
    (`team`).
    """
    if not assessments:
        return {}
    workshops = {a.pk for a in assessments if a.mode == Assessment.Mode.DISTRIBUTED}
    first_participant: dict[int, int] = {}
    members: dict[int, list[int]] = defaultdict(list)
    for participant_id, assessment_id in (
        Participant.objects.filter(assessment__in=[a.pk for a in assessments])
        .order_by("-pk")
        .values_list("pk", "assessment_id")
    ):
        first_participant[assessment_id] = participant_id  # the lowest pk wins: it comes last
        if assessment_id in workshops:
            members[assessment_id].append(participant_id)
    wanted = set(first_participant.values())
    wanted.update(pk for pks in members.values() for pk in pks)
    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(participant__in=sorted(wanted)):
        answers[answer.participant_id][answer.question_id] = answer
    agreed: dict[int, list[Consensus]] = defaultdict(list)
    if workshops:
        for row in Consensus.objects.filter(assessment__in=sorted(workshops)):
            agreed[row.assessment_id].append(row)
    pillars_of = {
        catalog.pk: scoring_pillars(catalog) for catalog in _catalogs_of(assessments).values()
    }
    business_models = _business_models(assessments, pillars_of)
    results: dict[int, scoring.AssessmentResult] = {}
    for assessment in assessments:
        pillars = pillars_of[assessment.catalog_id]
        model = business_models.get(assessment.organisation_id, BusinessModel.BOTH)

        def asked(
            question: Question, model: str = model, quick: bool = assessment.is_quick
        ) -> bool:
            return asks(question, business_model=model, quick=quick)

        if assessment.pk in workshops:
            people = [Participant(pk=pk) for pk in sorted(members[assessment.pk])]
            rows = (
                (pk, question_id, answer.status, answer.level)
                for pk in sorted(members[assessment.pk])
                for question_id, answer in answers[pk].items()
            )
            voters, votes, consensus = _team_input(
                pillars, people, rows, agreed[assessment.pk], asked
            )
            specs, _plain = scoring_input(pillars, {}, asked)
            results[assessment.pk] = team.team_result(specs, voters, votes, consensus).result
            continue
        first = first_participant.get(assessment.pk)
        given = answers.get(first, {}) if first is not None else {}
        specs, plain = scoring_input(pillars, given, asked)
        results[assessment.pk] = scoring.score_assessment(specs, plain)
    return results


def _catalogs_of(assessments: list[Assessment]) -> dict[int, CatalogVersion]:
    """The assessments' catalog versions by pk: none read when they came with the assessments,
    one query otherwise."""
    catalogs = {a.catalog_id: a.catalog for a in assessments if Assessment.catalog.is_cached(a)}
    missing = {a.catalog_id for a in assessments} - catalogs.keys()
    if missing:
        catalogs.update(CatalogVersion.objects.in_bulk(missing))
    return catalogs


def overall_scores(assessments: Iterable[Assessment]) -> dict[int, float | None]:
    """The overall score of each assessment, by pk, in a fixed number of queries whatever their
    number (see `_results_of`).

    The scores are those of the results page (see `_results_of`).
    """
    return {pk: result.score for pk, result in _results_of(list(assessments)).items()}


def pillar_scores(assessments: Iterable[Assessment]) -> dict[int, dict[str, float | None]]:
    """Each assessment's pillar scores by pillar key, in a fixed number of queries whatever their
    number (see `_results_of`)."""
    return {
        pk: {pillar.key: pillar.score for pillar in result.pillars}
        for pk, result in _results_of(list(assessments)).items()
    }


# --- A workspace's clients with their scores (the pages live in client_views.py)


@dataclass(frozen=True)
class ClientRow:
    client: Organisation
    latest: Assessment | None  # the newest completed assessment
    score: float | None


def client_rows(workspace: Workspace, search: str = "") -> list[ClientRow]:
    """The client list: clients, their newest completed assessments, and those scored.

    Six queries however many clients: clients (with counts and dates) · newest completed
    assessments · the four of `overall_scores` (two once the process has the catalog).
    """
    clients = clients_for_list(workspace, search)
    latest = latest_completed_assessments(clients)
    scores = overall_scores(latest.values())
    return [
        ClientRow(
            client=client,
            latest=latest.get(client.pk),
            score=scores.get(latest[client.pk].pk) if client.pk in latest else None,
        )
        for client in clients
    ]


@dataclass(frozen=True)
class AssessmentRow:
    assessment: Assessment
    score: float | None  # completed assessments only


@dataclass(frozen=True)
class ClientPage:
    client: Organisation
    rows: list[AssessmentRow]  # newest first
    trend: list[AssessmentRow]  # completed and scored, oldest first

    @property
    def has_completed(self) -> bool:
        return self.latest_completed is not None

    @property
    def latest_completed(self) -> Assessment | None:
        """The assessment "assess again" takes as the baseline (see `assessment_reassess`)."""
        completed = [row.assessment for row in self.rows if row.assessment.is_completed]
        return max(completed, key=lambda a: (a.completed_at, a.pk), default=None)


def client_page(client: Organisation) -> ClientPage:
    """A client's assessments, newest first, with the overall scores of the completed ones.

    Five queries however many assessments: assessments · the four of `overall_scores` (three
    once the process has the catalog).
    """
    assessments = client_assessments(client)
    completed = [a for a in assessments if a.is_completed]
    scores = overall_scores(completed)
    rows = [AssessmentRow(assessment=a, score=scores.get(a.pk)) for a in assessments]
    trend = sorted(
        (row for row in rows if row.score is not None),
        key=lambda row: (row.assessment.completed_at, row.assessment.pk),
    )
    return ClientPage(client=client, rows=rows, trend=trend)


def scored_assessment(
    assessment: Assessment,
    *,
    baseline: Assessment | None | object = _BASELINE_OF_ASSESSMENT,
    include_comments: bool = True,
) -> ScoredAssessment:
    """The assessment scored, with its branding and, when it has one, its baseline compared.

    Seven queries for an anonymous self-assessment; a client's adds its workspace (unless the
    access helper loaded it) and, when facilitated, the consultant; a baseline adds six
    (itself, its participant, pillars, questions, levels, answers). ``baseline`` overrides the
    assessment's own (the side-by-side comparison of any two); None compares with nothing.
    """
    scored = _scored(assessment, recommendations=True)
    scored.include_comments = include_comments
    scored.workspace = _workspace(assessment)
    scored.consultant_name = _consultant_name(assessment)
    earlier: Assessment | None
    if baseline is _BASELINE_OF_ASSESSMENT:
        earlier = None
        if assessment.baseline_id is not None:
            earlier = (
                Assessment.objects.select_related("organisation", "catalog")
                .filter(pk=assessment.baseline_id)
                .first()
            )
    else:
        earlier = baseline if isinstance(baseline, Assessment) else None
    if earlier is not None:
        scored.baseline = _scored(earlier, recommendations=False)
        scored.comparison = compare(scored.baseline.result, scored.result)
    return scored


def scored_pair(first: Assessment, second: Assessment) -> ScoredAssessment:
    """Two completed assessments of one client, the later one scored against the earlier.

    The caller has both through the access helpers (one client, both completed). Eleven
    queries whatever the number of questions (six for the later one, five for the earlier), one
    more for the consultant of a facilitated one.
    """
    if first.organisation_id != second.organisation_id or first.pk == second.pk:
        raise ValueError("Only two different assessments of one client compare.")
    before, now = sorted((first, second), key=lambda a: (a.completed_at or a.created_at, a.pk))
    return scored_assessment(now, baseline=before)


# --- Peer benchmark


PeerKey = tuple[int, datetime | None]  # a peer's assessment pk and completed_at


@dataclass(frozen=True)
class PeerBenchmark:
    peers: int  # companies in the group (each counted once, with its newest result)
    bands: dict[str, benchmark.PeerBand | None]  # by pillar key; None below the minimum


def peer_benchmark(
    assessment: Assessment, pillar_keys: list[str] | None = None
) -> PeerBenchmark | None:
    """Other companies of the same industry and size band, each with its newest completed
    assessment; opted-out assessments and demo or test data never count. None without a size
    band (the group would not be comparable). ``pillar_keys``: the catalog's, when the caller
    has them loaded already.

    A page view reads the group's signature (one aggregate query, one row however large the
    group); only when it changed since this process last built the benchmark for this company
    (or PEER_SCORES_SECONDS have passed) are the group's members read, and of those only the
    peers not seen lately are scored (`_kept_peer_scores`).
    """
    organisation = assessment.organisation
    if not organisation.size_band:
        return None
    keys = pillar_keys or [pillar.key for pillar in assessment.catalog.pillars.order_by("order")]
    candidates = (
        Assessment.objects.filter(
            status=Assessment.Status.COMPLETED,
            benchmark_opt_out=False,
            organisation__industry=organisation.industry,
            organisation__size_band=organisation.size_band,
            organisation__is_sample=False,
        )
        .exclude(organisation=organisation)
        .order_by()
    )
    key = (organisation.pk, organisation.industry, organisation.size_band, tuple(keys))
    now = time.monotonic()
    kept = _peer_benchmarks.get(key)
    if (
        kept is not None
        and now - kept[0] < PEER_SCORES_SECONDS
        and _group_signature(candidates) == kept[1]
    ):
        return kept[2]
    members = list(
        candidates.order_by("organisation_id", "-completed_at", "-pk").values_list(
            "organisation_id", "pk", "completed_at"
        )
    )
    newest: dict[int, PeerKey] = {}
    for organisation_id, pk, completed_at in members:
        newest.setdefault(organisation_id, (pk, completed_at))
    scores = _kept_peer_scores(list(newest.values()))
    result = PeerBenchmark(peers=len(newest), bands=benchmark.pillar_bands(scores, keys))
    if len(_peer_benchmarks) >= PEER_BENCHMARKS_MAX:
        _peer_benchmarks.clear()
    _peer_benchmarks[key] = (now, _signature_of(members), result)
    return result


GroupSignature = tuple[int, int | None, int | None, datetime | None]


def _group_signature(candidates: QuerySet[Assessment]) -> GroupSignature:
    """What changes when an assessment joins or leaves the group (finished, reopened, opted out,
    deleted, its company's industry or size changed), is finished again (a newer completed_at)
    or moves to another company: how many, the sums of their ids and their companies' ids, the
    newest completion."""
    row = candidates.aggregate(
        count=Count("pk"),
        pk_sum=Sum("pk"),
        organisation_sum=Sum("organisation_id"),
        newest=Max("completed_at"),
    )
    return (row["count"], row["pk_sum"], row["organisation_sum"], row["newest"])


def _signature_of(members: list[tuple[int, int, datetime | None]]) -> GroupSignature:
    """`_group_signature` of the group's rows already read (organisation id, pk, completed_at),
    as the database computes it: sums and newest are None for no rows."""
    if not members:
        return (0, None, None, None)
    return (
        len(members),
        sum(pk for _o, pk, _c in members),
        sum(organisation_id for organisation_id, _pk, _c in members),
        max((completed for _o, _pk, completed in members if completed is not None), default=None),
    )


# The benchmark as last built for a company, with the group's signature it was built from and
# when. Per process, like the peers' scores below; PEER_SCORES_SECONDS bounds both.
PEER_BENCHMARKS_MAX = 5_000
_peer_benchmarks: dict[
    tuple[int, str, str, tuple[str, ...]], tuple[float, GroupSignature, PeerBenchmark]
] = {}


# A peer's pillar scores by (assessment pk, completed_at), with the time they were computed. A
# completed assessment's answers are read-only and finishing again sets a new completed_at, so
# the key changes with its answers; what can still change meanwhile (the team's agreed levels, the
# company's business model) reaches the benchmark within PEER_SCORES_SECONDS. Per process; the
# tests empty it (`peer_scores_clear`).
PEER_SCORES_SECONDS = 600
PEER_SCORES_MAX = 20_000
_peer_scores: dict[PeerKey, tuple[float, dict[str, float | None]]] = {}


def _kept_peer_scores(peers: list[PeerKey]) -> list[dict[str, float | None]]:
    now = time.monotonic()
    scores: dict[PeerKey, dict[str, float | None]] = {}
    for key in peers:
        kept = _peer_scores.get(key)
        if kept is not None and now - kept[0] < PEER_SCORES_SECONDS:
            scores[key] = kept[1]
    stale = [key for key in peers if key not in scores]
    if stale:
        computed = pillar_scores(
            Assessment.objects.filter(pk__in=[pk for pk, _completed in stale]).select_related(
                "organisation", "catalog"
            )
        )
        if len(_peer_scores) + len(stale) > PEER_SCORES_MAX:
            _peer_scores.clear()
        for key in stale:
            scores[key] = computed.get(key[0], {})
            _peer_scores[key] = (now, scores[key])
    return [scores[key] for key in peers]


def peer_scores_clear() -> None:
    _peer_scores.clear()
    _peer_benchmarks.clear()

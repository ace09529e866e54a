"""Writes to an assessment's action plan: add (freely or from a next step), change, reorder,
delete, and carry the open actions of the previous assessment over to the next one.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import translation

from pillars.models import Question, Recommendation

from .models import MAX_COMMENT_LENGTH, Action, Assessment

MAX_OWNER_LENGTH = 200
EDITABLE_FIELDS = ("title", "done_when", "owner", "due_date", "status")


def _clean_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def _check(title: str, done_when: str, status: str) -> None:
    if not title:
        raise ValueError("An action needs a title.")
    if len(done_when) > MAX_COMMENT_LENGTH:
        raise ValueError("done_when too long")
    if status not in Action.Status.values:
        raise ValueError(f"unknown status {status!r}")


def _next_position(assessment: Assessment) -> int:
    last = Action.objects.filter(assessment=assessment).aggregate(last=Max("position"))["last"]
    return 1 if last is None else last + 1


def action_create(
    *,
    assessment: Assessment,
    title: str,
    done_when: str = "",
    owner: str = "",
    due_date: datetime.date | None = None,
    status: str = Action.Status.OPEN,
    question: Question | None = None,
    from_level: int | None = None,
) -> Action:
    """A new action at the end of the plan."""
    title = _clean_line(title, Action.MAX_TITLE_LENGTH)
    done_when = done_when.strip()
    _check(title, done_when, status)
    if question is not None and question.catalog_id != assessment.catalog_id:
        raise ValueError("question does not belong to this assessment's catalog")
    with transaction.atomic():
        # The row lock keeps two tabs adding at once from taking the same position.
        Assessment.objects.select_for_update().filter(pk=assessment.pk).exists()
        return Action.objects.create(
            assessment=assessment,
            title=title,
            done_when=done_when,
            owner=_clean_line(owner, MAX_OWNER_LENGTH),
            due_date=due_date,
            status=status,
            question=question,
            from_level=from_level,
            position=_next_position(assessment),
        )


def action_from_step(*, assessment: Assessment, question: Question, from_level: int) -> Action:
    """An action from a next step: title and "done when" from its recommendation, in the
    assessment's language; the owner from the recommendation's owner role where it names one.
    A step that is in the plan already is not added again: its action is returned."""
    existing = assessment.actions.filter(question=question, from_level=from_level).first()
    if existing is not None:  # a second click adds nothing
        return existing
    recommendation = Recommendation.objects.filter(question=question, from_level=from_level).first()
    if recommendation is None:
        raise ValueError(f"no recommendation for {question.key} from level {from_level}")
    with translation.override(assessment.language):
        return action_create(
            assessment=assessment,
            title=recommendation.text,
            done_when=recommendation.done_when if recommendation.done_when_de else "",
            owner=recommendation.owner_name if recommendation.owner_name_de else "",
            question=question,
            from_level=from_level,
        )


def action_update(*, action: Action, **changes: object) -> Action:
    """Change the given fields (title, done_when, owner, due_date, status)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "title" in changes:
        changes["title"] = _clean_line(str(changes["title"]), Action.MAX_TITLE_LENGTH)
    if "owner" in changes:
        changes["owner"] = _clean_line(str(changes["owner"]), MAX_OWNER_LENGTH)
    if "done_when" in changes:
        changes["done_when"] = str(changes["done_when"]).strip()
    for field, value in changes.items():
        setattr(action, field, value)
    _check(action.title, action.done_when, action.status)
    action.save(update_fields=[*changes, "updated_at"])
    return action


def action_move(*, action: Action, up: bool) -> Action:
    """Swap the action with its neighbour above (up) or below; at either end nothing changes."""
    with transaction.atomic():
        siblings = Action.objects.select_for_update().filter(assessment_id=action.assessment_id)
        neighbour = (
            siblings.filter(position__lt=action.position).order_by("-position").first()
            if up
            else siblings.filter(position__gt=action.position).order_by("position").first()
        )
        if neighbour is None:
            return action
        action.position, neighbour.position = neighbour.position, action.position
        Action.objects.bulk_update([action, neighbour], ["position"])
    return action


def action_delete(*, action: Action) -> None:
    action.delete()


def actions_carry_over(*, assessment: Assessment) -> list[Action]:
    """Copy the baseline's open and in-progress actions to this assessment, each once.

    Carrying over twice adds nothing: an action already carried over is skipped.
    """
    baseline_id = assessment.baseline_id
    if baseline_id is None:
        return []
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).exists()
        carried = set(
            Action.objects.filter(assessment=assessment, carried_from__isnull=False).values_list(
                "carried_from_id", flat=True
            )
        )
        position = _next_position(assessment)
        copies: list[Action] = []
        pending = (
            Action.objects.filter(
                assessment_id=baseline_id,
                status__in=(Action.Status.OPEN, Action.Status.IN_PROGRESS),
            )
            .select_related("question")
            .order_by("position", "pk")
        )
        # The same question in this assessment's catalog version, found by its key.
        questions = {
            question.key: question
            for question in Question.objects.filter(
                catalog_id=assessment.catalog_id,
                key__in=[action.question.key for action in pending if action.question],
            )
        }
        for earlier in pending:
            if earlier.pk in carried:
                continue
            copies.append(
                Action(
                    assessment=assessment,
                    title=earlier.title,
                    done_when=earlier.done_when,
                    owner=earlier.owner,
                    due_date=earlier.due_date,
                    status=earlier.status,
                    question=questions.get(earlier.question.key) if earlier.question else None,
                    from_level=earlier.from_level,
                    position=position + len(copies),
                    carried_from=earlier,
                )
            )
        return Action.objects.bulk_create(copies)

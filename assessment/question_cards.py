"""The question cards of the questionnaire and of a workshop participant's pages.

Most of a card is the same for everyone who answers the question in a language: its text, the
five level texts with their evidence, the lists of target levels and relevance. Those parts are
rendered once per question, language and answer state (which radio is checked, which option
selected: at most eight of each) from `question_card_parts.html`, kept on the question object,
and put into the card as finished HTML. A question object of a published catalog lives as long as
the process's catalog cache (pillars.catalog_cache) and is emptied with it; a draft's objects are
loaded per request, so their parts are too. Rendering the levels with a template loop for every
card on every request was most of a questionnaire page's time (issue 13).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pillars.constants import DEFAULT_TARGET_LEVEL
from pillars.models import Question

from .models import (
    NO_ANSWER_VERSION,
    Answer,
    AnswerStatus,
    Relevance,
    answer_version,
)
from .selectors import EarlierAnswer, QuestionnairePage

PARTS_TEMPLATE = "assessment/partials/question_card_parts.html"
LEVEL_VALUES = ("1", "2", "3", "4", "5")
# Every value a card's radios can hold; anything else (a tampered post) checks none of them.
CHOICE_VALUES = ("", *LEVEL_VALUES, AnswerStatus.DONT_KNOW.value, AnswerStatus.NOT_APPLICABLE.value)
RELEVANCE_VALUES = tuple(value for value, _label in Relevance.choices)


@dataclass
class QuestionCard:
    """What one question card shows: the stored answer, or what was just posted."""

    question: Question
    value: str
    target: str
    comment: str
    relevance: str = ""  # a Relevance value; "" is no statement
    error: str = ""
    earlier: str = ""  # the baseline's answer, in words (re-assessments only)
    seen: str = NO_ANSWER_VERSION  # the stored answer's version, sent back with every save
    quick: bool = False  # a quick check: the help is collapsed (pillars.selectors.check_estimates)
    parts: CardParts = field(init=False)

    def __post_init__(self) -> None:
        self.parts = card_parts(self.question, quick=self.quick)

    @property
    def header(self) -> SafeString:
        return self.parts.header

    @property
    def choices(self) -> SafeString:
        """The level radios, the evidence and "don't know" / "not applicable", this one checked."""
        return self.parts.choices(self.value)

    @property
    def target_select(self) -> SafeString:
        return self.parts.target_select(self.target)

    @property
    def relevance_select(self) -> SafeString:
        return self.parts.relevance_select(self.relevance)


class CardParts:
    """One question's card parts in one language, each rendered on first use per answer state."""

    def __init__(self, question: Question, *, quick: bool = False) -> None:
        self.question = question
        self.quick = quick
        self._rendered: dict[tuple[str, str], SafeString] = {}
        levels = list(question.levels.all())
        self.levels = [(str(level.level), level.text) for level in levels]
        self.evidence = [(str(level.level), level.evidence) for level in levels if level.evidence]
        self.header = self._render("header", "")

    def choices(self, value: str) -> SafeString:
        return self._render("choices", value if value in CHOICE_VALUES else "")

    def target_select(self, target: str) -> SafeString:
        return self._render("target", target if target in LEVEL_VALUES else "")

    def relevance_select(self, relevance: str) -> SafeString:
        return self._render("relevance", relevance if relevance in RELEVANCE_VALUES else "")

    def _render(self, part: str, state: str) -> SafeString:
        key = (part, state)
        if key not in self._rendered:
            context = {
                "question": self.question,
                "levels": self.levels,
                "evidence": self.evidence,
                "state": state,
                "quick": self.quick,
                "labels": card_labels(),
                "relevance_choices": Relevance.choices,
            }
            # A template renders to a SafeString: everything in it was escaped by the template.
            html = render_to_string(f"{PARTS_TEMPLATE}#{part}", context)
            assert isinstance(html, SafeString)
            self._rendered[key] = html
        return self._rendered[key]


def card_parts(question: Question, *, quick: bool = False) -> CardParts:
    """The question's parts in the active language, kept on the (cached) question object."""
    # Threads of a worker share the object: at worst two of them render the same part once each.
    kept: dict[tuple[str, bool], CardParts] = question.__dict__.setdefault("_card_parts", {})
    key = (get_language() or "", quick)
    if key not in kept:
        kept[key] = CardParts(question, quick=quick)
    return kept[key]


def card_labels() -> SimpleNamespace:
    """The question cards' fixed texts in the active language."""
    return SimpleNamespace(
        level=_("Level"),
        tell_apart=_("How to tell the levels apart"),
        dont_know=_("Don't know"),
        not_applicable=_("Not applicable"),
        add_comment=_("Add a comment"),
        comment=_("Comment"),
        add_more=_("Add a target level, relevance or a comment"),
        target=_("Target level"),
        default_target=_("Default (%(level)s)") % {"level": DEFAULT_TARGET_LEVEL},
        relevance=_("Relevance for us"),
        saving=_("Saving…"),
        what_is_meant=_("What is meant?"),
    )


def _stored_fields(answer: Answer | None) -> tuple[str, str, str, str]:
    if answer is None:
        return "", "", "", ""
    value = str(answer.level) if answer.level else answer.status
    return value, str(answer.target or ""), answer.comment, answer.relevance


def _earlier_text(earlier: EarlierAnswer | None, question: Question) -> str:
    """'Last time: level 3 – …' beside a question of a re-assessment; '' without a baseline."""
    if earlier is None:
        return ""
    if earlier.status == AnswerStatus.LEVEL and earlier.level is not None:
        chosen = question.levels_by_number.get(earlier.level)
        return _("Last time: level %(level)s – %(text)s") % {
            "level": earlier.level,
            "text": chosen.text if chosen else "",
        }
    if earlier.status == AnswerStatus.DONT_KNOW:
        return _("Last time: don't know")
    if earlier.status == AnswerStatus.NOT_APPLICABLE:
        return _("Last time: not applicable")
    return _("Last time: not answered")


def question_cards(
    page: QuestionnairePage,
    posted: QueryDict | None,
    errors: dict[str, str],
) -> list[QuestionCard]:
    """The page's cards with the stored answers, or with what was posted when it is shown again."""
    cards = []
    for question in page.questions:
        value, target, comment, relevance = _stored_fields(page.answers.get(question.pk))
        if posted is not None:
            value = posted.get(f"{question.key}-value", value)
            target = posted.get(f"{question.key}-target", target)
            comment = posted.get(f"{question.key}-comment", comment)
            relevance = posted.get(f"{question.key}-relevance", relevance)
        cards.append(
            QuestionCard(
                question=question,
                value=value,
                target=target,
                comment=comment,
                relevance=relevance,
                error=errors.get(question.key, ""),
                earlier=_earlier_text(page.earlier.get(question.pk), question),
                seen=answer_version(page.answers.get(question.pk)),
                quick=page.assessment.is_quick,
            )
        )
    return cards

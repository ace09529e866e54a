"""The results page's sections that follow from the scores alone, rendered once per state.

The pillar cards with the strengths and weaknesses, and "why these scores?" (six tables, a row
per question), were the largest part of a results page's template time (issue 13), and a
completed assessment shows them unchanged on every visit. What they show is a function of the
scoring result, the catalog's texts in the active language (the questions', the chosen levels')
and the answers' comments and relevance: exactly that is the key, so any change to an answer, a
text or the language finds another entry, and two assessments in the same state share one. A
workshop's page is rendered every time: its rows show the team's answers, which the key does not
hold.

Kept per process, the most recently used MAX_ENTRIES (a few MB); the tests empty it around each
test (tests/conftest.py).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

if TYPE_CHECKING:
    from .context import ReportContext

PILLAR_CARDS_TEMPLATE = "reports/partials/pillar_cards.html"
WHY_SCORES_TEMPLATE = "reports/partials/why_scores.html"
MAX_ENTRIES = 256

# Finished HTML as render_to_string returned it (already safe: the templates escaped it).
_entries: OrderedDict[Hashable, SafeString] = OrderedDict()
_lock = threading.Lock()


def state_key(report: ReportContext) -> Hashable | None:
    """Everything the two sections read; None for a workshop (never kept)."""
    if report.team is not None:
        return None
    return (
        get_language(),
        tuple((pillar.key, pillar.number, pillar.name, pillar.result) for pillar in report.pillars),
        tuple(
            (
                question.order,
                question.text,
                question.level_text,
                question.comment,
                question.relevance,
            )
            for pillar in report.pillars
            for question in pillar.questions
        ),
    )


def _rendered(template: str, report: ReportContext, key: Hashable | None) -> SafeString:
    if key is None:
        return render_to_string(template, {"report": report})
    full_key = (template, key)
    with _lock:
        html = _entries.get(full_key)
        if html is not None:
            _entries.move_to_end(full_key)
            return html
    html = render_to_string(template, {"report": report})
    with _lock:
        _entries[full_key] = html
        _entries.move_to_end(full_key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return html


class FrozenSections:
    """The results page's pillar cards (with strengths and weaknesses) and "why these scores?",
    as finished HTML."""

    def __init__(self, report: ReportContext) -> None:
        self.report = report

    @functools.cached_property
    def key(self) -> Hashable | None:
        return state_key(self.report)

    @functools.cached_property
    def pillar_cards(self) -> SafeString:
        return _rendered(PILLAR_CARDS_TEMPLATE, self.report, self.key)

    @functools.cached_property
    def why_scores(self) -> SafeString:
        return _rendered(WHY_SCORES_TEMPLATE, self.report, self.key)


def clear() -> None:
    """Forget every kept section (between tests)."""
    with _lock:
        _entries.clear()

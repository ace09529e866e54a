"""Plain values that forms, the import parser and the services share; no database access."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pillars.constants import LEVELS

from .models import AnswerStatus

# Question keys in the catalog are short slugs; anything longer is not a question of ours.
MAX_QUESTION_KEY_LENGTH = 100

_LEVEL_TEXTS = {str(level): level for level in LEVELS}
# NUL cannot be stored by PostgreSQL; lone surrogates cannot be encoded as UTF-8.
_FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class AnswerValue:
    """A validated answer: a level 1–5, "don't know", "not applicable", or nothing picked yet."""

    status: str | None  # AnswerStatus value, or None while only target/comment are given
    level: int | None = None


NOTHING_PICKED = AnswerValue(status=None)


class InvalidAnswer(ValueError):
    """The raw text is not one of the five levels, "dont_know" or "n_a"."""


def parse_level(raw: object) -> int | None:
    """A level 1–5 from form text ("3") or JSON (3); None for anything else.

    Only the ASCII digits count: `str.isdigit()` also accepts "³", which `int()` then refuses.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw in LEVELS else None
    if isinstance(raw, str):
        return _LEVEL_TEXTS.get(raw.strip())
    return None


def parse_answer_value(raw: object) -> AnswerValue:
    """'1'…'5' (or 1…5), 'dont_know' or 'n_a'; '' or None means nothing picked."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return NOTHING_PICKED
    if raw in (AnswerStatus.DONT_KNOW, AnswerStatus.NOT_APPLICABLE):
        return AnswerValue(status=str(raw))
    level = parse_level(raw)
    if level is None:
        raise InvalidAnswer(raw)
    return AnswerValue(status=AnswerStatus.LEVEL, level=level)


def has_forbidden_characters(text: str) -> bool:
    return _FORBIDDEN_CHARACTERS.search(text) is not None

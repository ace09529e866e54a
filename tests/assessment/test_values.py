"""Answer values as forms and import files hand them over: assessment/values.py, no database."""

from __future__ import annotations

import pytest

from assessment.models import AnswerStatus
from assessment.values import (
    NOTHING_PICKED,
    AnswerValue,
    InvalidAnswer,
    has_forbidden_characters,
    parse_answer_value,
    parse_level,
)

pytestmark = pytest.mark.dbless


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        ("1", 1),
        ("3", 3),
        ("5", 5),
        (" 3 ", 3),
        ("\t4\n", 4),
        (1, 1),
        (5, 5),
        # Outside the scale
        ("0", None),
        ("6", None),
        (0, None),
        (6, None),
        (-3, None),
        ("-3", None),
        # Not an ASCII digit: "³".isdigit() is true, int("³") raises.
        ("³", None),
        ("٣", None),
        ("３", None),
        # Not a plain level
        ("03", None),
        ("+3", None),
        ("3.0", None),
        ("3 4", None),
        ("", None),
        ("drei", None),
        # Not text or int: bool is an int subclass, True would otherwise be level 1.
        (True, None),
        (False, None),
        (3.0, None),
        (None, None),
        ([3], None),
    ],
)
def test_parse_level(raw, level):
    assert parse_level(raw) == level


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("3", AnswerValue(status=AnswerStatus.LEVEL, level=3)),
        (" 3 ", AnswerValue(status=AnswerStatus.LEVEL, level=3)),
        (3, AnswerValue(status=AnswerStatus.LEVEL, level=3)),
        ("1", AnswerValue(status=AnswerStatus.LEVEL, level=1)),
        (5, AnswerValue(status=AnswerStatus.LEVEL, level=5)),
        ("dont_know", AnswerValue(status=AnswerStatus.DONT_KNOW)),
        ("n_a", AnswerValue(status=AnswerStatus.NOT_APPLICABLE)),
        (None, NOTHING_PICKED),
        ("", NOTHING_PICKED),
        ("   ", NOTHING_PICKED),
    ],
)
def test_parse_answer_value(raw, value):
    assert parse_answer_value(raw) == value


@pytest.mark.parametrize(
    "raw",
    ["³", "٣", "0", "6", 0, 6, True, False, 3.0, "3.0", "Dont_Know", " dont_know", "level", [], {}],
)
def test_parse_answer_value_refuses(raw):
    with pytest.raises(InvalidAnswer) as raised:
        parse_answer_value(raw)

    assert raised.value.args == (raw,)
    assert isinstance(raised.value, ValueError), "callers catch ValueError"


def test_nothing_picked_is_no_status_and_no_level():
    assert AnswerValue(status=None, level=None) == NOTHING_PICKED


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("", False),
        ("Müller & Söhne GmbH", False),
        ("Zeile 1\nZeile 2\tmit Tab", False),
        ("emoji 🙂 and ³", False),
        ("\x01\x1f\x7f", False),
        ("\ufffd", False),
        ("\x00", True),
        ("Muster\x00AG", True),
        ("end\x00", True),
        ("\ud800", True),
        ("lone \udfff low", True),
        ("a\udbffb", True),
    ],
)
def test_has_forbidden_characters(text, forbidden):
    assert has_forbidden_characters(text) is forbidden

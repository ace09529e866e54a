"""Pillar names on the radar break at spaces and hyphens only, never inside a word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.charts import _wrap

pytestmark = pytest.mark.dbless


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Kampagne- og kontaktpunktstyring", "Kampagne- og<br>kontaktpunktstyring"),
        ("Kampagnen- und Touchpoint-Management", "Kampagnen- und<br>Touchpoint-<br>Management"),
        ("CRM-Strategie als Ausgangsbasis", "CRM-Strategie als<br>Ausgangsbasis"),
        ("IT", "IT"),
    ],
)
def test_labels_break_between_words(label, expected):
    assert _wrap(label) == expected


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåäöü", min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=6))
def test_no_word_is_ever_split(parts):
    label = " ".join(parts)
    lines = _wrap(label).split("<br>")
    assert " ".join(lines) == label

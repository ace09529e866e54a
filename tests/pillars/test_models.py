"""Texts in the active language, falling back to German: no database needed."""

from __future__ import annotations

import pytest
from django.utils import translation

from pillars.models import LevelDescriptor, Pillar, Question, Recommendation


def strategy() -> Pillar:
    return Pillar(
        key="strategy",
        name_de="Strategie",
        name_en="Strategy",
        name_da="Strategi",
        description_de="Beschreibung",
        description_en="Description",
        description_da="Beskrivelse",
    )


@pytest.mark.parametrize(
    ("language", "name", "description"),
    [
        ("de", "Strategie", "Beschreibung"),
        ("en", "Strategy", "Description"),
        ("da", "Strategi", "Beskrivelse"),
        ("en-gb", "Strategy", "Description"),
        ("fr", "Strategie", "Beschreibung"),
        ("sv", "Strategie", "Beschreibung"),
    ],
)
def test_tr_follows_the_active_language(language, name, description):
    pillar = strategy()
    with translation.override(language):
        assert pillar.tr("name") == name
        assert pillar.tr("description") == description
        assert (pillar.name, pillar.description, str(pillar)) == (name, description, name)


def test_tr_with_an_explicit_language_ignores_the_active_one():
    pillar = strategy()
    with translation.override("en"):
        assert pillar.tr("name", "da") == "Strategi"
        assert pillar.tr("name", "de") == "Strategie"
        assert pillar.tr("name", "fr") == "Strategie"


def test_tr_falls_back_to_german_when_a_translation_is_empty():
    pillar = strategy()
    pillar.name_da = ""
    with translation.override("da"):
        assert pillar.tr("name") == "Strategie"
        assert pillar.tr("description") == "Beskrivelse"


def test_questions_levels_and_recommendations_are_translated():
    question = Question(
        key="strategy_goals",
        text_de="Frage",
        text_en="Question",
        text_da="Spørgsmål",
        help_de="Hilfe",
        help_en="Help",
        help_da="Hjælp",
    )
    level = LevelDescriptor(
        question=question, level=2, text_de="Stufe", text_en="Level", text_da="Niveau"
    )
    step = Recommendation(
        question=question, from_level=2, text_de="Tun", text_en="Do", text_da="Gør"
    )

    with translation.override("da"):
        assert (question.text, question.help, level.text, step.text) == (
            "Spørgsmål",
            "Hjælp",
            "Niveau",
            "Gør",
        )
    with translation.override("en"):
        assert (question.text, question.help, level.text, step.text) == (
            "Question",
            "Help",
            "Level",
            "Do",
        )
    with translation.override("fr"):
        assert (question.text, question.help, level.text, step.text) == (
            "Frage",
            "Hilfe",
            "Stufe",
            "Tun",
        )
    assert str(level) == "strategy_goals · 2"
    assert str(step) == "strategy_goals · 2→3"

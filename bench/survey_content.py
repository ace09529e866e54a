"""The 6 × 6 survey that floor-lite, floor and the peer render: the first six questions of each
pillar of our catalog (German), each with its five level texts, so that every side shows the same
words. Plain Python and PyYAML only: the peer's own venv imports it too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CATALOG = Path(__file__).resolve().parents[1] / "pillars" / "data" / "catalog.yaml"
PILLARS = 6
QUESTIONS_PER_PILLAR = 6


@dataclass(frozen=True)
class SurveyQuestion:
    number: int  # 1 … 36
    pillar: str
    key: str
    text: str
    help: str
    levels: tuple[str, ...]  # levels 1 … 5


def survey_questions(language: str = "de") -> list[SurveyQuestion]:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    questions: list[SurveyQuestion] = []
    for pillar in catalog["pillars"][:PILLARS]:
        for question in pillar["questions"][:QUESTIONS_PER_PILLAR]:
            questions.append(
                SurveyQuestion(
                    number=len(questions) + 1,
                    pillar=pillar["name"][language],
                    key=question["key"],
                    text=question["text"][language],
                    help=question.get("help", {}).get(language, ""),
                    levels=tuple(question["levels"][level][language] for level in range(1, 6)),
                )
            )
    return questions

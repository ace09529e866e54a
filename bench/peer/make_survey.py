"""Create the 6 × 6 survey in the peer's database through its own models; print what to post.

    cd bench/peer && DJANGO_SETTINGS_MODULE=peer_site.settings \
        ../../var/bench-peer-venv/bin/python make_survey.py

Prints JSON: the survey's id and, for each question, its form field and the value of one level
(as the peer's form expects: the slug of the choice's text).
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from survey.models import Category, Question, Survey  # noqa: E402
from survey_content import survey_questions  # noqa: E402


def main() -> None:
    survey = Survey.objects.create(
        name="Kundenkompass 6 × 6",
        description="Die ersten sechs Fragen jeder Säule.",
        is_published=True,
        need_logged_user=False,
        editable_answers=True,
        display_method=Survey.ALL_IN_ONE_PAGE,
    )
    categories: dict[str, Category] = {}
    fields = []
    for item in survey_questions():
        if item.pillar not in categories:
            categories[item.pillar] = Category.objects.create(
                name=item.pillar, survey=survey, order=len(categories) + 1
            )
        question = Question.objects.create(
            text=item.text,
            order=item.number,
            required=True,
            category=categories[item.pillar],
            survey=survey,
            type=Question.RADIO,
            choices=settings.CHOICES_SEPARATOR.join(item.levels),
        )
        fields.append(
            {
                "field": f"question_{question.pk}",
                "values": [slugify(text, allow_unicode=True) for text in item.levels],
            }
        )
    print(json.dumps({"survey": survey.pk, "fields": fields}))


if __name__ == "__main__":
    main()

"""Issue 14, items 1 and 2: one count of answered questions, the review page, the questionnaire's
tabs and messages, the results page's explanations and the report in other languages."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from assessment.models import Answer
from assessment.selectors import participant_for, review_page
from assessment.services import assessment_finish
from reports import scoring
from reports.charts import NARROW_RADIAL_AXIS, radar_figure
from reports.constants import PAGE_HIGHLIGHTS, REPORT_HIGHLIGHTS
from reports.docx_report import WORD_LANGUAGES
from tests.factories import answer, start_assessment

pytestmark = pytest.mark.django_db


def _questions(assessment):
    return list(assessment.catalog.questions.order_by("pillar__order", "order"))


def _pillars(assessment):
    return list(assessment.catalog.pillars.order_by("order"))


def _url(name, assessment, **kwargs):
    return reverse(name, kwargs={"token": assessment.token, **kwargs})


@pytest.fixture
def mixed(catalog):
    """43 questions: 38 with a level, 3 "don't know", 2 "not applicable" → 40 answered."""
    assessment = start_assessment(catalog)
    for index, question in enumerate(_questions(assessment)):
        if index in (1, 9, 20):
            answer(assessment, question.key, "dont_know")
        elif index in (4, 30):
            answer(assessment, question.key, "n_a")
        else:
            answer(assessment, question.key, index % 5 + 1, target=5, comment=f"Notiz {index}")
    return assessment


# --- One definition of "answered" -----------------------------------------------------------


def test_review_results_and_pdf_show_the_same_count(client, mixed):
    assert len(_questions(mixed)) == 43
    review = client.get(_url("assessment:review", mixed)).content.decode()
    assert "40 von 43 Fragen beantwortet" in review
    assert "43 von 43" not in review
    questionnaire = client.get(
        _url("assessment:pillar", mixed, pillar_key=_pillars(mixed)[0].key)
    ).content.decode()
    assert "40 von 43 Fragen beantwortet" in questionnaire
    results = client.get(_url("reports:results", mixed)).content.decode()
    assert "40 von 43 Fragen beantwortet" in results
    pdf = client.get(_url("reports:report_pdf", mixed))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "40 von 43 Fragen beantwortet." in text  # the summary
    assert "Beantwortete Fragen 40 von 43" in text  # the cover's facts


def test_answered_counts_a_level_and_not_applicable_but_not_dont_know():
    pillar = scoring.PillarSpec(key="p", questions=[scoring.QuestionSpec(key=k) for k in "abcde"])
    answers = {
        "a": scoring.Answer(level=3),
        "b": scoring.Answer(status=scoring.ANSWER_NOT_APPLICABLE),
        "c": scoring.Answer(status=scoring.ANSWER_DONT_KNOW),
        "d": scoring.Answer(level=None, target=4),  # a target alone is no answer
    }
    result = scoring.score_assessment([pillar], answers)
    assert (result.answered, result.questions_answered, result.total) == (1, 2, 5)


def test_dont_know_leaves_a_pillar_tab_incomplete(client, small_catalog):
    assessment = start_assessment(small_catalog)
    pillar = _pillars(assessment)[0]
    questions = list(pillar.questions.order_by("order"))
    for question in questions[:-1]:
        answer(assessment, question.key, "n_a")
    answer(assessment, questions[-1].key, "dont_know")
    page = review_page(assessment, participant_for(assessment))
    assert (page.nav[0].answered, page.nav[0].total, page.nav[0].complete) == (5, 6, False)
    content = client.get(_url("assessment:pillar", assessment, pillar_key=pillar.key)).content
    assert re.search(r'data-testid="tab-count">.*?5/6', content.decode(), re.S)


# --- Review page ------------------------------------------------------------------------------


def test_review_shows_each_answer_with_its_level_text_target_and_comment(client, mixed):
    questions = _questions(mixed)
    content = client.get(_url("assessment:review", mixed)).content.decode()
    first, dont_know, not_applicable = questions[0], questions[1], questions[4]
    chosen = first.levels.get(level=1)  # index 0 → level 1
    assert chosen.text_de in content
    assert "Notiz 0" in content and "Ziel-Stufe: 5" in content
    rows = re.findall(r'data-testid="review-row">(.*?)</li>', content, re.S)
    assert len(rows) == 43
    assert "Weiß nicht" in rows[1] and dont_know.text_de in rows[1]
    assert "Trifft nicht zu" in rows[4] and not_applicable.text_de in rows[4]
    pillar_url = _url("assessment:pillar", mixed, pillar_key=first.pillar.key)
    assert f'href="{pillar_url}#q-{first.key}"' in rows[0]
    assert content.count('data-testid="review-pillar"') == 6


def test_finishing_with_few_answers_asks_first_and_says_what_it_means(client, catalog):
    assessment = start_assessment(catalog)
    for question in _questions(assessment)[:7]:  # the first pillar's seven questions
        answer(assessment, question.key, 3)
    content = client.get(_url("assessment:review", assessment)).content.decode()
    warning = (
        "7 von 43 Fragen sind beantwortet. 5 von 6 Säulen haben weniger als die Hälfte ihrer "
        "Fragen mit einer Stufe beantwortet"
    )
    assert warning in content
    form = re.search(r'<form method="post" action="[^"]*/finish/"([^>]*)>', content).group(1)
    assert 'class="kk-confirm"' in form and warning in form


def test_a_complete_assessment_finishes_without_a_question(client, mixed):
    content = client.get(_url("assessment:review", mixed)).content.decode()
    assert "kk-confirm" not in content and 'data-testid="finish-warning"' not in content


# --- Questionnaire ----------------------------------------------------------------------------


def test_an_empty_pillar_submitted_says_so(client, catalog):
    assessment = start_assessment(catalog)
    first, second = _pillars(assessment)[:2]
    response = client.post(
        _url("assessment:pillar", assessment, pillar_key=first.key), {"goto": second.key}
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        f"Sie haben „{first.name_de}“ ohne Antwort verlassen. Die Säule erhält keine Punktzahl "
        "(„zu wenige Antworten“), bis mindestens die Hälfte ihrer Fragen beantwortet ist; Sie "
        "können jederzeit zurückkehren."
    ]


def test_a_pillar_with_an_answer_moves_on_quietly(client, catalog):
    assessment = start_assessment(catalog)
    first, second = _pillars(assessment)[:2]
    key = first.questions.order_by("order").first().key
    response = client.post(
        _url("assessment:pillar", assessment, pillar_key=first.key),
        {"goto": second.key, f"{key}-value": "3"},
    )
    assert list(get_messages(response.wsgi_request)) == []


def test_a_completed_read_only_page_moves_on_and_says_next(client, mixed):
    first, second = _pillars(mixed)[:2]
    assessment_finish(assessment=mixed)
    url = _url("assessment:pillar", mixed, pillar_key=first.key)
    content = client.get(url).content.decode()
    assert "Speichern und weiter →" not in content
    assert re.search(r'data-testid="next">Weiter →', content)
    before = list(Answer.objects.order_by("pk").values_list("pk", "status", "level"))
    response = client.post(url, {"goto": second.key})  # disabled fields are never sent
    assert response["Location"] == _url("assessment:pillar", mixed, pillar_key=second.key)
    assert list(get_messages(response.wsgi_request)) == []
    assert list(Answer.objects.order_by("pk").values_list("pk", "status", "level")) == before


def test_the_link_page_no_longer_says_step_2_of_2(client, catalog):
    assessment = start_assessment(catalog)
    content = client.get(_url("assessment:link", assessment)).content.decode()
    assert "Schritt 2 von 2" not in content
    assert "Eingerichtet – als Nächstes kommen die Fragen" in content


# --- Results page -----------------------------------------------------------------------------


def test_results_explain_priority_and_show_targets_and_comments(client, mixed):
    content = client.get(_url("reports:results", mixed)).content.decode()
    assert 'data-testid="priority-explained"' in content
    assert "Lücke × Gewichtung der Frage × Gewichtung der Säule" in content
    assert content.count('data-testid="answer-comment"') == 38
    targets = re.findall(r'data-testid="answer-target">([^<]*)<', content)
    assert len(targets) == 43 and targets.count("5") == 38 and targets.count("–") == 5


def test_page_and_report_list_as_many_strengths_and_weaknesses():
    assert PAGE_HIGHLIGHTS == REPORT_HIGHLIGHTS == 3


# --- Reports in other languages ---------------------------------------------------------------


def test_the_downloads_say_their_language_and_offer_the_others(client, mixed):
    content = client.get(_url("reports:results", mixed)).content.decode()
    assert "Der PDF- und der Word-Bericht sind auf Deutsch" in content
    pdf_url = _url("reports:report_pdf", mixed)
    assert f'href="{pdf_url}?lang=en"' in content and f'href="{pdf_url}?lang=da"' in content
    assert f'href="{pdf_url}?lang=de"' not in content


def test_a_report_in_english_for_a_german_assessment(client, mixed):
    response = client.get(_url("reports:report_pdf", mixed) + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-en.pdf"')
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Customer-centricity report" in text and "Bericht zur Kundenorientierung" not in text
    docx = client.get(_url("reports:report_docx", mixed) + "?lang=da")
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('-da.docx"')
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert WORD_LANGUAGES["da"] in xml and WORD_LANGUAGES["de"] not in xml


@pytest.mark.parametrize("lang", ["fr", "xx", "de-CH", "<script>"])
def test_an_unknown_report_language_is_refused_clearly(client, mixed, lang):
    response = client.get(_url("reports:report_pdf", mixed), {"lang": lang})
    assert response.status_code == 400
    assert "Deutsch, Englisch und Dänisch" in response.content.decode()


def test_another_workspace_gets_no_report_in_another_language(client, catalog):
    response = client.get("/de/a/" + "x" * 43 + "/report.pdf?lang=en")
    assert response.status_code == 404


# --- Phone radar ------------------------------------------------------------------------------


def test_phone_radar_ticks_are_smaller_than_the_pillar_names_and_off_the_points():
    figure = radar_figure(["A", "B", "C", "D", "E", "F"], [50, 60, 70, 40, 30, 80])
    narrow = figure.layout.meta["narrow"]
    assert narrow["radialaxis"] == NARROW_RADIAL_AXIS
    assert NARROW_RADIAL_AXIS["tickfont"]["size"] < narrow["pillar_font"]
    assert NARROW_RADIAL_AXIS["layer"] == "above traces"
    assert 100 not in NARROW_RADIAL_AXIS["tickvals"]
    # Six pillars sit at 90°, 30°, -30°, …: the ticks lie halfway between two of them.
    pillar_angles = {(90 - 60 * i) % 360 for i in range(6)}
    assert all(abs(NARROW_RADIAL_AXIS["angle"] - a) >= 30 for a in pillar_angles)


# --- PDF: the pillar figures ------------------------------------------------------------------


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


@pytest.mark.parametrize("language", ["de", "da"])
def test_the_pdf_answers_box_holds_its_last_line(mixed, language):
    from django.utils import translation

    from reports.pdf import _weasyprint, render_report_html
    from reports.report_document import build_report_document
    from reports.selectors import scored_assessment

    with translation.override(language):
        html = render_report_html(build_report_document(scored_assessment(mixed)), chart="")
    html_class, stylesheet, font_config, fetcher = _weasyprint()
    rendered = html_class(string=html, url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=font_config
    )

    def classes(box) -> list[str]:
        return (box.element.get("class") or "").split() if box.element is not None else []

    figures = [
        box
        for page in rendered.pages
        for row in _boxes(page._page_box)
        if "pillar-figures" in classes(row)
        for box in _boxes(row)
        if "figure" in classes(box)
        and box.element_tag == "div"
        and hasattr(box, "children")
        and type(box).__name__ not in ("LineBox", "TextBox")
    ]
    figures = [box for box in figures if type(box).__name__.endswith(("BlockBox", "CellBox"))]
    assert figures  # six pillars × four figures, as laid out
    for figure in figures:
        bottom = figure.content_box_y() + figure.height
        for inner in _boxes(figure):
            if type(inner).__name__ == "TextBox":
                assert inner.position_y + inner.height <= bottom + 0.5, inner.text


def test_the_danish_page_names_the_languages_in_lower_case(client, mixed):
    url = reverse("reports:results", kwargs={"token": mixed.token}).replace("/de/", "/da/", 1)
    content = re.sub(r"<[^>]+>|\s+", " ", client.get(url).content.decode())
    content = re.sub(r"\s+", " ", content)
    assert "PDF- og Word-rapporten er på tysk, vurderingens sprog. Også på: engelsk (" in content

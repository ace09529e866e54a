"""A workshop's PDF and DOCX report: the team chapter (participants, discuss first, leadership,
roles, agreements with notes, the spread per question) and never a participant's name."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from assessment.workshops import consensus_record
from pillars.models import Question
from reports.docx_report import report_docx
from reports.pdf import report_pdf
from reports.report_document import build_report_document
from reports.selectors import scored_assessment

from .conftest import PEOPLE

pytestmark = pytest.mark.django_db

# The reports for a person to look at, when KK_REPORT_DIR names a directory.
REPORT_DIR = os.environ.get("KK_REPORT_DIR", "")
NAME_PARTS = [part for name, _role in PEOPLE for part in name.split()]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _agree(workshop) -> None:
    assessment = workshop.assessment
    consensus_record(
        assessment=assessment,
        question=Question.objects.get(catalog=assessment.catalog, key="strategy_q1"),
        level=3,
        note="Einig nach langer Diskussion",
        minority_note="Der Vertrieb sieht Stufe 2",
    )


def _keep(name: str, content: bytes) -> None:
    if REPORT_DIR:
        Path(REPORT_DIR).mkdir(parents=True, exist_ok=True)
        (Path(REPORT_DIR) / name).write_bytes(content)


@pytest.mark.parametrize("fixture", ["named", "anonymous"])
def test_the_pdf_has_the_team_chapter_and_no_names(request, fixture):
    workshop = request.getfixturevalue(fixture)
    _agree(workshop)
    pdf = report_pdf(scored_assessment(workshop.assessment))
    _keep(f"team-{fixture}.pdf", pdf)
    text = pdf_text(pdf)
    assert "Team-Ergebnisse" in text
    assert "Teilnehmende 7" in text  # the cover's fact
    assert "Zuerst besprechen" in text
    assert "Einig nach langer Diskussion" in text and "Der Vertrieb sieht Stufe 2" in text
    assert "Weitere Rollen" in text and "Vertrieb, Marketing" in text
    assert "ÜBRIGES TEAM" in text and "+2,7" in text  # the leadership table: q1 is flagged
    assert "Vereinbart: Stufe 3" in text and "Vereinbart 3" in text
    for part in NAME_PARTS:
        assert part not in text
    if fixture == "anonymous":
        assert "Anonymer Workshop" in text


def test_the_document_orders_discuss_first_and_lists_the_agreements(named):
    _agree(named)
    from django.utils import translation

    with translation.override("de"):
        document = build_report_document(scored_assessment(named.assessment))
    assert [q.key for q in document.team.discuss_first] == ["strategy_q1", "strategy_q3"]
    assert [q.key for q in document.team_agreements] == ["strategy_q1"]
    assert [pillar.key for pillar, _questions in document.team_spread_sections] == ["strategy"]
    assert [c.anchor for c in document.chapters][:2] == ["summary", "team"]
    facts = {fact.label: fact.value for fact in document.facts}
    assert facts["Teilnehmende"] == "7"
    assert facts["Eingeschätzt von"] == "Team-Workshop"


@pytest.mark.parametrize("fixture", ["named", "anonymous"])
def test_the_docx_has_the_team_chapter_and_no_names(request, fixture):
    workshop = request.getfixturevalue(fixture)
    _agree(workshop)
    content = report_docx(scored_assessment(workshop.assessment))
    _keep(f"team-{fixture}.docx", content)
    text = docx_text(content)
    assert "Team-Ergebnisse" in text
    assert "Zuerst besprechen" in text
    assert "Einig nach langer Diskussion" in text and "Der Vertrieb sieht Stufe 2" in text
    assert "Weitere Rollen" in text
    assert "1: 0 · 2: 2 · 3: 1 · 4: 0 · 5: 0" not in text
    assert "1: 1 · 2: 2 · 3: 1 · 4: 1 · 5: 2" in text  # q1's distribution
    for part in NAME_PARTS:
        assert part not in text

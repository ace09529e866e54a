"""The PDF report is a tagged PDF (PDF/UA): document language and title, headings, tables with
header cells and the radar as a figure with a text alternative, read back from the structure
tree."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from pypdf import PdfReader

from reports.pdf import report_pdf
from reports.selectors import scored_assessment
from tests.factories import answer_all, start_assessment

pytestmark = pytest.mark.django_db


def _walk(node, found: Counter, alts: list[str]) -> None:
    node = node.get_object()
    if isinstance(node, list):
        for item in node:
            _walk(item, found, alts)
        return
    if not hasattr(node, "get"):
        return
    role = node.get("/S")
    if role is not None:
        found[str(role)] += 1
        if str(role) == "/Figure" and node.get("/Alt"):
            alts.append(str(node["/Alt"]))
    kids = node.get("/K")
    if kids is not None:
        _walk(kids, found, alts)


@pytest.mark.parametrize(("language", "alt_word"), [("de", "Netzdiagramm"), ("en", "Radar chart")])
def test_the_report_is_tagged_with_structure_language_and_title(small_catalog, language, alt_word):
    assessment = start_assessment(small_catalog, language=language)
    answer_all(assessment)
    reader = PdfReader(io.BytesIO(report_pdf(scored_assessment(assessment))))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title and assessment.organisation.name in reader.metadata.title
    found: Counter = Counter()
    alts: list[str] = []
    _walk(root["/StructTreeRoot"], found, alts)
    assert found["/H1"] >= 1 and found["/H2"] >= 6, found
    assert found["/Table"] >= 1 and found["/TH"] >= 2, found
    assert any(alt_word in alt for alt in alts), alts

"""A consultancy's branding on the results page, the PDF and the DOCX; anonymous ones unchanged."""

from __future__ import annotations

import base64
import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from assessment.models import Assessment, Workspace
from reports.branding import branding_for
from reports.docx_report import report_docx
from reports.pdf import render_report_html
from reports.report_document import build_report_document
from reports.selectors import scored_assessment
from tests.factories import answer, make_client, make_client_assessment, make_consultant

pytestmark = pytest.mark.django_db

ACCENT = "#8A1538"


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (138, 21, 56)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def consultant(db):
    return make_consultant(name="Petra Berater")


@pytest.fixture
def branded(consultant) -> Workspace:
    workspace = consultant.membership.workspace
    workspace.display_name = "Muster Beratung"
    workspace.logo = png_logo()
    workspace.logo_content_type = "image/png"
    workspace.accent_color = ACCENT
    workspace.contact_line = "Muster Beratung · +41 44 000 00 00"
    workspace.save()
    return workspace


@pytest.fixture
def facilitated(consultant, branded, small_catalog) -> Assessment:
    assessment = make_client_assessment(make_client(consultant), small_catalog, mode="facilitated")
    Assessment.objects.filter(pk=assessment.pk).update(created_by=consultant)
    assessment.refresh_from_db()
    answer(assessment, "strategy_q1", 3)
    return assessment


def test_branding_values(branded):
    branding = branding_for(branded)
    assert branding is not None
    assert branding.name == "Muster Beratung"
    assert branding.logo == "data:image/png;base64," + base64.b64encode(png_logo()).decode()
    assert (branding.accent, branding.accent_hex) == (ACCENT, "8A1538")
    assert branding_for(None) is None


@pytest.mark.parametrize("accent", ["red", "#12345", "#8A1538; background: url(x)", "#GGGGGG"])
def test_anything_but_a_hex_colour_is_ignored(branded, accent):
    branded.accent_color = accent  # never saved: it goes into style attributes and Word XML
    branding = branding_for(branded)
    assert branding is not None and branding.accent == "" and branding.accent_hex == ""


def test_a_logo_of_another_type_is_not_embedded(branded):
    branded.logo_content_type = "image/svg+xml"
    branding = branding_for(branded)
    assert branding is not None and branding.logo == "" and branding.logo_bytes == b""


def test_the_results_page_shows_the_branding(client, facilitated):
    response = client.get(reverse("reports:results", kwargs={"token": facilitated.token}))
    page = response.content.decode()
    assert 'data-testid="branding"' in page
    assert "Muster Beratung · +41 44 000 00 00" in page
    assert 'src="data:image/png;base64,' in page
    assert f"--kk-brand-accent: {ACCENT}" in page
    assert "Eingeschätzt von Petra Berater" in page
    radar = response.context["report"].radar
    assert radar.data[-1].line.color == ACCENT


def test_the_pdf_cover_and_header_carry_the_branding(facilitated):
    with translation.override("de"):
        document = build_report_document(scored_assessment(facilitated))
        html = render_report_html(document, chart="")
    assert document.assessed_by == "Petra Berater"
    assert any(f.label == "Eingeschätzt von" and f.value == "Petra Berater" for f in document.facts)
    cover = html.split('data-testid="cover-brand">', 1)[1].split("</div>", 1)[0]
    assert "Muster Beratung" in cover and "data:image/png;base64," in cover
    header = html.split('data-testid="running-header">', 1)[1].split("</div>", 1)[0]
    assert "Muster Beratung · Kunde AG" in header
    assert f"background: {ACCENT}" in html
    assert "Muster Beratung · +41 44 000 00 00" in html


def test_the_docx_carries_the_branding(facilitated):
    document = docx.Document(io.BytesIO(report_docx(scored_assessment(facilitated))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Muster Beratung" in text
    assert "Muster Beratung · +41 44 000 00 00" in text
    assert len(document.inline_shapes) >= 2  # the logo and the chart
    assert str(document.styles["Heading 1"].font.color.rgb) == "8A1538"
    header = document.sections[0].header.paragraphs[0].text
    assert "Muster Beratung · Kunde AG" in header
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Petra Berater" in cells


def test_a_self_assessment_of_a_client_names_no_consultant(consultant, branded, small_catalog):
    assessment = make_client_assessment(make_client(consultant), small_catalog)
    Assessment.objects.filter(pk=assessment.pk).update(created_by=consultant)
    assessment.refresh_from_db()
    with translation.override("de"):
        document = build_report_document(scored_assessment(assessment))
    assert document.assessed_by == "Selbsteinschätzung"
    assert document.brand_name == "Muster Beratung"


def test_an_anonymous_self_assessment_looks_as_ever(client, assessment):
    answer(assessment, assessment.catalog.questions.order_by("pk").first().key, 3)
    page = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    assert b'data-testid="branding"' not in page.content
    assert b"--kk-brand-accent" not in page.content
    with translation.override("de"):
        document = build_report_document(scored_assessment(assessment))
        html = render_report_html(document, chart="")
    assert document.branding is None and document.brand_name == "Kundenkompass"
    assert "Kundenkompass · Muster AG" in html
    assert "data:image/png" not in html
    content = report_docx(scored_assessment(assessment))
    opened = docx.Document(io.BytesIO(content))
    assert str(opened.styles["Heading 1"].font.color.rgb) == "0B4F6C"
    assert opened.sections[0].header.paragraphs[0].text.startswith("Kundenkompass · Muster AG")


def test_another_workspace_sees_nothing_of_it(client, facilitated):
    outsider = make_consultant(email="b@example.com", workspace="Andere Beratung")
    client.force_login(outsider)
    url = reverse("reports:compare", kwargs={"first_id": facilitated.pk, "second_id": 1})
    assert client.get(url).status_code == 404

"""An assessment's KPI figures (pillar 6): stored, entered through the private link, refused at
the field with everything else kept, and shown on the results page, in the PDF, the DOCX and the
JSON with formulas, meaning and the seeds' context figures."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessment.kpi_inputs import kpi_inputs_clear, kpi_inputs_save
from assessment.models import KpiInputs
from reports.context import results_json_data
from reports.docx_report import report_docx
from reports.kpi_section import kpi_results, kpi_section
from reports.pdf import report_pdf
from reports.selectors import scored_assessment
from tests.factories import answer_all, start_assessment

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"

# Hand-computed: NPS (12 − 3) ÷ 20 = 45, 20 answers → uncertain; churn 30 ÷ ((200 + 180) ÷ 2)
# = 15.789… % over 12 months; CLV 1,000 × 10 − 1,000 = 9,000 (the seeds' example); customer value
# (100,000 − 20,000 − 10,000) ÷ 50 = 1,400 per customer.
VALUES = {
    "currency": "CHF",
    "promoters": 12,
    "passives": 5,
    "detractors": 3,
    "customers_start": 200,
    "customers_end": 180,
    "lost": 30,
    "months": 12,
    "annual_revenue": 1000.0,
    "years": 10.0,
    "acquisition_cost": 1000.0,
    "revenue": 100000.0,
    "acquisition_costs": 20000.0,
    "care_costs": 10000.0,
    "customers": 50,
}

POST = {
    "currency": "CHF",
    "promoters": "12",
    "passives": "5",
    "detractors": "3",
    "customers_start": "200",
    "customers_end": "180",
    "lost": "30",
    "months": "12",
    "annual_revenue": "1.000",
    "years": "10",
    "acquisition_cost": "1000",
    "revenue": "100.000",
    "acquisition_costs": "20000",
    "care_costs": "10000",
    "customers": "50",
}


@pytest.fixture
def assessment(small_catalog):
    return start_assessment(small_catalog)


def _url(assessment, **query) -> str:
    url = reverse("reports:kpi_inputs", kwargs={"token": assessment.token})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


# --- model and service -------------------------------------------------------------------------


def test_the_service_stores_one_row_per_assessment_and_empties_what_is_missing(assessment):
    kpi_inputs_save(assessment=assessment, values=VALUES)
    kpi_inputs_save(assessment=assessment, values={"currency": "EUR", "promoters": 1})
    stored = KpiInputs.objects.get(assessment=assessment)
    assert KpiInputs.objects.count() == 1
    assert (stored.currency, stored.promoters, stored.passives, stored.lost) == (
        "EUR",
        1,
        None,
        None,
    )
    kpi_inputs_clear(assessment=assessment)
    assert not KpiInputs.objects.exists()


def test_the_service_refuses_unknown_fields(assessment):
    with pytest.raises(ValueError, match="bogus"):
        kpi_inputs_save(assessment=assessment, values={"bogus": 1})


def test_complete_groups_are_computed_incomplete_ones_left_out(assessment):
    inputs = kpi_inputs_save(assessment=assessment, values={**VALUES, "lost": None})
    results = kpi_results(inputs)
    assert sorted(results) == ["clv", "customer_value", "nps"]
    assert results["nps"].score == 45.0
    assert results["nps"].uncertain is True
    assert results["clv"].clv == 9000.0
    assert results["customer_value"].value_per_customer == 1400.0
    assert kpi_results(None) == {}


# --- the page ----------------------------------------------------------------------------------


def test_the_page_saves_the_figures_and_leads_back_to_the_results(client, assessment):
    response = client.post(_url(assessment), POST)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("reports:results", kwargs={"token": assessment.token}) + "#kpis"
    )
    stored = KpiInputs.objects.get(assessment=assessment)
    assert stored.annual_revenue == 1000.0  # "1.000" in German is a thousand
    assert stored.revenue == 100000.0
    assert (stored.promoters, stored.lost, stored.months, stored.customers) == (12, 30, 12, 50)
    assert stored.margin_percent is None


def test_the_page_shows_the_stored_figures_to_edit(client, assessment):
    kpi_inputs_save(assessment=assessment, values={**VALUES, "margin_percent": 12.5})
    page = client.get(_url(assessment)).content.decode()
    assert 'name="annual_revenue" value="1.000"' in page
    assert 'name="margin_percent" value="12,5"' in page
    assert 'name="promoters" value="12"' in page


def test_empty_groups_are_skipped(client, assessment):
    response = client.post(
        _url(assessment, back="pillar"),
        {"currency": "EUR", "months": "12", "promoters": "1", "passives": "0", "detractors": "0"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "controlling"}
    )
    stored = KpiInputs.objects.get(assessment=assessment)
    assert (stored.promoters, stored.customers_start, stored.months) == (1, None, None)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("lost", "-3", "Bitte geben Sie eine Zahl von null oder mehr ein."),
        ("lost", "500", "Mehr Kunden verloren"),
        ("customers", "zwölf", "Bitte geben Sie eine Zahl ein"),
        ("annual_revenue", "1e308", "ohne Exponent"),
        ("acquisition_cost", "NaN", "Bitte geben Sie eine Zahl ein"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_everything_typed_stays(
    client, assessment, field, typed, message
):
    response = client.post(_url(assessment), {**POST, field: typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="error_1_id_{field}"' in page or f"id_{field}" in page
    # The message sits at the refused field, and every other value is still in the form.
    field_html = page[page.index(f'name="{field}"') :]
    assert message in field_html[:2000]
    for name, value in POST.items():
        if name not in (field, "currency"):
            assert f'name="{name}" value="{value}"' in page, name
    assert not KpiInputs.objects.exists()


def test_an_incomplete_group_asks_for_the_missing_figure(client, assessment):
    response = client.post(_url(assessment), {"currency": "CHF", "promoters": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte geben Sie eine Zahl ein (0, wenn keine)." in page
    assert 'name="promoters" value="4"' in page


def test_a_wrong_link_is_404(client, assessment):
    assert client.get(reverse("reports:kpi_inputs", kwargs={"token": "x" * 43})).status_code == 404
    response = client.post(reverse("reports:kpi_inputs", kwargs={"token": "y" * 43}), POST)
    assert response.status_code == 404
    assert not KpiInputs.objects.exists()


def test_the_controlling_page_links_to_the_figures(client, catalog):
    assessment = start_assessment(catalog)
    kwargs = {"token": assessment.token, "pillar_key": "controlling"}
    page = client.get(reverse("assessment:pillar", kwargs=kwargs)).content.decode()
    assert f'href="{_url(assessment)}?back=pillar"' in page
    assert "Kennzahlen erfassen" in page
    strategy = client.get(
        reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    ).content.decode()
    assert "Kennzahlen erfassen" not in strategy


# --- results page, JSON, PDF, DOCX -------------------------------------------------------------


def test_the_results_page_shows_each_kpi_with_formula_meaning_and_context(client, assessment):
    answer_all(assessment)
    kpi_inputs_save(assessment=assessment, values=VALUES)
    page = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    html = page.content.decode()
    section = html[html.index('data-testid="kpi-section"') :]
    assert 'data-testid="kpi-nps"' in section
    assert "unsicher" in section  # 20 answers
    assert f"9.000,00{NBSP}CHF" in section
    assert f"1.400,00{NBSP}CHF" in section
    assert "15,8" in section  # annual churn in percent
    assert "Deloitte, 2017" in section
    assert "Econsultancy; CMO Council" in section
    assert "SuperOffice" in section
    assert reverse("reports:kpi_inputs", kwargs={"token": assessment.token}) in section


def test_the_results_page_without_figures_invites_to_enter_them(client, assessment):
    html = client.get(reverse("reports:results", kwargs={"token": assessment.token})).content
    html = html.decode()
    assert 'data-testid="kpi-empty"' in html
    assert "Kennzahlen erfassen" in html


def test_the_json_carries_the_kpis(client, assessment):
    url = reverse("reports:results_json", kwargs={"token": assessment.token})
    assert json.loads(client.get(url).content)["kpis"] is None
    kpi_inputs_save(assessment=assessment, values=VALUES)
    data = json.loads(client.get(url).content)["kpis"]
    assert data["currency"] == "CHF"
    assert data["nps"]["score"] == 45.0
    assert data["nps"]["answers"] == 20
    assert data["nps"]["margin"] == 32.43  # 1.96 × √((0.6 + 0.15 − 0.45²) ÷ 20) × 100
    assert data["nps"]["uncertain"] is True
    assert data["churn"]["annual_churn"] == round(30 / 190, 4)
    assert data["churn"]["expected_lifetime_years"] == round(190 / 30, 2)
    assert data["clv"]["clv"] == 9000.0
    assert data["customer_value"]["value_per_customer"] == 1400.0
    assert data["clv"]["value_text"] == f"9.000,00{NBSP}CHF"
    assert sorted(data) == ["churn", "clv", "currency", "customer_value", "nps"]


def test_json_data_follows_the_assessments_language(small_catalog):
    assessment = start_assessment(small_catalog, language="en")
    kpi_inputs_save(assessment=assessment, values=VALUES)
    data = results_json_data(scored_assessment(assessment))["kpis"]
    assert data["clv"]["value_text"] == f"CHF{NBSP}9,000.00"


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_has_the_kpi_chapter(assessment):
    answer_all(assessment)
    kpi_inputs_save(assessment=assessment, values=VALUES)
    text = _pdf_text(report_pdf(scored_assessment(assessment))).replace(NBSP, " ")
    assert "Kennzahlen zur Kundenorientierung" in text
    assert "Net Promoter Score: 45" in text
    assert "9.000,00 CHF" in text
    assert "CLV = Jahreswert × Jahre − Akquisitionskosten" in text
    assert "Deloitte, 2017" in text
    assert "Econsultancy; CMO Council" in text


def test_the_docx_has_the_kpi_chapter(assessment):
    answer_all(assessment)
    kpi_inputs_save(assessment=assessment, values=VALUES)
    document = docx.Document(io.BytesIO(report_docx(scored_assessment(assessment))))
    text = "\n".join(p.text for p in document.paragraphs).replace(NBSP, " ")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Kennzahlen zur Kundenorientierung" in headings
    assert "Net Promoter Score: 45 (unsicher)" in headings
    assert "Kundenwert pro Kunde: 1.400,00 CHF" in text or "1.400,00 CHF" in text
    assert "Deloitte, 2017" in text
    assert "SuperOffice" in text


def test_the_section_names_every_context_figure(assessment):
    with translation.override("en"):
        section = kpi_section(None)
    assert [(f.figure, f.source) for f in section.figures] == [
        ("5×", "SuperOffice"),
        ("2% ≈ 10%", "SuperOffice"),
        ("10%", "SuperOffice"),
        ("60%", "Deloitte, 2017"),
        ("58% / 14%", "Econsultancy; CMO Council"),
    ]
    assert section.items == []


def test_a_shared_page_shows_the_kpis_but_no_way_to_edit_them(client, small_catalog):
    from assessment.services import assessment_finish
    from assessment.sharing import share_link_create
    from tests.factories import make_client, make_client_assessment, make_consultant

    consultant = make_consultant()
    assessment = make_client_assessment(make_client(consultant), small_catalog)
    answer_all(assessment)
    assessment = assessment_finish(assessment=assessment)
    kpi_inputs_save(assessment=assessment, values=VALUES)
    link = share_link_create(assessment=assessment, created_by=consultant)
    page = client.get(reverse("reports:shared_results", kwargs={"token": link.token}))
    html = page.content.decode()
    assert 'data-testid="kpi-nps"' in html
    assert 'data-testid="kpi-edit"' not in html
    assert reverse("reports:kpi_inputs", kwargs={"token": assessment.token}) not in html


def test_a_completed_assessment_keeps_its_figures_editable(client, assessment):
    from assessment.services import assessment_finish

    answer_all(assessment)
    assessment_finish(assessment=assessment)
    assert client.post(_url(assessment), POST).status_code == 302
    assert KpiInputs.objects.get(assessment=assessment).lost == 30


def test_a_group_refused_by_a_tighter_rule_later_is_left_out(assessment):
    # Stored directly (as before a rule changed): 500 lost of 200 → 180 is no churn rate.
    inputs = kpi_inputs_save(assessment=assessment, values={**VALUES, "lost": 500})
    assert sorted(kpi_results(inputs)) == ["clv", "customer_value", "nps"]


@given(
    promoters=st.integers(0, 10**6),
    passives=st.integers(0, 10**6),
    detractors=st.integers(0, 10**6),
)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_stored_counts_give_the_calculators_nps(assessment, promoters, passives, detractors):
    from reports import kpi

    values = {"promoters": promoters, "passives": passives, "detractors": detractors}
    inputs = kpi_inputs_save(assessment=assessment, values=values)
    results = kpi_results(inputs)
    if promoters + passives + detractors == 0:
        assert results == {}
    else:
        assert results["nps"] == kpi.nps_from_counts(**values)


def test_reports_without_figures_have_no_kpi_chapter(assessment):
    answer_all(assessment)
    scored = scored_assessment(assessment)
    assert "Kennzahlen zur Kundenorientierung" not in _pdf_text(report_pdf(scored))
    document = docx.Document(io.BytesIO(report_docx(scored)))
    assert "Kennzahlen zur Kundenorientierung" not in "\n".join(p.text for p in document.paragraphs)

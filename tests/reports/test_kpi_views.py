"""The KPI calculator pages: results with their formulas, number formats per language, bad input
at the field (400, everything typed kept, never a 500), uploads, and nothing stored."""

from __future__ import annotations

import html
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import kpi_display, kpi_forms
from reports.kpi_forms import NotANumber, parse_number

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"kpi:{name}")


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _value(response) -> str:
    match = re.search(r'data-testid="kpi-value">([^<]*)', _page(response))
    assert match, "no result on the page"
    return match.group(1).strip()


def _field_error(response, field: str) -> str:
    """The message shown under the field (crispy: <div id="id_<field>_error">)."""
    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</div>', _page(response), re.S)
    assert match, f"no message at {field}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _typed(response, field: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{field}"[^>]*>', _page(response))
    if match is None:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


# --- Pages and results -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en", "da"])
@pytest.mark.parametrize("name", ["index", "nps", "churn", "clv", "customer_value"])
def test_every_page_opens_without_a_query(client, django_assert_num_queries, name, language):
    with django_assert_num_queries(0):
        response = client.get(_url(name, language))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_home_page_links_to_the_calculators(client):
    response = client.get(reverse("assessment:home"))
    assert f'href="{reverse("kpi:index")}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "revenue", "cost", "expected"),
    [
        # The seeds' example: 1,000 × 10 − 1,000 = 9,000, in each language's notation.
        ("de", "1000", "1.000", f"9.000,00{NBSP}CHF"),
        ("de", "1'000.00", "1000,00", f"9.000,00{NBSP}CHF"),
        ("en", "1,000", "1000.00", f"CHF{NBSP}9,000.00"),
        ("da", "1.000,00", "1000", f"9.000,00{NBSP}CHF"),
    ],
)
def test_clv_seed_example_in_every_language(client, language, revenue, cost, expected):
    data = {"currency": "CHF", "annual_revenue": revenue, "years": "10", "acquisition_cost": cost}
    response = client.post(_url("clv", language), data)
    assert response.status_code == 200
    assert _value(response) == expected


def test_clv_shows_its_formula_and_meaning(client):
    data = {"currency": "EUR", "annual_revenue": "1000", "years": "10", "acquisition_cost": "1000"}
    page = _page(client.post(_url("clv"), data))
    assert (
        "CLV = yearly value × years − acquisition cost = "
        f"EUR{NBSP}1,000.00 × 10 − EUR{NBSP}1,000.00 = EUR{NBSP}9,000.00"
    ) in page
    assert f"a customer brings you EUR{NBSP}9,000.00 more than it cost to win them" in page


def test_discounted_clv_with_years_from_churn(client):
    # 1 ÷ 25 % = 4 years of 2,000 × 50 % = 1,000 at 10 %: 909.09 + 826.45 + 751.31 + 683.01
    # = 3,169.87; − 500 = 2,669.87.
    data = {
        "currency": "USD",
        "annual_revenue": "2000",
        "annual_churn_percent": "25",
        "margin_percent": "50",
        "discount_percent": "10",
        "acquisition_cost": "500",
    }
    response = client.post(_url("clv"), data)
    assert _value(response) == f"USD{NBSP}2,669.87"
    page = _page(response)
    assert "Relationship years = 1 ÷ annual churn = 1 ÷ 25% = 4" in page
    assert f"Yearly value = revenue × margin = USD{NBSP}2,000.00 × 50% = USD{NBSP}1,000.00" in page


def test_churn_result(client):
    # 12 ÷ ((100 + 140) ÷ 2) = 10 % in 6 months; annual 1 − 0.9² = 19 %; lifetime 1 ÷ 0.19 = 5.3.
    data = {"customers_start": "100", "customers_end": "140", "lost": "12", "months": "6"}
    response = client.post(_url("churn", "de"), data)
    assert response.status_code == 200
    assert _value(response) == f"19,0{NBSP}%"
    page = _page(response)
    assert f"1 − (1 − 10,0{NBSP}%)^(12 ÷ 6) = 19,0{NBSP}%" in page
    assert f"81,0{NBSP}%" in page and "5,3" in page


def test_nps_from_counts_marks_a_small_sample_uncertain(client):
    # 7/2/1: NPS 60, margin 1.96 × √(0.44 / 10) × 100 = 41.1; 60 − 41.1 = 18.9, 60 + 41.1 → 100.
    data = {"source": "counts", "promoters": "7", "passives": "2", "detractors": "1"}
    response = client.post(_url("nps"), data)
    assert response.status_code == 200
    page = _page(response)
    assert _value(response) == "60"
    assert "uncertain" in page
    assert "±41.1 points" in page
    assert "between 18.9 and 100 (95 % confidence)" in page


def test_nps_from_30_answers_is_not_uncertain(client):
    answers = "\n".join(["10"] * 15 + ["8"] * 5 + ["3"] * 10)  # (15 − 10) / 30 = 16.7
    response = client.post(_url("nps"), {"source": "answers", "answers": answers})
    assert response.status_code == 200
    assert _value(response) == "16.7"
    assert "kk-level-badge" not in _page(response)


def test_customer_value_result(client):
    data = {
        "currency": "DKK",
        "revenue": "500000",
        "acquisition_costs": "100000",
        "care_costs": "50000",
        "customers": "250",
    }
    response = client.post(_url("customer_value", "da"), data)
    assert _value(response) == f"1.400,00{NBSP}DKK"
    assert f"= 30,0{NBSP}%" in _page(response)


def test_the_currency_starts_with_the_language(client):
    for language, currency in (("de", "CHF"), ("da", "DKK"), ("en", "EUR")):
        page = client.get(_url("clv", language)).content.decode()
        assert re.search(rf'<option value="{currency}" selected>', page), language


# --- Number formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "amount", "percent", "plain"),
    [
        ("de", f"1.234.567,50{NBSP}CHF", f"12,5{NBSP}%", "1.234,5"),
        ("en", f"CHF{NBSP}1,234,567.50", "12.5%", "1,234.5"),
        ("da", f"1.234.567,50{NBSP}CHF", f"12,5{NBSP}%", "1.234,5"),
    ],
)
def test_the_same_value_in_each_language(language, amount, percent, plain):
    with translation.override(language):
        assert kpi_display.amount(1234567.5, "CHF") == amount
        assert kpi_display.percent(0.125) == percent
        assert kpi_display.plain(1234.5) == plain
        assert kpi_display.amount(-500, "CHF").startswith("-500") or language == "en"


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("1234.5", ".", "1234.5"),
        ("1234,5", ".", "1234.5"),
        ("1'234,50", ".", "1234.50"),
        ("1’234.50", ".", "1234.50"),
        ("1.234,50", ".", "1234.50"),
        ("1,234.50", ",", "1234.50"),
        ("1 234,5", ".", "1234.5"),
        ("1.234.567", ".", "1234567"),
        ("1,234,567", ".", "1234567"),
        # A lone separator before three digits: the language's thousands separator groups …
        ("1.234", ".", "1234"),
        ("1,234", ",", "1234"),
        # … any other separator is the decimal one.
        ("1,234", ".", "1.234"),
        ("1.234", ",", "1.234"),
        ("0.250", ".", "0.250"),
        ("12.5", ".", "12.5"),
        ("-3", ".", "-3"),
        ("−3", ".", "-3"),
        ("+7", ".", "7"),
        ("5.", ".", "5"),
    ],
)
def test_parse_number(text, separator, expected):
    assert parse_number(text, separator) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1e308", "NaN", "inf", "Infinity", "1.2.3,4,5", "1,23.456,7", ".5", "1..2", "12a"],
)
def test_parse_number_refuses(text):
    with pytest.raises(NotANumber):
        parse_number(text, ".")


# --- Bad input ---------------------------------------------------------------------------------

CHURN = {"customers_start": "100", "customers_end": "100", "lost": "10", "months": "12"}
CLV = {"currency": "CHF", "annual_revenue": "1000", "years": "10", "acquisition_cost": "1000"}
VALUE = {
    "currency": "CHF",
    "revenue": "1000",
    "acquisition_costs": "10",
    "care_costs": "10",
    "customers": "5",
}
COUNTS = {"source": "counts", "promoters": "5", "passives": "3", "detractors": "2"}


@pytest.mark.parametrize(
    ("name", "data", "field", "message"),
    [
        ("churn", {**CHURN, "customers_start": "-5"}, "customers_start", "zero or more"),
        ("churn", {**CHURN, "lost": "500"}, "lost", "More customers lost than the period"),
        ("churn", {**CHURN, "customers_end": "50"}, "lost", "fell by more than this"),
        (
            "churn",
            {**CHURN, "customers_start": "0", "customers_end": "0", "lost": "0"},
            "customers_start",
            "nothing to divide by",
        ),
        ("churn", {**CHURN, "lost": "zehn"}, "lost", "Please enter a number, such as 1,234."),
        ("churn", {**CHURN, "lost": "1e308"}, "lost", "without an exponent"),
        ("churn", {**CHURN, "lost": "NaN"}, "lost", "Please enter a number"),
        ("churn", {**CHURN, "lost": "inf"}, "lost", "Please enter a number"),
        ("churn", {**CHURN, "lost": "1000000000001"}, "lost", "too large: at most"),
        ("churn", {**CHURN, "lost": "9" * 39}, "lost", "too large"),
        ("churn", {**CHURN, "lost": "9" * 41}, "lost", "not a text"),
        ("churn", {**CHURN, "lost": "2.5"}, "lost", "whole number"),
        ("churn", {**CHURN, "months": "0"}, "months", "from 1 to 120"),
        ("churn", {**CHURN, "months": "121"}, "months", "from 1 to 120"),
        ("churn", {**CHURN, "months": ""}, "months", "Please enter a number."),
        ("clv", {**CLV, "annual_revenue": "-1"}, "annual_revenue", "zero or more"),
        ("clv", {**CLV, "years": ""}, "years", "either the relationship years or"),
        ("clv", {**CLV, "annual_churn_percent": "10"}, "years", "(not both)"),
        (
            "clv",
            {**CLV, "years": "", "annual_churn_percent": "0"},
            "annual_churn_percent",
            "never leaves",
        ),
        ("clv", {**CLV, "years": "101"}, "years", "at most 100 years"),
        ("clv", {**CLV, "margin_percent": "120"}, "margin_percent", "from 0 to 100"),
        ("clv", {**CLV, "discount_percent": "-3"}, "discount_percent", "from 0 to 100"),
        ("clv", {**CLV, "currency": "BTC"}, "currency", "BTC"),
        ("customer_value", {**VALUE, "customers": "0"}, "customers", "nothing to divide by"),
        ("customer_value", {**VALUE, "care_costs": "1e12x"}, "care_costs", "Please enter"),
        ("customer_value", {**VALUE, "revenue": "1e13"}, "revenue", "without an exponent"),
        ("nps", {**COUNTS, "promoters": "-1"}, "promoters", "zero or more"),
        ("nps", {**COUNTS, "passives": "1,5"}, "passives", "whole number"),
        ("nps", {**COUNTS, "promoters": "0", "passives": "0", "detractors": "0"}, "promoters", "0"),
        ("nps", {**COUNTS, "detractors": ""}, "detractors", "0 if none"),
        ("nps", {"source": "answers", "answers": ""}, "answers", "at least one answer"),
        ("nps", {"source": "answers", "answers": "9 10 11"}, "answers", "Answer 3, “11”"),
        ("nps", {"source": "answers", "answers": "7;8;x"}, "answers", "Answer 3, “x”"),
        ("nps", {"source": "file"}, "upload", "choose a file"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_keeps_the_rest(client, name, data, field, message):
    response = client.post(_url(name), data)
    assert response.status_code == 400
    assert message in _field_error(response, field)
    assert 'data-testid="kpi-value"' not in response.content.decode()
    for other, typed in data.items():
        shown = _typed(response, other)
        if shown is not None and other != "source":
            assert shown == typed, other
    if "answers" in data:
        assert html.escape(data["answers"]) in response.content.decode()


def test_a_german_message_at_the_field(client):
    response = client.post(_url("churn", "de"), {**CHURN, "customers_start": "-5", "lost": "x"})
    assert response.status_code == 400
    assert "null oder mehr" in _field_error(response, "customers_start")
    assert "1.234" in _field_error(response, "lost")


def test_a_danish_message_at_the_field(client):
    response = client.post(_url("customer_value", "da"), {**VALUE, "customers": "0"})
    assert response.status_code == 400
    assert "kunder" in _field_error(response, "customers").lower()


def _upload(content: bytes, name: str) -> dict:
    return {"source": "file", "upload": SimpleUploadedFile(name, content)}


def _xlsx(rows: list) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row if isinstance(row, list) else [row])
    workbook.create_sheet("Second").append([0])  # never read
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        # Heading skipped, blank rows skipped: 10, 9 promoters; 3 detractor; 7 passive → 25.
        (b"Score\n10\n9\n\n3\n7\n", "answers.csv", "25"),
        # Semicolon CSV from a German Excel, BOM: first column only: 10, 0 → 0.
        ("\ufeffWert;Kommentar\n10;gut\n0;schlecht\n".encode(), "answers.csv", "0"),
        # XLSX: heading, an int, a float 9.0, a text "8", an empty cell, 0: (2 − 1) ÷ 4 = 25.
        (_xlsx(["NPS", 10, 9.0, "8", None, 0]), "answers.xlsx", "25"),
        # An XLSX without the extension is recognised by its content.
        (_xlsx([10, 10]), "upload", "100"),
    ],
)
def test_nps_from_a_file(client, content, name, expected):
    response = client.post(_url("nps"), _upload(content, name))
    assert response.status_code == 200, _page(response)[-2000:]
    assert _value(response) == expected


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Score\n10\n9\nzehn\n", "a.csv", "Row 4: “zehn” is not a whole number from 0 to 10."),
        (b"10\n11\n", "a.csv", "Row 2: “11”"),
        (b"10\n7.5\n", "a.csv", "Row 2: “7.5”"),
        (_xlsx(["NPS", 10, "viel", 3]), "a.xlsx", "Row 3: “viel”"),
        (_xlsx(["NPS", 10, True]), "a.xlsx", "Row 3: “True”"),
        (b"this is not a workbook", "a.xlsx", "not an Excel workbook"),
        (b"PK\x03\x04 broken zip", "a.bin", "not an Excel workbook"),
        (b"\xff\xfe\x00\x01", "a.csv", "neither a CSV file"),
        # One line longer than the csv module's field limit (131,072 characters).
        (b"7" * 200_000, "a.csv", "neither a CSV file"),
        (b'"10\n' + b"x" * 200_000, "a.csv", "neither a CSV file"),
        (b"Score\n", "a.csv", "no answers"),
        (b"", "a.csv", "The submitted file is empty."),  # Django's own check
        (b"5\n" * (kpi_forms.MAX_ANSWER_ROWS + 1), "a.csv", "Too many answers: at most 100,000."),
        (b"5" * (kpi_forms.MAX_UPLOAD_BYTES + 1), "a.csv", "too large: at most 1 MB"),
    ],
)
def test_a_bad_file_is_refused_at_the_upload(client, content, name, message):
    typed = {"promoters": "3", "passives": "2", "detractors": "1"}
    response = client.post(_url("nps"), {**_upload(content, name), **typed})
    assert response.status_code == 400
    assert message in _field_error(response, "upload")
    for field, value in typed.items():
        assert _typed(response, field) == value


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
def test_a_workbook_holding_nan_or_inf_is_refused_at_its_row(client, value):
    # openpyxl reads a numeric cell with float(): a hand-made sheet can hold nan or inf.
    content = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx([10, 9]))) as source,
        zipfile.ZipFile(content, "w") as copy,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>9</v>", f"<v>{value}</v>".encode())
            copy.writestr(item, data)
    response = client.post(_url("nps"), _upload(content.getvalue(), "a.xlsx"))
    assert response.status_code == 400
    # openpyxl itself stumbles over "nan" and "inf" (a broken workbook); 1e400 reaches the row.
    message = _field_error(response, "upload")
    assert "Row 2: “inf”" in message if value == "1e400" else "not an Excel workbook" in message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (kpi_forms.XLSX_MAX_UNPACKED + 1))
    assert len(buffer.getvalue()) < kpi_forms.MAX_UPLOAD_BYTES
    response = client.post(_url("nps"), _upload(buffer.getvalue(), "bomb.xlsx"))
    assert response.status_code == 400
    assert "not an Excel workbook" in _field_error(response, "upload")


def test_nothing_is_stored(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.post(_url("clv"), CLV)
        client.post(_url("nps"), _upload(b"10\n9\n", "a.csv"))
        client.post(_url("churn"), {**CHURN, "lost": "-1"})
    assert response.status_code == 200


# --- Fuzz --------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
garbage = st.one_of(
    st.text(max_size=45),
    st.sampled_from(
        ["", "0", "-0", "1e308", "NaN", "-inf", "1'234,5", "1.234,5", "9" * 40, "\x00", "٣", "５"]
    ),
    st.from_regex(r"[-+]?[\d.,' ]{1,30}", fullmatch=True),
)
FIELDS = {
    "nps": ("source", "promoters", "passives", "detractors", "answers"),
    "churn": ("customers_start", "customers_end", "lost", "months"),
    "clv": (
        "currency",
        "annual_revenue",
        "years",
        "annual_churn_percent",
        "acquisition_cost",
        "margin_percent",
        "discount_percent",
    ),
    "customer_value": ("currency", "revenue", "acquisition_costs", "care_costs", "customers"),
}


@pytest.mark.parametrize("name", sorted(FIELDS))
@FUZZ
@given(data=st.data())
def test_garbage_never_breaks_a_calculator(client, name, data):
    values = {field: data.draw(garbage, label=field) for field in FIELDS[name]}
    if name == "nps":
        values["source"] = data.draw(st.sampled_from(["counts", "answers", "file", "x"]))
    language = data.draw(st.sampled_from(["de", "en", "da"]))
    response = client.post(_url(name, language), values)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert 'data-testid="kpi-value"' in response.content.decode()


@FUZZ
@given(content=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "a"]))
def test_garbage_files_never_break_the_nps(client, content, name):
    response = client.post(_url("nps"), _upload(content, name))
    assert response.status_code in (200, 400)

"""Exports: spreadsheet cells never run as formulas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from reports.exports import spreadsheet_safe
from tests.factories import answer


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x.example","klick")', '\'=HYPERLINK("http://x.example","klick")'),
        ("+41 44 000 00 00", "'+41 44 000 00 00"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("3", "3"),
        ("", ""),
        ("Kunde = König", "Kunde = König"),
        ("'=already quoted", "'=already quoted"),
    ],
)
def test_spreadsheet_safe(cell, expected):
    assert spreadsheet_safe(cell) == expected


def test_a_formula_in_a_comment_is_exported_as_text(client, assessment):
    key = assessment.catalog.questions.order_by("pk").first().key
    answer(assessment, key, 3, comment='=HYPERLINK("http://evil.example","Details")')
    response = client.get(reverse("reports:answers_csv", kwargs={"token": assessment.token}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(row for row in rows if row[2] == key)
    assert row[-1] == '\'=HYPERLINK("http://evil.example","Details")'
    assert row[4:6] == ["3", "3"]  # our own numbers stay numbers
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_json_and_csv_build_no_chart(client, assessment, monkeypatch):
    from reports import charts

    def no_chart(*args, **kwargs):
        raise AssertionError("the radar figure was built")

    for name in ("radar_figure", "radar_json", "radar_spec"):
        monkeypatch.setattr(charts, name, no_chart)
    monkeypatch.setattr("reports.context.radar_figure", no_chart)
    monkeypatch.setattr("reports.context.radar_json", no_chart)
    answer(assessment, assessment.catalog.questions.order_by("pk").first().key, 3)
    token = {"token": assessment.token}
    assert client.get(reverse("reports:results_json", kwargs=token)).status_code == 200
    assert client.get(reverse("reports:answers_csv", kwargs=token)).status_code == 200
    with pytest.raises(AssertionError, match="radar figure was built"):
        client.get(reverse("reports:results", kwargs=token))

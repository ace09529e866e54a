"""The radar's text alternative: a table with the same numbers as the chart's traces."""

from __future__ import annotations

import io
import json

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Assessment


@pytest.fixture
def demo(catalog, monkeypatch):
    monkeypatch.setenv("KK_PASSWORD", "demo-Passwort-2026")
    call_command("seed_demo", stdout=io.StringIO())


def _number(text: str) -> float | None:
    text = text.strip()
    return None if text == "–" else float(text.replace(",", "."))


def _chart_and_table(page: bytes) -> tuple[dict[str, list[float | None]], dict[str, list]]:
    tree = lxml.html.fromstring(page.decode())
    figure = json.loads(json.loads(tree.get_element_by_id("radar-data").text))
    traces = {trace["name"]: trace["r"] for trace in figure["data"]}
    table = tree.xpath('//*[@data-testid="radar-table"]//table')[0]
    headings = {
        th.get("data-series"): th.text_content().strip()
        for th in table.xpath("thead//th[@data-series]")
    }
    columns: dict[str, list] = {series: [] for series in headings}
    for row in table.xpath("tbody/tr"):
        for cell in row.xpath("td[@data-series]"):
            columns[cell.get("data-series")].append(_number(cell.text_content()))
    return traces, {"headings": headings, **columns}


def _trace(traces: dict, name: str, pillars: int) -> list[float | None]:
    values = traces[name]
    assert len(values) == pillars + 1 and values[-1] == values[0]  # the closed outline
    return values[:-1]


def test_the_workshop_table_has_the_team_range_target_and_earlier_scores_of_the_chart(demo, client):
    assessment = Assessment.objects.get(mode="distributed")
    client.force_login(get_user_model().objects.get())
    url = reverse("reports:results", kwargs={"token": assessment.token})
    traces, table = _chart_and_table(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content)
    pillars = len(table["current"])
    assert pillars == assessment.catalog.pillars.count()
    headings = table["headings"]
    assert set(headings) == {"current", "low", "high", "target", "before"}
    band_name = "Spanne der Einzelwerte"
    others = {headings["before"], headings["target"], band_name}
    (current_trace,) = set(traces) - others
    assert table["current"] == _trace(traces, current_trace, pillars)
    assert table["before"] == _trace(traces, headings["before"], pillars)
    assert table["target"] == _trace(traces, headings["target"], pillars)
    band = traces[band_name]
    assert table["high"] == band[:pillars]
    # Out along the highs, back along the lows (each outline closed).
    assert len(band) == 2 * (pillars + 1)
    assert table["low"] == list(reversed(band[pillars + 1 :]))[:pillars]
    assert all(
        low <= mean <= high
        for low, mean, high in zip(table["low"], table["current"], table["high"], strict=True)
    )
    # Real numbers, not all the same: the demo's earlier assessment was lower.
    assert sum(table["before"]) < sum(table["current"])


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_a_self_assessment_table_has_the_scores_and_targets_of_the_chart(demo, client, language):
    assessment = Assessment.objects.get(mode="self")
    url = reverse("reports:results", kwargs={"token": assessment.token})
    traces, table = _chart_and_table(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content)
    assert set(table["headings"]) == {"current", "target"}
    pillars = len(table["current"])
    assert table["current"] == _trace(traces, table["headings"]["current"], pillars)
    assert table["target"] == _trace(traces, table["headings"]["target"], pillars)
    assert all(value is not None for value in table["current"])


def test_the_compare_page_table_has_the_numbers_of_its_chart(demo, client):
    earlier = Assessment.objects.get(mode="facilitated")
    workshop = Assessment.objects.get(mode="distributed")
    client.force_login(get_user_model().objects.get())
    url = reverse("reports:compare", kwargs={"first_id": earlier.pk, "second_id": workshop.pk})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    traces, table = _chart_and_table(response.content)
    pillars = len(table["current"])
    assert "before" in table["headings"]
    assert table["before"] == _trace(traces, table["headings"]["before"], pillars)
    assert table["target"] == _trace(traces, table["headings"]["target"], pillars)
    others = {table["headings"]["before"], table["headings"]["target"]}
    if "low" in table["headings"]:
        others.add("Spanne der Einzelwerte")
    current = [name for name in traces if name not in others]
    assert len(current) == 1
    assert table["current"] == _trace(traces, current[0], pillars)

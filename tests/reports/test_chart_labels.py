"""Pillar names on the radar break at spaces and hyphens only, never inside a word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.charts import _wrap

pytestmark = pytest.mark.dbless


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Kampagne- og kontaktpunktstyring", "Kampagne- og<br>kontaktpunktstyring"),
        ("Kampagnen- und Touchpoint-Management", "Kampagnen- und<br>Touchpoint-<br>Management"),
        ("CRM-Strategie als Ausgangsbasis", "CRM-Strategie als<br>Ausgangsbasis"),
        ("IT", "IT"),
    ],
)
def test_labels_break_between_words(label, expected):
    assert _wrap(label) == expected


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåäöü", min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=6))
def test_no_word_is_ever_split(parts):
    label = " ".join(parts)
    lines = _wrap(label).split("<br>")
    assert " ".join(lines) == label


# --- The results page's radar: plain data that plotly reads back unchanged --------------------

LABELS = ["Strategie & Führung", "Kundendaten", "Kundenerlebnis", "Service", "Loyalität", "KPI"]


@pytest.mark.parametrize(
    "options",
    [
        {"current": [55.2, 60.1, None, 70.0, 45.5, 80.0], "target": [80] * 6},
        {"current": [None] * 6},
        {
            "current": [55.2, 60.1, 33, 70.0, 45.5, 80.0],
            "target": [80, None, 80, 80, 80, 80],
            "baseline": [10, 20, 30, 40, 50, 60],
            "baseline_name": "Vorher",
            "accent": "#123456",
            "band_low": [1] * 6,
            "band_high": [90] * 6,
            "band_name": "Spanne",
            "width": 540,
            "height": 460,
        },
    ],
)
def test_radar_json_is_the_validated_figure(options):
    import json

    from reports.charts import radar_figure, radar_json

    options = {"current_name": "Aktuell", "target_name": "Ziel", **options}
    current = options.pop("current")
    from_json = json.loads(radar_json(LABELS, current, **options))
    figure = radar_figure(LABELS, current, **options)
    assert from_json == json.loads(figure.to_json())
    assert from_json["layout"]["template"]  # plotly's default template, as a Figure has it


# --- The radar's data script: Django's json_script, byte for byte, without its slow escaping ----


@given(st.text(), st.sampled_from(["radar-data", "radar-2"]))
def test_the_radar_script_is_what_json_script_makes(spec_json, element_id):
    from django.utils.html import json_script

    from reports.charts import radar_data_script

    assert radar_data_script(spec_json, element_id) == json_script(spec_json, element_id)


def test_a_label_cannot_end_the_radar_script():
    from reports.charts import radar_data_script, radar_json

    hostile = '</script><script>alert("x")</script> & <!--'
    script = radar_data_script(radar_json([hostile, *LABELS[1:]], [50] * 6))
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<!--" not in script and "&" not in script.removesuffix("</script>")

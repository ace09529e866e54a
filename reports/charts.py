"""The radar chart: one plotly figure, drawn by plotly.js on the page and as SVG in the PDF."""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils.html import format_html
from django.utils.safestring import SafeString

BRAND = "#0b4f6c"
ACCENT = "#e08a1e"
GRID = "#d5dee5"
BEFORE = "#6b7785"  # the earlier assessment: grey, dotted, square markers
FONT_FAMILY = "Inter, 'DejaVu Sans', Arial, sans-serif"


# Narrow screens (static/js/app.js applies this under 576 px, where the pillar names shrink to
# 9 px): tick labels smaller than the pillar names, upright, between the first two pillars' axes
# (never on a point), above the traces with a white halo so a data line crossing them does not
# hide them; no "100" beside the pillar names.
NARROW_RADIAL_AXIS = {
    "angle": 60,
    "tickangle": 60,
    "tickvals": [20, 40, 60, 80],
    "layer": "above traces",
    "tickfont": {
        "size": 8,
        "color": "#4a5a68",
        "shadow": "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff",
    },
}
NARROW_PILLAR_FONT_SIZE = 9


def _wrap(label: str, width: int = 18) -> str:
    """Break a pillar name for the radar at spaces and after hyphens, never inside a word."""
    return "<br>".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def _translucent(colour: str, alpha: float) -> str:
    """ "#rrggbb" as "rgba(r, g, b, alpha)"."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def radar_figure(
    labels: Sequence[str], current: Sequence[float | None], **kwargs: Any
) -> go.Figure:
    """The radar as a plotly Figure (validated), for the PDF's and the DOCX's images: the same
    figure as `radar_spec` describes."""
    return go.Figure(radar_spec(labels, current, **kwargs))


def radar_json(labels: Sequence[str], current: Sequence[float | None], **kwargs: Any) -> str:
    """The radar for plotly.js on the results page: `radar_spec` as JSON.

    Building a plotly Figure validates every property against plotly's schema, which took a
    third of the results page; the spec is plain data in plotly's own format, and a test checks
    that plotly reads it back unchanged.
    """
    return json.dumps(radar_spec(labels, current, **kwargs), ensure_ascii=False)


# What Django's json_script escapes, and how (django.utils.html._json_script_escapes).
JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def radar_data_script(spec_json: str, element_id: str = "radar-data") -> SafeString:
    """`{{ spec_json|json_script:element_id }}`, byte for byte, for static/js/app.js.

    json_script escapes with str.translate, which looks up every character of the ~9 KB spec
    in a dict: 0.8 ms, a tenth of the results page. Three str.replace calls do the same.
    """
    escaped = json.dumps(spec_json)
    for character, escape in JSON_SCRIPT_ESCAPES:
        escaped = escaped.replace(character, escape)
    # Reviewed (bandit skips it): JSON whose "<", ">" and "&" are escaped cannot end the script
    # element; json_script marks the same string safe.
    content = SafeString(escaped)  # nosec B703
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, content)


@functools.cache
def plotly_default_template() -> dict[str, Any]:
    """The template a new plotly Figure gets (plotly.io.templates.default), as plain data."""
    template: dict[str, Any] = go.Figure().to_plotly_json()["layout"]["template"]
    return template


def radar_spec(
    labels: Sequence[str],
    current: Sequence[float | None],
    *,
    target: Sequence[float | None] | None = None,
    baseline: Sequence[float | None] | None = None,
    current_name: str = "",
    target_name: str = "",
    baseline_name: str = "",
    accent: str = "",
    width: int | None = None,
    height: int | None = None,
    band_low: Sequence[float | None] | None = None,
    band_high: Sequence[float | None] | None = None,
    band_name: str = "",
) -> dict[str, Any]:
    """The radar as plotly figure data (traces and layout).

    Scores 0–100 per pillar; None (not enough answers) leaves a gap at that axis.

    ``baseline`` (an earlier assessment's scores) is drawn as a second, dotted grey outline
    under the current one; ``accent`` (a consultancy's "#rrggbb") replaces the brand colour of
    the current scores. ``band_low``/``band_high`` (a workshop's lowest and highest individual
    pillar scores) shade the ring between them, under everything else; only when every pillar
    has both.
    """
    colour = accent or BRAND
    theta = [_wrap(label) for label in labels]
    closed_theta = [*theta, theta[0]]

    def closed(values: Sequence[float | None]) -> list[float | None]:
        rounded = [None if v is None else round(v, 1) for v in values]
        return [*rounded, rounded[0]]

    traces: list[dict[str, Any]] = []
    show_band = (
        band_low is not None
        and band_high is not None
        and len(band_low) == len(band_high) == len(labels)
        and all(v is not None for v in [*band_low, *band_high])
    )
    if show_band and band_low is not None and band_high is not None:
        # Out along the highs, back along the lows: one closed ring that "toself" fills.
        high, low = closed(band_high), closed(band_low)
        traces.append(
            {
                "type": "scatterpolar",
                "r": [*high, *reversed(low)],
                "theta": [*closed_theta, *reversed(closed_theta)],
                "name": band_name,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": _translucent(BEFORE, 0.18),
                "line": {"color": _translucent(BEFORE, 0.5), "width": 1},
                "hoverinfo": "skip",
            }
        )
    show_target = target is not None and any(v is not None for v in target)
    if show_target and target is not None:
        traces.append(
            {
                "type": "scatterpolar",
                "r": closed(target),
                "theta": closed_theta,
                "name": target_name,
                "mode": "lines+markers",
                "line": {"color": ACCENT, "width": 2, "dash": "dash"},
                "marker": {"size": 6},
                "hovertemplate": "%{theta}: %{r:.0f}<extra>" + target_name + "</extra>",
            }
        )
    show_baseline = baseline is not None and any(v is not None for v in baseline)
    if show_baseline and baseline is not None:
        traces.append(
            {
                "type": "scatterpolar",
                "r": closed(baseline),
                "theta": closed_theta,
                "name": baseline_name,
                "mode": "lines+markers",
                "line": {"color": BEFORE, "width": 2, "dash": "dot"},
                "marker": {"size": 7, "color": BEFORE, "symbol": "square"},
                "connectgaps": False,
                "hovertemplate": "%{theta}: %{r:.0f}<extra>" + baseline_name + "</extra>",
            }
        )
    traces.append(
        {
            "type": "scatterpolar",
            "r": closed(current),
            "theta": closed_theta,
            "name": current_name,
            "mode": "lines+markers",
            # A gap (pillar without enough answers) would drag the filled area through the centre.
            "fill": "toself" if all(v is not None for v in current) else "none",
            "fillcolor": _translucent(colour, 0.22),
            "line": {"color": colour, "width": 2.5},
            "marker": {"size": 7, "color": colour},
            "connectgaps": False,
            "hovertemplate": "%{theta}: %{r:.0f}<extra>" + current_name + "</extra>",
        }
    )
    layout = {
        "template": plotly_default_template(),  # shared: read, never changed
        "polar": {
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [20, 40, 60, 80, 100],
                "tickfont": {"size": 10, "color": "#5b6b7a"},
                "gridcolor": GRID,
                "linecolor": GRID,
                # Between the first two axes, so the tick labels don't cover a pillar name.
                "angle": 60,
                "tickangle": 60,
            },
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90,
                "gridcolor": GRID,
                "linecolor": GRID,
                "tickfont": {"size": 12, "color": "#14213d"},
            },
            "bgcolor": "rgba(0,0,0,0)",
        },
        "showlegend": show_target or show_baseline or show_band,
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.16},
        "margin": {"l": 90, "r": 90, "t": 50, "b": 70},
        "font": {"family": FONT_FAMILY, "color": "#1f2a37"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "meta": {
            "narrow": {"radialaxis": NARROW_RADIAL_AXIS, "pillar_font": NARROW_PILLAR_FONT_SIZE}
        },
    }
    if width is not None:
        layout["width"] = width
    if height is not None:
        layout["height"] = height
    return {"data": traces, "layout": layout}

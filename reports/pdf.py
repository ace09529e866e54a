"""The PDF report: ``templates/reports/report.html`` laid out by weasyprint.

The radar is the results page's plotly figure as SVG from kaleido (chart_images.py), embedded as
an SVG image, which weasyprint draws as vector paths and text. The stylesheet, the font
configuration and the URL fetcher are set up once per process; only the HTML changes between
reports. The choices that keep a 17-page report near twice weasyprint's floor for plain text of
the same length are explained where they are made (here and in report.css).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gc
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import mark_safe

from assessment.spelling import reads_regional, regional

from .chart_images import ChartUnavailable, chart_svg
from .report_document import ReportDocument, build_report_document

if TYPE_CHECKING:
    from reports.selectors import ScoredAssessment

STYLESHEET_PATH = Path(__file__).resolve().parent.parent / "static" / "css" / "report.css"
TEMPLATE = "reports/report.html"

# weasyprint shares Pango's font map through the font configuration, and Pango is not
# thread-safe: one report at a time per process, on this one thread. A request waits for its
# report at most REPORT_RENDER_TIMEOUT (queueing included), below gunicorn's 60 s timeout; a
# render that overruns finishes in the background (weasyprint cannot be interrupted) while the
# user gets the "report unavailable" page instead of a dead connection.
_render_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="weasyprint")
DEFAULT_RENDER_TIMEOUT = 40.0
_image_cache: dict = {}
IMAGE_CACHE_SIZE = 4


class ReportUnavailable(Exception):
    """The report cannot be produced on this server (no Chromium for the chart, no weasyprint)."""


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ") + '"'


def page_counter_css(template: str) -> str:
    """A CSS ``content`` value for a translated "Page %(page)s of %(pages)s".

    The translation decides the word order; the placeholders become CSS page counters.
    """
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", template):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


_EMPTY_GROUP = re.compile(r"<g\b[^<>]*/>|<g\b[^<>]*></g>")


def svg_data_uri(svg: str) -> str:
    """The chart as an ``<img>`` source.

    weasyprint draws SVG images as vector paths, just like inline ``<svg>``, but this skips the
    CSS cascade over the chart's elements and lets weasyprint keep the parsed image in its cache.
    Plotly leaves dozens of empty layer groups in its SVG; they draw nothing, so they go.
    """
    previous = None
    while previous != svg:
        previous, svg = svg, _EMPTY_GROUP.sub("", svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_report_html(document: ReportDocument, *, chart: str) -> str:
    """The report as HTML (call inside ``translation.override`` of the assessment's language)."""
    html = render_to_string(
        TEMPLATE,
        {
            "document": document,
            "report": document.report,
            "labels": document.labels,
            "chart_uri": svg_data_uri(chart) if chart else "",
            # Reviewed (bandit skips it): built from CSS strings whose quotes and "<" are escaped.
            "page_counter_css": mark_safe(page_counter_css(document.labels.page_counter)),  # nosec
        },
    )
    # Whitespace between tags becomes boxes weasyprint has to lay out and throw away; the
    # templates never rely on it between two inline elements.
    return strip_spaces_between_tags(html)


@functools.cache
def _weasyprint() -> tuple:
    """(HTML class, stylesheet, font configuration, URL fetcher), made once per process."""
    try:
        from weasyprint import CSS, HTML, URLFetcher
        from weasyprint.text.fonts import FontConfiguration
    except OSError as error:  # Pango or HarfBuzz missing
        raise ReportUnavailable(f"weasyprint cannot load its libraries: {error}") from error
    font_config = FontConfiguration()
    # One fetcher for all reports (a new one sets up an SSL context, ~20 ms), and no network:
    # the report embeds everything it shows as data: URLs.
    fetcher = URLFetcher(allowed_protocols=("data", "file"))
    stylesheet = CSS(filename=str(STYLESHEET_PATH), font_config=font_config, url_fetcher=fetcher)
    return HTML, stylesheet, font_config, fetcher


class ReportTimedOut(ReportUnavailable):
    """One report took longer than REPORT_RENDER_TIMEOUT."""


def html_to_pdf(html: str, *, timeout: float | None = None) -> bytes:
    """Lay out report HTML with the report stylesheet, within the time limit."""
    limit = timeout or float(getattr(settings, "REPORT_RENDER_TIMEOUT", DEFAULT_RENDER_TIMEOUT))
    future = _render_thread.submit(_layout, html)
    try:
        return future.result(timeout=limit)
    except FutureTimeout:
        future.cancel()  # still queued: never started; running: finishes unseen
        raise ReportTimedOut(f"the PDF took longer than {limit:.0f} s") from None


def _layout(html: str) -> bytes:
    html_class, stylesheet, font_config, fetcher = _weasyprint()
    # weasyprint keeps parsed images here by URL: a chart downloaded again is parsed once.
    if len(_image_cache) > IMAGE_CACHE_SIZE:
        _image_cache.clear()
    # weasyprint allocates hundreds of thousands of short-lived objects, most freed by
    # reference counting; pausing the cyclic collector for the ~1 s render saves 10–15 %.
    # The few cycles left over are collected as soon as it runs again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = html_class(
            string=html, base_url=str(STYLESHEET_PATH.parent), url_fetcher=fetcher
        )
        # PDF/UA: a tagged PDF (structure tree, document language and title) that screen
        # readers can follow.
        return document.write_pdf(
            stylesheets=[stylesheet],
            font_config=font_config,
            cache=_image_cache,
            pdf_variant="pdf/ua-1",
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def report_html(
    scored: ScoredAssessment,
    *,
    language: str | None = None,
    chart_of: Callable[[ReportDocument], str],
) -> str:
    """The report's HTML in the assessment's language (or ``language``); ``chart_of`` gives the
    radar's SVG for a document with answers."""
    with translation.override(language or scored.assessment.language):
        document = build_report_document(scored)
        chart = chart_of(document) if document.report.has_answers else ""
        html = render_report_html(document, chart=chart)
        if reads_regional(scored.assessment):
            html = regional(html, scored.assessment.organisation.country)
    return html


def report_chart_svg(document: ReportDocument) -> str:
    """The radar's SVG for the PDF report (``chart_of`` of `report_html`)."""
    try:
        # Drawn a little smaller than on screen, so the labels print at about 8 pt.
        return chart_svg(document.report.radar, width=540, height=460)
    except ChartUnavailable as error:
        raise ReportUnavailable(str(error)) from error


def report_pdf(scored: ScoredAssessment, *, language: str | None = None) -> bytes:
    """The PDF report of a scored assessment, in the assessment's language (or ``language``).

    Raises ReportUnavailable when the chart cannot be drawn (no Chromium) or weasyprint lacks
    its libraries.
    """
    return html_to_pdf(report_html(scored, language=language, chart_of=report_chart_svg))


WARM_UP_HTML = (
    "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>-</title></head><body>"
    "<h1>Kundenkompass</h1><p>Stärken <b>und</b> Schwächen <i>je</i> Säule.</p>"
    "<table><tr><th>1</th><td>100</td></tr></table></body></html>"
)


def warm_up_reports() -> None:
    """What a process's first report would otherwise do on top of the report itself: start the
    chart browser and load plotly.js into it, parse the report stylesheet, load the fonts.

    Run by the task worker before it takes its first task (reports/management/commands/
    db_worker.py). Without a chart browser the chart part is skipped: reports then say why they
    are unavailable, as before.
    """
    from .charts import radar_figure

    html_to_pdf(WARM_UP_HTML)
    with contextlib.suppress(ChartUnavailable):
        chart_svg(radar_figure(["A", "B", "C", "D", "E", "F"], [10, 20, 30, 40, 50, 60]))

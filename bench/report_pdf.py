"""Time and memory of the PDF report, against weasyprint's floor for the same number of pages.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/report_pdf.py [--runs 15]

Builds its own in-memory database with the real catalog and a fully answered assessment with
targets and comments. Prints:

- the task worker's warm-up (`reports.pdf.warm_up_reports`, run by `manage.py db_worker` before
  its first task) and the first report after it, against a warm one;
- the median wall time of a warm report (after the first): the selector's queries, the
  context, the chart (from kaleido's warm server, then from the cache), the template and
  weasyprint, i.e. everything the download view does;
- the same with the chart cache emptied before every run (a report whose chart is new);
- the median time weasyprint takes for a static HTML document of the same page count (the floor)
  and the ratio of the two;
- weasyprint alone on the report's own HTML, made once beforehand (`reports.pdf.html_to_pdf`:
  the report's stylesheet and options, no queries, no chart, no template): what is left of a
  report when our code is taken away, against the report (our code's share) and against the
  floor (what the report's content costs weasyprint beyond plain paragraphs);
- peak memory: the process's maximum resident set (ru_maxrss), the Python heap's peak while
  producing one report (tracemalloc), and the memory (PSS) of the Chromium kaleido keeps open.

Targets on a 2-core machine: median <= 1.0 s, ratio <= 2.0, peak memory <= 400 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from _setup import answered_assessment, setup_django

TARGET_MEDIAN_S = 1.0
TARGET_RATIO = 2.0
TARGET_MEMORY_MB = 400
TARGET_FIRST_RATIO = 1.5  # the first report of a task worker against a warm one (issue 13)


def static_html(paragraphs: int) -> str:
    text = (
        "Kundenorientierung bedeutet, das Unternehmen konsequent an den Bedürfnissen der "
        "Kunden auszurichten: Strategie, Prozesse, IT, Datenqualität, Kampagnen und "
        "Controlling greifen ineinander, damit jeder Kontakt einen Wert für beide Seiten hat."
    )
    body = "\n".join(f"<h2>Abschnitt {i + 1}</h2><p>{text} {text}</p>" for i in range(paragraphs))
    return (
        "<!doctype html><html lang='de'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 24mm 20mm 22mm 20mm } "
        "body { font-family: Inter, 'DejaVu Sans', sans-serif; font-size: 9.5pt; "
        "line-height: 1.5 }</style></head><body>" + body + "</body></html>"
    )


def static_document_with_pages(pages: int) -> str:
    """A plain HTML document that weasyprint lays out on exactly ``pages`` pages."""
    from weasyprint import HTML

    def count(paragraphs: int) -> int:
        return len(HTML(string=static_html(paragraphs)).render().pages)

    low, high = 1, 8
    while count(high) < pages:
        low, high = high, high * 2
    while low < high:  # the smallest paragraph count that fills `pages` pages
        middle = (low + high) // 2
        if count(middle) < pages:
            low = middle + 1
        else:
            high = middle
    return static_html(low)


def timed(function: Callable[[], object], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return timings


def children_pss_mb() -> float:
    """Proportional set size of this process's descendants (kaleido's Chromium), from /proc.

    PSS shares the pages Chromium's processes have in common among them, so unlike summing
    their RSS it does not count the same memory several times.
    """
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    descendants: set[int] = set()
    frontier = {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - descendants
        descendants |= frontier
    total_kb = 0
    for pid in descendants:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total_kb += sum(int(line.split()[1]) for line in rollup.splitlines() if line[:4] == "Pss:")
    return total_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    setup_django()
    from pypdf import PdfReader
    from weasyprint import HTML

    from reports.chart_images import reset_chart_renderer
    from reports.pdf import html_to_pdf, report_chart_svg, report_html, report_pdf
    from reports.selectors import scored_assessment

    assessment = answered_assessment()

    def one_report() -> bytes:
        return report_pdf(scored_assessment(assessment))

    from reports.pdf import warm_up_reports

    start = time.perf_counter()
    warm_up_reports()  # as the task worker does before its first task (manage.py db_worker)
    warm_up = time.perf_counter() - start
    start = time.perf_counter()
    pdf = one_report()  # the first report of the process
    cold = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    questions = assessment.catalog.questions.count()
    print(
        f"{questions} questions, {pages} pages, {len(pdf) / 1024:.0f} KiB; "
        f"worker warm-up {warm_up:.2f} s, then the first report {cold:.2f} s"
    )

    floor_html = static_document_with_pages(pages)
    HTML(string=floor_html).write_pdf()  # warm-up

    def new_chart_report() -> bytes:
        reset_chart_renderer()
        return one_report()

    own_html = report_html(scored_assessment(assessment), chart_of=report_chart_svg)

    # Report, floor and the report's own HTML alternate, so that a busy neighbour on the
    # machine slows every side of a ratio alike; a ratio is the median of the runs' ratios.
    warm, floor, same_document = [], [], []
    for _ in range(runs):
        warm += timed(one_report, 1)
        floor += timed(lambda: HTML(string=floor_html).write_pdf(), 1)
        same_document += timed(lambda: html_to_pdf(own_html), 1)
    # Apart from the others: after each chart, Chromium reloads its page in the background,
    # which would slow whatever runs next on a 2-core machine.
    new_chart = timed(new_chart_report, runs)

    # Before tracemalloc, whose own bookkeeping would inflate the process's peak.
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    one_report()
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    median, floor_median = statistics.median(warm), statistics.median(floor)
    ratio = statistics.median(report / base for report, base in zip(warm, floor, strict=True))
    own_share = statistics.median(
        report / alone for report, alone in zip(warm, same_document, strict=True)
    )
    content = statistics.median(
        alone / base for alone, base in zip(same_document, floor, strict=True)
    )
    chromium_mb = children_pss_mb()

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    print(f"runs per figure: {runs} (after one warm-up)")
    print(
        f"report, warm          median {median * 1000:7.1f} ms  min {min(warm) * 1000:7.1f}  "
        f"max {max(warm) * 1000:7.1f}   target <= {TARGET_MEDIAN_S * 1000:.0f} ms: "
        f"{verdict(median <= TARGET_MEDIAN_S)}"
    )
    print(
        f"first report          {cold * 1000:12.1f} ms  = {cold / median:.2f}× a warm one "
        f"(after the worker's warm-up) target <= {TARGET_FIRST_RATIO}: "
        f"{verdict(cold / median <= TARGET_FIRST_RATIO)}"
    )
    print(
        f"report, new chart     median {statistics.median(new_chart) * 1000:7.1f} ms  "
        f"(chart cache emptied before each run; kaleido server warm)"
    )
    print(
        f"floor (static, {pages:2d} p.) median {floor_median * 1000:7.1f} ms  "
        f"min {min(floor) * 1000:7.1f}  max {max(floor) * 1000:7.1f}"
    )
    print(
        f"ratio report / floor  {ratio:7.2f}      (median of the {runs} pairs) "
        f"target <= {TARGET_RATIO}: "
        f"{verdict(ratio <= TARGET_RATIO)}"
    )
    print(
        f"weasyprint alone on the report's own HTML: median "
        f"{statistics.median(same_document) * 1000:7.1f} ms; report / it {own_share:5.2f} "
        f"(our code's share), it / floor {content:5.2f} (the report's content)"
    )
    print(
        f"peak memory           ru_maxrss {maxrss_mb:6.1f} MB   target <= {TARGET_MEMORY_MB} MB: "
        f"{verdict(maxrss_mb <= TARGET_MEMORY_MB)}"
    )
    print(f"                      tracemalloc peak (one report) {python_peak / 2**20:6.1f} MB")
    print(f"                      kaleido's Chromium (own processes) {chromium_mb:6.1f} MB PSS")


if __name__ == "__main__":
    main()

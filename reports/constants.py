"""How much the results page and the report list: one constant each, read through the context.

The scoring thresholds (strengths, weaknesses, coverage, level bands) live in scoring.py and the
default target in pillars/constants.py; templates and the DOCX read them from the context too.
"""

from __future__ import annotations

TOP_NEXT_STEPS = 5
# Strengths and weaknesses each, on the results page and in the report alike: one rule, so the
# page and the PDF never disagree about what the strengths are.
HIGHLIGHTS = 3
PAGE_HIGHLIGHTS = REPORT_HIGHLIGHTS = HIGHLIGHTS

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# How often the page of a report being made asks whether it is ready.
REPORT_POLL_SECONDS = 1

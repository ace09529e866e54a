"""How much the results page and the report list: one constant each, read through the context.

The scoring thresholds (strengths, weaknesses, coverage, level bands) live in scoring.py and the
default target in pillars/constants.py; templates and the DOCX read them from the context too.
"""

from __future__ import annotations

TOP_NEXT_STEPS = 5
# Strengths and weaknesses each: the results page lists more than the report's summary page has
# room for.
PAGE_HIGHLIGHTS = 6
REPORT_HIGHLIGHTS = 3

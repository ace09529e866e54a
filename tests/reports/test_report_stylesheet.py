"""The report stylesheet avoids what makes weasyprint slow."""

from __future__ import annotations

import re

from reports.pdf import STYLESHEET_PATH


def test_the_report_uses_no_css_columns():
    # weasyprint balances multi-column content by laying it out again for every height it
    # tries: the two-column appendix was a third of the report's time (docs/performance.md).
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET_PATH.read_text(), flags=re.S)
    assert not re.search(r"(?<![-\w])(columns|column-count|column-width)\s*:", css)

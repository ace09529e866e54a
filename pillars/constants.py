"""Facts of the level scale that every app shares. Plain values: no Django, no database."""

from __future__ import annotations

LEVELS = range(1, 6)
# The target a question is measured against when the answer names none (DESIGN.md, "Gap").
DEFAULT_TARGET_LEVEL = 4
# A pillar scores only when at least this share of its applicable questions has a level
# (DESIGN.md, "Coverage"); below it shows "not enough answers".
MIN_COVERAGE = 0.5

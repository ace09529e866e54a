"""A small trend line of overall scores, drawn as inline SVG by the template: pure geometry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SCORE_MAX = 100.0


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: tuple[tuple[float, float], ...]  # (x, y) in SVG units, oldest first

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)

    @property
    def last(self) -> tuple[float, float]:
        return self.points[-1]


def sparkline(
    scores: Sequence[float], *, width: int = 160, height: int = 56, pad: int = 5
) -> Sparkline | None:
    """Points for scores 0–100 (oldest first) on a fixed 0–100 scale; None for no scores.

    One score is a single point in the middle; more are spread evenly from left to right.
    """
    if not scores:
        return None
    for score in scores:
        if not 0 <= score <= SCORE_MAX:  # also rejects NaN
            raise ValueError(f"score must be from 0 to 100, got {score!r}")
    inner_width, inner_height = width - 2 * pad, height - 2 * pad
    step = inner_width / (len(scores) - 1) if len(scores) > 1 else 0.0

    def y(score: float) -> float:
        return round(pad + inner_height * (1 - score / SCORE_MAX), 2)

    if len(scores) == 1:
        points: tuple[tuple[float, float], ...] = ((width / 2, y(scores[0])),)
    else:
        points = tuple((round(pad + i * step, 2), y(score)) for i, score in enumerate(scores))
    return Sparkline(width=width, height=height, points=points)

"""The peer benchmark: where comparable companies stand, per pillar (pure functions).

Only shown for a group of at least MIN_PEERS other companies, so that no single company's result
can be read off it; the count is always shown with it.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_PEERS = 5


@dataclass(frozen=True)
class PeerBand:
    """The spread of the peers' scores of one pillar."""

    n: int
    median: float
    q1: float  # lower quartile
    q3: float  # upper quartile


def peer_band(scores: Sequence[float]) -> PeerBand | None:
    """Median and interquartile range of at least MIN_PEERS scores; None for fewer.

    Quartiles are computed as in spreadsheets (`QUARTILE.INC`): the "inclusive" method, which
    interpolates between the scores themselves and never leaves their range.
    """
    if len(scores) < MIN_PEERS:
        return None
    for score in scores:
        if not 0 <= score <= 100:
            raise ValueError(f"score {score!r} is outside 0..100")
    q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return PeerBand(n=len(scores), median=median, q1=q1, q3=q3)


def pillar_bands(
    peers: Sequence[Mapping[str, float | None]], pillar_keys: Sequence[str]
) -> dict[str, PeerBand | None]:
    """Per pillar, the band of the peers that have a score for it (enough answers)."""
    return {
        key: peer_band([score for peer in peers if (score := peer.get(key)) is not None])
        for key in pillar_keys
    }

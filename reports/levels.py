"""Names and meanings of the five maturity levels (shown on the results page and in the report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import scoring

LEVEL_NAMES: dict[int, Promise] = {
    1: _("Initial"),
    2: _("Developing"),
    3: _("Defined"),
    4: _("Managed"),
    5: _("Customer-centric"),
}

LEVEL_MEANINGS: dict[int, Promise] = {
    1: _(
        "Customer orientation depends on individuals and happens ad hoc; little is written down "
        "or measured."
    ),
    2: _(
        "First good practices exist in some teams and are repeated, but they are neither shared "
        "nor documented across the company."
    ),
    3: _("Customer-oriented practices are defined, written down and used by most of the company."),
    4: _(
        "Practices are measured and managed: figures are reviewed regularly and actions have "
        "owners and due dates."
    ),
    5: _(
        "The customer drives decisions; practices are improved continuously on the basis of "
        "customer feedback and figures."
    ),
}


def level_name(level: int | None) -> str:
    return str(LEVEL_NAMES[level]) if level else ""


def level_meaning(level: int | None) -> str:
    return str(LEVEL_MEANINGS[level]) if level else ""


@dataclass(frozen=True)
class LevelBand:
    """A maturity level with the score band that earns it (scoring.LEVEL_BANDS)."""

    level: int
    low: int
    high: int | None  # the next band's lower bound; None for the top band (up to 100)
    name: str
    meaning: str
    score: int  # the question score of this answer level

    @property
    def span(self) -> str:
        """The band as whole scores, "20–39" ("80–100" for the top band)."""
        return f"{self.low}–{self.high - 1 if self.high is not None else 100}"


def level_bands() -> list[LevelBand]:
    """The five levels in the active language, lowest first."""
    bands = scoring.LEVEL_BANDS
    return [
        LevelBand(
            level=level,
            low=int(low),
            high=int(bands[index + 1][0]) if index + 1 < len(bands) else None,
            name=level_name(level),
            meaning=level_meaning(level),
            score=round(scoring.question_score(level)),
        )
        for index, (low, level) in enumerate(bands)
    ]

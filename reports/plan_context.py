"""The action plan and the peer benchmark as the results page and the reports show them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessment.models import Action, Assessment
from assessment.selectors import ActionPlan

from .benchmark import MIN_PEERS, PeerBand
from .selectors import PeerBenchmark


@dataclass(frozen=True)
class PlanView:
    """The plan in its order; which next steps are in it already; what waits for review."""

    actions: list[Action]
    in_plan: frozenset[tuple[str, int]]  # (question key, from level) of the actions from steps
    to_review: int  # open actions of the previous assessment not carried over yet
    open_count: int

    def has_step(self, question_key: str, from_level: int) -> bool:
        return (question_key, from_level) in self.in_plan


def plan_view(plan: ActionPlan, question_keys: Mapping[int, str]) -> PlanView:
    """``question_keys``: the catalog's question keys by pk (the actions come without their
    questions: the scored assessment has the catalog loaded already)."""
    return PlanView(
        actions=plan.actions,
        in_plan=frozenset(
            (question_keys[action.question_id], action.from_level)
            for action in plan.actions
            if action.question_id is not None
            and action.question_id in question_keys
            and action.from_level is not None
        ),
        to_review=len(plan.to_review),
        open_count=plan.counts[Action.Status.OPEN] + plan.counts[Action.Status.IN_PROGRESS],
    )


@dataclass(frozen=True)
class BenchmarkRow:
    pillar_name: str
    score: float | None  # this assessment's
    band: PeerBand | None  # None: too few peers with a score for this pillar


@dataclass(frozen=True)
class BenchmarkView:
    group: str  # "Retail, 10–49 employees"
    peers: int
    rows: list[BenchmarkRow]
    opted_out: bool

    @property
    def shown(self) -> bool:
        return any(row.band is not None for row in self.rows)

    @property
    def note(self) -> str:
        """Why nothing is shown, or how many companies the figures come from."""
        if self.shown:
            return _(
                "Median and middle half (interquartile range) of %(peers)s other companies "
                "of the same industry and size (%(group)s), each with its latest completed "
                "assessment."
            ) % {"peers": self.peers, "group": self.group}
        return _(
            "The comparison appears once at least %(minimum)s comparable companies (same "
            "industry and size: %(group)s) have completed an assessment, so that no single "
            "company's result can be read off it; so far there are %(peers)s."
        ) % {"minimum": MIN_PEERS, "peers": self.peers, "group": self.group}


def benchmark_view(
    assessment: Assessment,
    benchmark: PeerBenchmark | None,
    pillars: Sequence[tuple[str, str, float | None]],  # key, name, score
) -> BenchmarkView | None:
    """None when the company has no size band: there is no comparable group."""
    if benchmark is None:
        return None
    organisation = assessment.organisation
    parts = (organisation.get_industry_display(), organisation.get_size_band_display())
    group = ", ".join(part for part in parts if part)
    return BenchmarkView(
        group=group,
        peers=benchmark.peers,
        rows=[
            BenchmarkRow(pillar_name=name, score=score, band=benchmark.bands.get(key))
            for key, name, score in pillars
        ],
        opted_out=assessment.benchmark_opt_out,
    )

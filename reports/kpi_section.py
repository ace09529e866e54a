"""The KPI section of the results page, the PDF, the DOCX and the JSON: one assessment's figures.

The figures were checked when they were stored (``kpi_inputs_form``); here each complete group is
computed again with the formulas (``kpi``) and worded as on the calculator pages
(``kpi_display``): value, formula with the numbers, meaning, and the NPS's uncertainty. Beside them
stand the seeds' context figures with their sources (DESIGN.md, "KPIs").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from . import kpi, kpi_display

if TYPE_CHECKING:
    from assessment.models import KpiInputs

KPI_KEYS = ("nps", "churn", "clv", "customer_value")


@dataclass(frozen=True)
class KpiItem:
    key: str  # "nps", "churn", "clv", "customer_value"
    result: Any  # kpi.Nps | kpi.Churn | kpi.Clv | kpi.CustomerValue
    display: kpi_display.Display


@dataclass(frozen=True)
class ContextFigure:
    figure: str  # "5×"
    text: str
    source: str


@dataclass(frozen=True)
class KpiSection:
    items: list[KpiItem]
    currency: str
    figures: list[ContextFigure]
    title: str
    intro: str
    empty: str
    formula_heading: str
    figures_heading: str
    uncertain_label: str

    @property
    def has_kpis(self) -> bool:
        return bool(self.items)


def _computed(compute: Callable[[], Any]) -> Any:
    try:
        return compute()
    except kpi.KpiInputError:  # stored before a rule tightened: shown as not entered
        return None


def kpi_results(inputs: KpiInputs | None) -> dict[str, Any]:
    """Each complete group's result by key; incomplete or refused groups are left out."""
    if inputs is None:
        return {}
    i = inputs
    computations: dict[str, Callable[[], Any]] = {}
    if i.promoters is not None and i.passives is not None and i.detractors is not None:
        promoters, passives, detractors = i.promoters, i.passives, i.detractors
        computations["nps"] = lambda: kpi.nps_from_counts(
            promoters=promoters, passives=passives, detractors=detractors
        )
    if (
        i.customers_start is not None
        and i.customers_end is not None
        and i.lost is not None
        and i.months is not None
    ):
        start, end, lost, months = i.customers_start, i.customers_end, i.lost, i.months
        computations["churn"] = lambda: kpi.churn(
            customers_start=start, customers_end=end, lost=lost, months=months
        )
    if i.annual_revenue is not None and i.acquisition_cost is not None:
        revenue, cost = i.annual_revenue, i.acquisition_cost
        computations["clv"] = lambda: kpi.clv(
            annual_revenue=revenue,
            acquisition_cost=cost,
            years=i.years,
            annual_churn_percent=i.annual_churn_percent,
            margin_percent=i.margin_percent,
            discount_percent=i.discount_percent,
        )
    if (
        i.revenue is not None
        and i.acquisition_costs is not None
        and i.care_costs is not None
        and i.customers is not None
    ):
        period_revenue, acquisition, care, customers = (
            i.revenue,
            i.acquisition_costs,
            i.care_costs,
            i.customers,
        )
        computations["customer_value"] = lambda: kpi.customer_value(
            revenue=period_revenue,
            acquisition_costs=acquisition,
            care_costs=care,
            customers=customers,
        )
    results = {key: _computed(compute) for key, compute in computations.items()}
    return {key: result for key, result in results.items() if result is not None}


def context_figures() -> list[ContextFigure]:
    """The seeds' reference figures, each with its source as the seed gives it."""

    def share(value: int) -> str:
        return kpi_display.percent(value / 100, 0)

    return [
        ContextFigure(
            "5×",
            _(
                "Winning a new customer can cost up to five times more than keeping an existing "
                "one."
            ),
            "SuperOffice",
        ),
        ContextFigure(
            f"{share(2)} ≈ {share(10)}",
            _(
                "A rise of %(retention)s in customer retention has the same effect on profit as "
                "cutting costs by %(costs)s."
            )
            % {"retention": share(2), "costs": share(10)},
            "SuperOffice",
        ),
        ContextFigure(
            share(10),
            _("Companies lose about %(share)s of their customers a year.") % {"share": share(10)},
            "SuperOffice",
        ),
        ContextFigure(
            share(60),
            _(
                "Customer-centric companies are %(share)s more profitable than companies that are "
                "not focused on the customer."
            )
            % {"share": share(60)},
            "Deloitte, 2017",
        ),
        ContextFigure(
            f"{share(58)} / {share(14)}",
            _(
                "%(most)s name customer-centricity the most important trait of a digital culture — "
                "yet only %(few)s of marketers say it is a hallmark of their company."
            )
            % {"most": share(58), "few": share(14)},
            "Econsultancy; CMO Council",
        ),
    ]


def kpi_section(inputs: KpiInputs | None) -> KpiSection:
    """The section in the active language (call inside the report's language override)."""
    currency = (inputs.currency if inputs else "") or "EUR"
    displays = {
        "nps": lambda result: kpi_display.nps_display(result),
        "churn": lambda result: kpi_display.churn_display(result),
        "clv": lambda result: kpi_display.clv_display(result, currency),
        "customer_value": lambda result: kpi_display.customer_value_display(result, currency),
    }
    items = [
        KpiItem(key, result, displays[key](result)) for key, result in kpi_results(inputs).items()
    ]
    return KpiSection(
        items=items,
        currency=currency,
        figures=context_figures(),
        title=_("Outcome KPIs"),
        intro=_(
            "The figures that show whether customer-centricity pays: Net Promoter Score, churn, "
            "customer lifetime value and customer value, from the company's own numbers."
        ),
        empty=_("No KPI figures have been entered for this assessment yet."),
        formula_heading=_("How it is calculated"),
        figures_heading=_("For context"),
        uncertain_label=_("uncertain"),
    )


def kpi_json(section: KpiSection) -> dict[str, Any] | None:
    """The KPIs in the results JSON (docs/results-json.md); None while none were entered."""
    if not section.items:
        return None
    data: dict[str, Any] = {"currency": section.currency}
    for item in section.items:
        result = item.result
        if item.key == "nps":
            values = {
                "promoters": result.promoters,
                "passives": result.passives,
                "detractors": result.detractors,
                "answers": result.n,
                "score": round(result.score, 2),
                "margin": round(result.margin, 2),
                "uncertain": result.uncertain,
            }
        elif item.key == "churn":
            values = {
                "customers_start": result.customers_start,
                "customers_end": result.customers_end,
                "lost": result.lost,
                "months": result.months,
                "period_churn": round(result.period_churn, 4),
                "annual_churn": round(result.annual_churn, 4),
                "retention": round(result.retention, 4),
                "expected_lifetime_years": None
                if result.expected_lifetime_years is None
                else round(result.expected_lifetime_years, 2),
            }
        elif item.key == "clv":
            values = {
                "annual_revenue": result.annual_revenue,
                "acquisition_cost": result.acquisition_cost,
                "years": round(result.years, 4),
                "margin": result.margin,
                "discount_rate": result.discount_rate,
                "lifetime_value": round(result.lifetime_value, 2),
                "clv": round(result.clv, 2),
            }
        else:
            values = {
                "revenue": result.revenue,
                "acquisition_costs": result.acquisition_costs,
                "care_costs": result.care_costs,
                "customers": result.customers,
                "revenue_per_customer": round(result.revenue_per_customer, 2),
                "cost_per_customer": round(result.cost_per_customer, 2),
                "value_per_customer": round(result.value_per_customer, 2),
            }
        values["value_text"] = item.display.value
        values["formulas"] = list(item.display.formulas)
        values["meaning"] = item.display.meaning
        values["notes"] = list(item.display.notes)
        data[item.key] = values
    return data

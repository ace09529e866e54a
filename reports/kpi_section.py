"""The KPI section of the results page, the PDF, the DOCX and the JSON: one assessment's figures.

The figures were checked when they were stored (``kpi_inputs_form``); here each complete group is
computed again with the formulas (``kpi``) and worded as on the calculator pages
(``kpi_display``): value, formula with the numbers, meaning, and the NPS's uncertainty. Beside them
stand the seeds' context figures with their sources (DESIGN.md, "KPIs").
"""

from __future__ import annotations

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


def kpi_results(inputs: KpiInputs | None) -> dict[str, Any]:
    """Each complete group's result by key; incomplete or refused groups are left out."""
    if inputs is None:
        return {}
    results: dict[str, Any] = {}
    groups = {
        "nps": lambda: kpi.nps_from_counts(
            promoters=inputs.promoters, passives=inputs.passives, detractors=inputs.detractors
        )
        if None not in (inputs.promoters, inputs.passives, inputs.detractors)
        else None,
        "churn": lambda: kpi.churn(
            customers_start=inputs.customers_start,
            customers_end=inputs.customers_end,
            lost=inputs.lost,
            months=inputs.months,
        )
        if None not in (inputs.customers_start, inputs.customers_end, inputs.lost, inputs.months)
        else None,
        "clv": lambda: kpi.clv(
            annual_revenue=inputs.annual_revenue,
            acquisition_cost=inputs.acquisition_cost,
            years=inputs.years,
            annual_churn_percent=inputs.annual_churn_percent,
            margin_percent=inputs.margin_percent,
            discount_percent=inputs.discount_percent,
        )
        if None not in (inputs.annual_revenue, inputs.acquisition_cost)
        else None,
        "customer_value": lambda: kpi.customer_value(
            revenue=inputs.revenue,
            acquisition_costs=inputs.acquisition_costs,
            care_costs=inputs.care_costs,
            customers=inputs.customers,
        )
        if None not in (inputs.revenue, inputs.acquisition_costs, inputs.care_costs)
        and inputs.customers is not None
        else None,
    }
    for key, compute in groups.items():
        try:
            result = compute()
        except kpi.KpiInputError:  # stored before a rule tightened: shown as not entered
            continue
        if result is not None:
            results[key] = result
    return results


def context_figures() -> list[ContextFigure]:
    """The seeds' reference figures, each with its source as the seed gives it."""

    def share(value: int) -> str:
        return kpi_display.percent(value / 100, 0)

    return [
        ContextFigure(
            "5×",
            _("Winning a new customer can cost up to five times more than keeping an existing one."),
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
        KpiItem(key, result, displays[key](result))
        for key, result in kpi_results(inputs).items()
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

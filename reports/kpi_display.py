"""What a KPI result says on the page: its value, its formula with the numbers, its meaning.

Numbers follow the active language through Django's number formatting (``number_format``, the
locale's ``DECIMAL_SEPARATOR`` and ``THOUSAND_SEPARATOR``): de and da write 1.234,50, en writes
1,234.50. German follows Django's "de" locale (as the whole site does), not the Swiss 1'234.50;
the calculators read both notations back (``kpi_forms.parse_number``). An amount carries its ISO
currency code after it in German and Danish ("1.234,50 CHF") and before it in English
("CHF 1,234.50"), joined by a no-break space so it never wraps apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import kpi

NBSP = "\u00a0"


def amount(value: float, currency: str) -> str:
    """An amount with two decimals, grouped, with its currency code."""
    number = number_format(round(value, 2), 2, force_grouping=True)
    if (get_language() or "").startswith("en"):
        return f"{currency}{NBSP}{number}"
    return f"{number}{NBSP}{currency}"


def plain(value: float, decimals: int = 2) -> str:
    """A number with up to ``decimals`` decimals (none when whole), grouped."""
    rounded = round(value, decimals)
    digits = f"{rounded:.{decimals}f}".rstrip("0").partition(".")[2]
    return number_format(rounded, len(digits), force_grouping=True)


def percent(fraction: float, decimals: int = 1, *, trim: bool = False) -> str:
    """A fraction 0..1 as a percentage: 0.125 → 12,5 % (de) / 12.5% (en).

    ``trim`` drops trailing zeros, for percentages the user typed (5 %, not 5,00 %).
    """
    if trim:
        number = plain(fraction * 100, decimals)
    else:
        number = number_format(round(fraction * 100, decimals), decimals, force_grouping=True)
    if (get_language() or "").startswith("en"):
        return f"{number}%"
    return f"{number}{NBSP}%"


def points(value: float) -> str:
    return str(floatformat(value, "-1"))


@dataclass(frozen=True)
class Display:
    value: str  # the headline: "30", "19,0 %", "9.000,00 CHF"
    label: str
    formulas: list[str]
    meaning: str
    notes: list[str] = field(default_factory=list)
    uncertain: bool = False


def nps_display(result: kpi.Nps) -> Display:
    groups = [
        _("Promoters (9–10): %(count)s of %(n)s = %(share)s")
        % {
            "count": plain(result.promoters),
            "n": plain(result.n),
            "share": percent(result.promoter_share),
        },
        _("Passives (7–8): %(count)s of %(n)s = %(share)s")
        % {
            "count": plain(result.passives),
            "n": plain(result.n),
            "share": percent(result.passive_share),
        },
        _("Detractors (0–6): %(count)s of %(n)s = %(share)s")
        % {
            "count": plain(result.detractors),
            "n": plain(result.n),
            "share": percent(result.detractor_share),
        },
    ]
    formulas = [
        *groups,
        _("NPS = %% promoters − %% detractors = %(promoters)s − %(detractors)s = %(nps)s")
        % {
            "promoters": percent(result.promoter_share),
            "detractors": percent(result.detractor_share),
            "nps": points(result.score),
        },
        _("Margin of error (95 %%) = 1.96 × √((p + d − (p − d)²) ÷ n) × 100 = ±%(margin)s points")
        % {"margin": points(result.margin)},
    ]
    rounded = round(result.score, 1)
    if rounded > 0:
        meaning = _(
            "Of every 100 customers asked, %(difference)s more would recommend you than would "
            "advise against you."
        ) % {"difference": points(rounded)}
    elif rounded < 0:
        meaning = _(
            "Of every 100 customers asked, %(difference)s more would advise against you than "
            "would recommend you."
        ) % {"difference": points(-rounded)}
    else:
        meaning = _("As many customers would recommend you as would advise against you.")
    notes = []
    if result.uncertain:
        low = max(result.score - result.margin, -100.0)
        high = min(result.score + result.margin, 100.0)
        notes.append(
            _(
                "Uncertain: fewer than %(minimum)s answers. With %(n)s answers the true NPS lies "
                "between %(low)s and %(high)s (95 %% confidence)."
            )
            % {
                "minimum": kpi.NPS_MIN_ANSWERS,
                "n": plain(result.n),
                "low": points(low),
                "high": points(high),
            }
        )
    return Display(
        value=points(result.score),
        label=_("Net Promoter Score"),
        formulas=formulas,
        meaning=meaning,
        notes=notes,
        uncertain=result.uncertain,
    )


def churn_display(result: kpi.Churn) -> Display:
    formulas = [
        _("Average customers = (start + end) ÷ 2 = (%(start)s + %(end)s) ÷ 2 = %(average)s")
        % {
            "start": plain(result.customers_start),
            "end": plain(result.customers_end),
            "average": plain(result.average_customers, 1),
        },
        _("Churn in the period = lost ÷ average = %(lost)s ÷ %(average)s = %(churn)s")
        % {
            "lost": plain(result.lost),
            "average": plain(result.average_customers, 1),
            "churn": percent(result.period_churn),
        },
    ]
    if result.months == 12:
        formulas.append(
            _("Annual churn = churn in the period (12 months) = %(annual)s")
            % {"annual": percent(result.annual_churn)}
        )
    else:
        formulas.append(
            _(
                "Annual churn = 1 − (1 − churn in the period)^(12 ÷ months) "
                "= 1 − (1 − %(churn)s)^(12 ÷ %(months)s) = %(annual)s"
            )
            % {
                "churn": percent(result.period_churn),
                "months": result.months,
                "annual": percent(result.annual_churn),
            }
        )
    formulas.append(
        _("Retention = 1 − annual churn = 1 − %(annual)s = %(retention)s")
        % {"annual": percent(result.annual_churn), "retention": percent(result.retention)}
    )
    lifetime = result.expected_lifetime_years
    if lifetime is None:
        formulas.append(
            _("Expected lifetime = 1 ÷ annual churn: no customer lost, no end in sight")
        )
        meaning = _(
            "You lost no customers in this period, so it gives no estimate of how long a "
            "customer stays."
        )
    else:
        formulas.append(
            _("Expected lifetime ≈ 1 ÷ annual churn = 1 ÷ %(annual)s = %(years)s years")
            % {"annual": percent(result.annual_churn), "years": plain(lifetime, 1)}
        )
        meaning = _(
            "Of 100 customers at the start of a year, about %(gone)s are gone by its end; a "
            "customer stays about %(years)s years on average."
        ) % {"gone": plain(result.annual_churn * 100, 1), "years": plain(lifetime, 1)}
    return Display(
        value=percent(result.annual_churn),
        label=_("Annual churn rate"),
        formulas=formulas,
        meaning=meaning,
        notes=[
            _(
                "For comparison: companies lose about %(share)s of their customers a year "
                "(SuperOffice)."
            )
            % {"share": percent(0.10, 0)}
        ],
    )


def clv_display(result: kpi.Clv, currency: str) -> Display:
    formulas = []
    if result.years_from_churn is not None:
        formulas.append(
            _("Relationship years = 1 ÷ annual churn = 1 ÷ %(churn)s = %(years)s")
            % {
                "churn": percent(result.years_from_churn, 2, trim=True),
                "years": plain(result.years),
            }
        )
    if result.margin is not None:
        formulas.append(
            _("Yearly value = revenue × margin = %(revenue)s × %(margin)s = %(value)s")
            % {
                "revenue": amount(result.annual_revenue, currency),
                "margin": percent(result.margin, 2, trim=True),
                "value": amount(result.annual_value, currency),
            }
        )
    if result.discount_rate:
        whole = int(result.years)
        formulas.append(
            _(
                "Lifetime value = Σ yearly value ÷ (1 + r)^t for t = 1 … %(years)s "
                "= Σ %(value)s ÷ (1 + %(rate)s)^t = %(lifetime)s"
            )
            % {
                "years": plain(result.years),
                "value": amount(result.annual_value, currency),
                "rate": percent(result.discount_rate, 2, trim=True),
                "lifetime": amount(result.lifetime_value, currency),
            }
        )
        if result.years != whole:
            formulas.append(
                _(
                    "The last, incomplete year counts with its share (%(fraction)s of a year), "
                    "discounted as year %(year)s."
                )
                % {"fraction": plain(result.years - whole), "year": whole + 1}
            )
        formulas.append(
            _("CLV = lifetime value − acquisition cost = %(lifetime)s − %(cost)s = %(clv)s")
            % {
                "lifetime": amount(result.lifetime_value, currency),
                "cost": amount(result.acquisition_cost, currency),
                "clv": amount(result.clv, currency),
            }
        )
    else:
        formulas.append(
            _(
                "CLV = yearly value × years − acquisition cost "
                "= %(value)s × %(years)s − %(cost)s = %(clv)s"
            )
            % {
                "value": amount(result.annual_value, currency),
                "years": plain(result.years),
                "cost": amount(result.acquisition_cost, currency),
                "clv": amount(result.clv, currency),
            }
        )
    if result.clv >= 0:
        meaning = _(
            "Over the whole relationship a customer brings you %(clv)s more than it cost to win "
            "them."
        ) % {"clv": amount(result.clv, currency)}
    else:
        meaning = _(
            "Over the whole relationship a customer brings you %(clv)s less than it costs to win "
            "them: acquiring customers this way does not pay off."
        ) % {"clv": amount(-result.clv, currency)}
    return Display(
        value=amount(result.clv, currency),
        label=_("Customer lifetime value"),
        formulas=formulas,
        meaning=meaning,
    )


def customer_value_display(result: kpi.CustomerValue, currency: str) -> Display:
    customers = plain(result.customers)
    formulas = [
        _("Revenue per customer = %(total)s ÷ %(customers)s = %(each)s")
        % {
            "total": amount(result.revenue, currency),
            "customers": customers,
            "each": amount(result.revenue_per_customer, currency),
        },
        _("Acquisition cost per customer = %(total)s ÷ %(customers)s = %(each)s")
        % {
            "total": amount(result.acquisition_costs, currency),
            "customers": customers,
            "each": amount(result.acquisition_per_customer, currency),
        },
        _("Care cost per customer = %(total)s ÷ %(customers)s = %(each)s")
        % {
            "total": amount(result.care_costs, currency),
            "customers": customers,
            "each": amount(result.care_per_customer, currency),
        },
        _(
            "Value per customer = revenue − acquisition − care per customer "
            "= %(revenue)s − %(acquisition)s − %(care)s = %(value)s"
        )
        % {
            "revenue": amount(result.revenue_per_customer, currency),
            "acquisition": amount(result.acquisition_per_customer, currency),
            "care": amount(result.care_per_customer, currency),
            "value": amount(result.value_per_customer, currency),
        },
    ]
    if result.cost_share is not None:
        formulas.append(
            _(
                "Relationship costs ÷ revenue = (%(acquisition)s + %(care)s) ÷ %(revenue)s "
                "= %(share)s"
            )
            % {
                "acquisition": amount(result.acquisition_costs, currency),
                "care": amount(result.care_costs, currency),
                "revenue": amount(result.revenue, currency),
                "share": percent(result.cost_share),
            }
        )
    meaning = _(
        "In this period a customer brought %(revenue)s in revenue and cost %(cost)s to win and "
        "look after: %(value)s per customer remain."
    ) % {
        "revenue": amount(result.revenue_per_customer, currency),
        "cost": amount(result.cost_per_customer, currency),
        "value": amount(result.value_per_customer, currency),
    }
    return Display(
        value=amount(result.value_per_customer, currency),
        label=_("Value per customer"),
        formulas=formulas,
        meaning=meaning,
    )

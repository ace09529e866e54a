"""Outcome KPIs: NPS, churn, customer lifetime value and customer value (DESIGN.md, "KPIs").

Pure functions on frozen dataclasses, like ``scoring.py``: plain numbers in, plain numbers out, no
Django and no translations. Every refusal is a ``KpiInputError`` that names the input field and a
reason code; the calculator pages turn the code into a sentence at that field.

Conventions:

- Shares, rates and percentages in *results* are fractions 0..1 (``0.25`` is 25 %); the NPS and its
  margin of error are points on the −100..100 scale. *Inputs* given in percent (contribution margin,
  discount rate) are 0..100, as the user types them.
- Every amount and count is at most ``MAX_MAGNITUDE`` (10^12): far above any real company's
  customers or revenue, far below where float arithmetic loses whole units (2^53 ≈ 9·10^15), and a
  guard against ``1e308``, whose products overflow to infinity.
- NPS margin of error (95 %): each answer scores +1 (promoter), 0 (passive) or −1 (detractor); the
  NPS is 100 × their mean, and the margin is ``1.96 × sqrt(variance / n) × 100`` with the population
  variance ``p + d − (p − d)²`` (p, d: the promoter and detractor shares). Below ``NPS_MIN_ANSWERS``
  answers the NPS is flagged as uncertain.
- Churn is annualised by compounding, ``1 − (1 − period churn)^(12 / months)``: customers who stay
  one month face the next month's churn again, so six months of 10 % churn leave 0.9² = 81 % after
  a year (19 % annual churn), not 80 %. The simple ``× 12 / months`` would give 20 % there, and more
  than 100 % for a monthly churn above 8.3 %; compounding always stays within 0..100 %.
- Discounted CLV: the yearly value (revenue × margin) arrives at the end of each year and is
  discounted by ``(1 + r)^t``; a fractional last year (e.g. 2.5 years) adds that fraction of a
  year's value, discounted as the following year: ``Σ_{t=1..k} v/(1+r)^t + f · v/(1+r)^(k+1)``
  with k whole years and fraction f. With r = 0 this is exactly ``v × years``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MAX_MAGNITUDE = 10**12
MAX_MONTHS = 120
MAX_YEARS = 100
NPS_MIN_ANSWERS = 30
NPS_PROMOTER_MIN = 9  # 9 and 10
NPS_DETRACTOR_MAX = 6  # 0 to 6
NPS_MIN_ANSWER = 0
NPS_MAX_ANSWER = 10
Z_95 = 1.96

# Reason codes of KpiInputError.
NEGATIVE = "negative"
NOT_FINITE = "not_finite"
TOO_LARGE = "too_large"
NOT_INTEGER = "not_integer"
NO_ANSWERS = "no_answers"
ANSWER_OUT_OF_RANGE = "answer_out_of_range"
ZERO_CUSTOMERS = "zero_customers"
LOST_EXCEEDS_AVERAGE = "lost_exceeds_average"
LOST_BELOW_DECLINE = "lost_below_decline"
MONTHS_OUT_OF_RANGE = "months_out_of_range"
YEARS_OUT_OF_RANGE = "years_out_of_range"
PERCENT_OUT_OF_RANGE = "percent_out_of_range"
YEARS_OR_CHURN = "years_or_churn"  # neither or both given
NO_CHURN = "no_churn"  # lifetime from a churn of 0: endless


class KpiInputError(ValueError):
    """An input the formulas refuse: which field, why (a code above), and for lists which item."""

    def __init__(self, field: str, code: str, *, position: int | None = None) -> None:
        self.field = field
        self.code = code
        self.position = position  # 1-based, for one answer of a list
        where = f" (item {position})" if position is not None else ""
        super().__init__(f"{field}: {code}{where}")


def check_amount(field: str, value: float) -> float:
    """A finite number from 0 to MAX_MAGNITUDE."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KpiInputError(field, NOT_FINITE)
    if not math.isfinite(value):
        raise KpiInputError(field, NOT_FINITE)
    if value < 0:
        raise KpiInputError(field, NEGATIVE)
    if value > MAX_MAGNITUDE:
        raise KpiInputError(field, TOO_LARGE)
    return float(value)


def check_count(field: str, value: float) -> int:
    """A whole number from 0 to MAX_MAGNITUDE (7.0 counts as 7)."""
    number = check_amount(field, value)
    if number != int(number):
        raise KpiInputError(field, NOT_INTEGER)
    return int(number)


def check_percent(field: str, value: float) -> float:
    """A percentage from 0 to 100, returned as a fraction 0..1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise KpiInputError(field, NOT_FINITE)
    if not 0 <= value <= 100:
        raise KpiInputError(field, PERCENT_OUT_OF_RANGE)
    return value / 100


def check_months(field: str, value: float) -> int:
    """A whole number of months from 1 to MAX_MONTHS (12.0 counts as 12)."""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MONTHS:
        raise KpiInputError(field, MONTHS_OUT_OF_RANGE)
    return value


def check_years(field: str, value: float) -> float:
    """Relationship years from 0 to MAX_YEARS."""
    years = check_amount(field, value)
    if years > MAX_YEARS:
        raise KpiInputError(field, YEARS_OUT_OF_RANGE)
    return years


# --- NPS ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nps:
    promoters: int
    passives: int
    detractors: int
    n: int
    promoter_share: float  # 0..1
    passive_share: float
    detractor_share: float
    score: float  # −100..100
    margin: float  # ± points, 95 % confidence
    uncertain: bool  # fewer than NPS_MIN_ANSWERS answers


def nps_from_counts(*, promoters: int, passives: int, detractors: int) -> Nps:
    """NPS = % promoters − % detractors, from the number of answers in each group."""
    promoters = check_count("promoters", promoters)
    passives = check_count("passives", passives)
    detractors = check_count("detractors", detractors)
    n = promoters + passives + detractors
    if n == 0:
        raise KpiInputError("promoters", NO_ANSWERS)
    p, d = promoters / n, detractors / n
    # Clamped: p − d is within −1..1 exactly, but its float square may not keep p + d − (p−d)² ≥ 0.
    variance = max(p + d - (p - d) ** 2, 0.0)
    score = min(max((promoters - detractors) * 100 / n, -100.0), 100.0)
    return Nps(
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        n=n,
        promoter_share=p,
        passive_share=passives / n,
        detractor_share=d,
        score=score,
        margin=Z_95 * math.sqrt(variance / n) * 100,
        uncertain=n < NPS_MIN_ANSWERS,
    )


def nps_from_answers(answers: Iterable[int]) -> Nps:
    """The NPS of raw 0–10 answers: 9–10 promoters, 7–8 passives, 0–6 detractors."""
    promoters = passives = detractors = 0
    for position, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise KpiInputError("answers", ANSWER_OUT_OF_RANGE, position=position)
        if not NPS_MIN_ANSWER <= answer <= NPS_MAX_ANSWER:
            raise KpiInputError("answers", ANSWER_OUT_OF_RANGE, position=position)
        if answer >= NPS_PROMOTER_MIN:
            promoters += 1
        elif answer <= NPS_DETRACTOR_MAX:
            detractors += 1
        else:
            passives += 1
    if promoters + passives + detractors == 0:
        raise KpiInputError("answers", NO_ANSWERS)
    return nps_from_counts(promoters=promoters, passives=passives, detractors=detractors)


# --- Churn -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Churn:
    customers_start: int
    customers_end: int
    lost: int
    months: int
    average_customers: float  # (start + end) / 2
    period_churn: float  # lost / average, 0..1
    annual_churn: float  # 1 − (1 − period churn)^(12 / months), 0..1
    retention: float  # 1 − annual churn
    expected_lifetime_years: float | None  # 1 / annual churn; None when nobody leaves


def annualise_churn(period_churn: float, months: int) -> float:
    """Annual churn from a period's churn, compounded: 1 − (1 − churn)^(12 / months)."""
    if not 0 <= period_churn <= 1:  # also refuses NaN
        raise KpiInputError("period_churn", PERCENT_OUT_OF_RANGE)
    months = check_months("months", months)
    annual = 1 - (1 - period_churn) ** (12 / months)
    return min(max(annual, 0.0), 1.0)


def churn(*, customers_start: int, customers_end: int, lost: int, months: int) -> Churn:
    """Churn of a period, annualised, with retention and the expected customer lifetime."""
    start = check_count("customers_start", customers_start)
    end = check_count("customers_end", customers_end)
    lost = check_count("lost", lost)
    months = check_months("months", months)
    if start + end == 0:
        raise KpiInputError("customers_start", ZERO_CUSTOMERS)
    # end = start + won − lost with won ≥ 0, so the count cannot fall by more than was lost.
    if lost < start - end:
        raise KpiInputError("lost", LOST_BELOW_DECLINE)
    average = (start + end) / 2
    # lost ÷ average above 1 is no rate: the period is too long for the average to describe it.
    if lost > average:
        raise KpiInputError("lost", LOST_EXCEEDS_AVERAGE)
    period = lost / average
    annual = annualise_churn(period, months)
    return Churn(
        customers_start=start,
        customers_end=end,
        lost=lost,
        months=months,
        average_customers=average,
        period_churn=period,
        annual_churn=annual,
        retention=1 - annual,
        expected_lifetime_years=None if annual == 0 else 1 / annual,
    )


# --- Customer lifetime value -------------------------------------------------------------------


@dataclass(frozen=True)
class Clv:
    annual_revenue: float
    acquisition_cost: float
    years: float
    years_from_churn: float | None  # the annual churn (0..1) the years were derived from
    margin: float | None  # contribution margin 0..1, None: revenue counts in full
    discount_rate: float | None  # 0..1, None: not discounted
    annual_value: float  # revenue × margin
    lifetime_value: float  # Σ of the yearly values (discounted when a rate is given)
    clv: float  # lifetime value − acquisition cost


def _discounted_sum(value: float, years: float, rate: float) -> float:
    whole = math.floor(years)
    fraction = years - whole
    total = math.fsum(value / (1 + rate) ** t for t in range(1, whole + 1))
    return total + fraction * value / (1 + rate) ** (whole + 1)


def clv(
    *,
    annual_revenue: float,
    acquisition_cost: float,
    years: float | None = None,
    annual_churn_percent: float | None = None,
    margin_percent: float | None = None,
    discount_percent: float | None = None,
) -> Clv:
    """CLV = annual revenue (× margin) × relationship years − acquisition cost, as the seeds.

    The years are given, or derived from an annual churn as 1 / churn (exactly one of the two).
    With a discount rate each year's value is discounted (see the module's docstring).
    """
    revenue = check_amount("annual_revenue", annual_revenue)
    cost = check_amount("acquisition_cost", acquisition_cost)
    if (years is None) == (annual_churn_percent is None):
        raise KpiInputError("years", YEARS_OR_CHURN)
    from_churn = None
    if annual_churn_percent is not None:
        from_churn = check_percent("annual_churn_percent", annual_churn_percent)
        if from_churn == 0:
            raise KpiInputError("annual_churn_percent", NO_CHURN)
        years = 1 / from_churn
        if years > MAX_YEARS:
            raise KpiInputError("annual_churn_percent", YEARS_OUT_OF_RANGE)
    else:
        assert years is not None
        years = check_years("years", years)
    margin = None if margin_percent is None else check_percent("margin_percent", margin_percent)
    rate = None if discount_percent is None else check_percent("discount_percent", discount_percent)
    value = revenue if margin is None else revenue * margin
    lifetime = value * years if not rate else _discounted_sum(value, years, rate)
    return Clv(
        annual_revenue=revenue,
        acquisition_cost=cost,
        years=years,
        years_from_churn=from_churn,
        margin=margin,
        discount_rate=rate,
        annual_value=value,
        lifetime_value=lifetime,
        clv=lifetime - cost,
    )


# --- Customer value (seed 001) -----------------------------------------------------------------


@dataclass(frozen=True)
class CustomerValue:
    revenue: float  # the period's revenue
    acquisition_costs: float  # the period's costs of winning customers
    care_costs: float  # the period's costs of looking after customers
    customers: int
    revenue_per_customer: float
    acquisition_per_customer: float
    care_per_customer: float
    cost_per_customer: float  # (acquisition + care) / customers
    value_per_customer: float  # revenue per customer − cost per customer
    cost_share: float | None  # (acquisition + care) / revenue; None without revenue


def customer_value(
    *, revenue: float, acquisition_costs: float, care_costs: float, customers: int
) -> CustomerValue:
    """The period's acquisition and care costs set against its revenue, each per customer."""
    revenue = check_amount("revenue", revenue)
    acquisition = check_amount("acquisition_costs", acquisition_costs)
    care = check_amount("care_costs", care_costs)
    customers = check_count("customers", customers)
    if customers == 0:
        raise KpiInputError("customers", ZERO_CUSTOMERS)
    costs = acquisition + care
    return CustomerValue(
        revenue=revenue,
        acquisition_costs=acquisition,
        care_costs=care,
        customers=customers,
        revenue_per_customer=revenue / customers,
        acquisition_per_customer=acquisition / customers,
        care_per_customer=care / customers,
        cost_per_customer=costs / customers,
        # fsum: exactly rounded, so nearly equal revenue and costs lose no digits.
        value_per_customer=math.fsum((revenue, -acquisition, -care)) / customers,
        cost_share=None if revenue == 0 else costs / revenue,
    )

"""Tests of reports.kpi: hand-computed tables first, then refusals, then hypothesis properties.

Every expected number is worked out in the comment beside it from the formulas in DESIGN.md
("KPIs") and the module's docstring.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reports import kpi
from reports.kpi import KpiInputError

pytestmark = pytest.mark.dbless
PROPERTY = settings(database=None, max_examples=200)


# --- NPS ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "score", "margin", "uncertain"),
    [
        # n = 100, p = 0.5, d = 0.2: NPS = 50 − 20 = 30.
        # variance = 0.5 + 0.2 − 0.3² = 0.61; 1.96 × √(0.61 / 100) × 100 = 1.96 × 7.8102 = 15.308
        ((50, 30, 20), 30.0, 15.308, False),
        # n = 10, p = 0.7, d = 0.1: NPS = 60. variance = 0.8 − 0.36 = 0.44;
        # 1.96 × √0.044 × 100 = 1.96 × 20.976 = 41.113
        ((7, 2, 1), 60.0, 41.113, True),
        # All promoters: NPS 100, variance 1 − 1 = 0, margin 0.
        ((30, 0, 0), 100.0, 0.0, False),
        # All detractors: NPS −100.
        ((0, 0, 5), -100.0, 0.0, True),
        # Only passives: NPS 0, variance 0.
        ((0, 40, 0), 0.0, 0.0, False),
        # n = 29 (one below the threshold): 10 − 10 = 0 → NPS 0. variance = 20/29 = 0.68966;
        # 1.96 × √(0.68966 / 29) × 100 = 1.96 × 15.421 = 30.226
        ((10, 9, 10), 0.0, 30.226, True),
        # n = 30 exactly: no longer uncertain. p = 1/3, d = 1/3 → NPS 0; variance 2/3;
        # 1.96 × √(0.66667 / 30) × 100 = 1.96 × 14.907 = 29.218
        ((10, 10, 10), 0.0, 29.218, False),
    ],
)
def test_nps_from_counts(counts, score, margin, uncertain):
    promoters, passives, detractors = counts
    result = kpi.nps_from_counts(promoters=promoters, passives=passives, detractors=detractors)
    assert result.score == pytest.approx(score, abs=1e-9)
    assert result.margin == pytest.approx(margin, abs=1e-3)
    assert result.uncertain is uncertain
    assert result.n == sum(counts)
    assert result.promoter_share + result.passive_share + result.detractor_share == pytest.approx(1)


def test_nps_from_answers_sorts_each_answer_into_its_group():
    # 0–6 detractors (7 of them), 7–8 passives (2), 9–10 promoters (2): NPS = (2 − 7) / 11 × 100
    # = −45.4545…
    result = kpi.nps_from_answers(range(11))
    assert (result.promoters, result.passives, result.detractors) == (2, 2, 7)
    assert result.score == pytest.approx(-500 / 11)
    assert result.uncertain


@pytest.mark.parametrize(
    ("answers", "position"),
    [
        ([7, 11], 2),
        ([-1], 1),
        ([5, 5, 7.5], 3),
        ([True], 1),
        (["9"], 1),
        ([9, float("nan")], 2),
    ],
)
def test_nps_refuses_anything_but_integers_0_to_10(answers, position):
    with pytest.raises(KpiInputError) as refused:
        kpi.nps_from_answers(answers)
    assert (refused.value.field, refused.value.code) == ("answers", kpi.ANSWER_OUT_OF_RANGE)
    assert refused.value.position == position


def test_nps_needs_an_answer():
    with pytest.raises(KpiInputError) as refused:
        kpi.nps_from_answers([])
    assert (refused.value.field, refused.value.code) == ("answers", kpi.NO_ANSWERS)
    with pytest.raises(KpiInputError) as refused:
        kpi.nps_from_counts(promoters=0, passives=0, detractors=0)
    assert (refused.value.field, refused.value.code) == ("promoters", kpi.NO_ANSWERS)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("promoters", -1, kpi.NEGATIVE),
        ("passives", 2.5, kpi.NOT_INTEGER),
        ("detractors", float("inf"), kpi.NOT_FINITE),
        ("promoters", float("nan"), kpi.NOT_FINITE),
        ("promoters", 1e308, kpi.TOO_LARGE),
        ("passives", 10**12 + 1, kpi.TOO_LARGE),
        ("detractors", True, kpi.NOT_FINITE),
    ],
)
def test_nps_counts_refused(field, value, code):
    counts = {"promoters": 1, "passives": 1, "detractors": 1, field: value}
    with pytest.raises(KpiInputError) as refused:
        kpi.nps_from_counts(**counts)
    assert (refused.value.field, refused.value.code) == (field, code)


# --- Churn -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "lost", "months", "period", "annual", "lifetime"),
    [
        # The seeds' definition over 12 months: 10 ÷ ((100 + 100) ÷ 2) = 10 %; 12/12 = 1, so the
        # annual churn is the period's; lifetime 1 ÷ 0.1 = 10 years.
        (100, 100, 10, 12, 0.10, 0.10, 10.0),
        # Six months: 12 ÷ ((100 + 140) ÷ 2) = 12 ÷ 120 = 10 %;
        # annual = 1 − 0.9^(12/6) = 1 − 0.81 = 19 %; lifetime 1 ÷ 0.19 = 5.263 years.
        (100, 140, 12, 6, 0.10, 0.19, 1 / 0.19),
        # One month of 5 %: 5 ÷ ((95 + 105) ÷ 2) = 5 ÷ 100; annual = 1 − 0.95^12
        # = 1 − 0.540360 = 0.459640 (the simple ×12 would say 60 %).
        (95, 105, 5, 1, 0.05, 1 - 0.95**12, 1 / (1 - 0.95**12)),
        # Two years of 36 %: 72 ÷ 200 = 0.36; annual = 1 − 0.64^(12/24) = 1 − 0.8 = 20 %.
        (200, 200, 72, 24, 0.36, 0.20, 5.0),
        # Nobody lost: churn 0, retention 100 %, lifetime endless (None).
        (50, 60, 0, 12, 0.0, 0.0, None),
        # Everybody of the average lost in a month: 100 ÷ 100 = 100 %, annual 100 %, 1 year.
        (150, 50, 100, 1, 1.0, 1.0, 1.0),
    ],
)
def test_churn(start, end, lost, months, period, annual, lifetime):
    result = kpi.churn(customers_start=start, customers_end=end, lost=lost, months=months)
    assert result.average_customers == (start + end) / 2
    assert result.period_churn == pytest.approx(period)
    assert result.annual_churn == pytest.approx(annual)
    assert result.retention == pytest.approx(1 - annual)
    if lifetime is None:
        assert result.expected_lifetime_years is None
    else:
        assert result.expected_lifetime_years == pytest.approx(lifetime)


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ((-1, 100, 5, 12), "customers_start", kpi.NEGATIVE),
        ((100, -5, 5, 12), "customers_end", kpi.NEGATIVE),
        ((100, 100, -1, 12), "lost", kpi.NEGATIVE),
        ((0, 0, 0, 12), "customers_start", kpi.ZERO_CUSTOMERS),
        # average (100 + 60) ÷ 2 = 80 < 81 lost: a rate above 100 %.
        ((100, 60, 81, 12), "lost", kpi.LOST_EXCEEDS_AVERAGE),
        # More lost than there ever were: 500 > (100 + 100) ÷ 2.
        ((100, 100, 500, 12), "lost", kpi.LOST_EXCEEDS_AVERAGE),
        # From 100 to 80 customers, but only 10 lost: at least 20 must have gone.
        ((100, 80, 10, 12), "lost", kpi.LOST_BELOW_DECLINE),
        ((100, 100, 5, 0), "months", kpi.MONTHS_OUT_OF_RANGE),
        ((100, 100, 5, 121), "months", kpi.MONTHS_OUT_OF_RANGE),
        ((100, 100, 5, 1.5), "months", kpi.MONTHS_OUT_OF_RANGE),
        ((100.5, 100, 5, 12), "customers_start", kpi.NOT_INTEGER),
        ((float("nan"), 100, 5, 12), "customers_start", kpi.NOT_FINITE),
        ((100, float("inf"), 5, 12), "customers_end", kpi.NOT_FINITE),
        ((1e308, 100, 5, 12), "customers_start", kpi.TOO_LARGE),
    ],
)
def test_churn_refused(values, field, code):
    start, end, lost, months = values
    with pytest.raises(KpiInputError) as refused:
        kpi.churn(customers_start=start, customers_end=end, lost=lost, months=months)
    assert (refused.value.field, refused.value.code) == (field, code)


def test_annualise_is_compounding_not_times_twelve():
    # 10 % a month: 1 − 0.9^12 = 1 − 0.282430 = 71.757 % (× 12 would be 120 %).
    assert kpi.annualise_churn(0.10, 1) == pytest.approx(1 - 0.9**12)
    # 12 months: unchanged.
    assert kpi.annualise_churn(0.25, 12) == pytest.approx(0.25)


# --- CLV ---------------------------------------------------------------------------------------


def test_clv_seed_example():
    # Seed 000 / 002: 1,000 a year × 10 years − 1,000 acquisition = 9,000.
    result = kpi.clv(annual_revenue=1000, years=10, acquisition_cost=1000)
    assert result.clv == 9000
    assert result.lifetime_value == 10000
    assert result.annual_value == 1000


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Years from churn: 1 ÷ 10 % = 10 years, so the seed example again: 9,000.
        ({"annual_revenue": 1000, "annual_churn_percent": 10, "acquisition_cost": 1000}, 9000),
        # Margin 40 %: 2,500 × 0.4 = 1,000 a year × 10 − 1,000 = 9,000.
        (
            {"annual_revenue": 2500, "years": 10, "margin_percent": 40, "acquisition_cost": 1000},
            9000,
        ),
        # Discount rate 0: identical to the undiscounted form.
        (
            {"annual_revenue": 1000, "years": 10, "discount_percent": 0, "acquisition_cost": 1000},
            9000,
        ),
        # Discounted at 10 %, 3 years of 1,000: 1000/1.1 + 1000/1.21 + 1000/1.331
        # = 909.0909 + 826.4463 + 751.3148 = 2,486.8520; − 500 = 1,986.8520.
        (
            {"annual_revenue": 1000, "years": 3, "discount_percent": 10, "acquisition_cost": 500},
            2486.851991 - 500,
        ),
        # 2.5 years at 10 %: 909.0909 + 826.4463 + 0.5 × 751.3148 (= 375.6574) = 2,111.1946; − 0.
        (
            {"annual_revenue": 1000, "years": 2.5, "discount_percent": 10, "acquisition_cost": 0},
            2111.194591,
        ),
        # Margin and discount: 2,000 × 50 % = 1,000 a year for 2 years at 5 %:
        # 1000/1.05 + 1000/1.1025 = 952.3810 + 907.0295 = 1,859.4104; − 300 = 1,559.4104.
        (
            {
                "annual_revenue": 2000,
                "years": 2,
                "margin_percent": 50,
                "discount_percent": 5,
                "acquisition_cost": 300,
            },
            1559.410431,
        ),
        # Undiscounted fractional years: 1,000 × 2.5 − 3,000 = −500 (a loss).
        ({"annual_revenue": 1000, "years": 2.5, "acquisition_cost": 3000}, -500),
        # Churn 25 % → 4 years; 1,200 × 4 = 4,800 − 800 = 4,000.
        ({"annual_revenue": 1200, "annual_churn_percent": 25, "acquisition_cost": 800}, 4000),
    ],
)
def test_clv(kwargs, expected):
    assert kpi.clv(**kwargs).clv == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"annual_revenue": -1, "years": 1, "acquisition_cost": 0}, "annual_revenue", kpi.NEGATIVE),
        (
            {"annual_revenue": 1, "years": 1, "acquisition_cost": -1},
            "acquisition_cost",
            kpi.NEGATIVE,
        ),
        ({"annual_revenue": 1, "years": -1, "acquisition_cost": 0}, "years", kpi.NEGATIVE),
        (
            {"annual_revenue": 1, "years": 101, "acquisition_cost": 0},
            "years",
            kpi.YEARS_OUT_OF_RANGE,
        ),
        ({"annual_revenue": 1, "acquisition_cost": 0}, "years", kpi.YEARS_OR_CHURN),
        (
            {"annual_revenue": 1, "years": 2, "annual_churn_percent": 10, "acquisition_cost": 0},
            "years",
            kpi.YEARS_OR_CHURN,
        ),
        (
            {"annual_revenue": 1, "annual_churn_percent": 0, "acquisition_cost": 0},
            "annual_churn_percent",
            kpi.NO_CHURN,
        ),
        # 0.5 % churn → 200 years: beyond the 100-year cap.
        (
            {"annual_revenue": 1, "annual_churn_percent": 0.5, "acquisition_cost": 0},
            "annual_churn_percent",
            kpi.YEARS_OUT_OF_RANGE,
        ),
        (
            {"annual_revenue": 1, "annual_churn_percent": 101, "acquisition_cost": 0},
            "annual_churn_percent",
            kpi.PERCENT_OUT_OF_RANGE,
        ),
        (
            {"annual_revenue": 1, "years": 1, "margin_percent": 100.5, "acquisition_cost": 0},
            "margin_percent",
            kpi.PERCENT_OUT_OF_RANGE,
        ),
        (
            {"annual_revenue": 1, "years": 1, "margin_percent": -1, "acquisition_cost": 0},
            "margin_percent",
            kpi.PERCENT_OUT_OF_RANGE,
        ),
        (
            {"annual_revenue": 1, "years": 1, "discount_percent": 150, "acquisition_cost": 0},
            "discount_percent",
            kpi.PERCENT_OUT_OF_RANGE,
        ),
        (
            {"annual_revenue": 1, "years": 1, "discount_percent": math.nan, "acquisition_cost": 0},
            "discount_percent",
            kpi.NOT_FINITE,
        ),
        (
            {"annual_revenue": 1e308, "years": 1, "acquisition_cost": 0},
            "annual_revenue",
            kpi.TOO_LARGE,
        ),
        (
            {"annual_revenue": math.inf, "years": 1, "acquisition_cost": 0},
            "annual_revenue",
            kpi.NOT_FINITE,
        ),
    ],
)
def test_clv_refused(kwargs, field, code):
    with pytest.raises(KpiInputError) as refused:
        kpi.clv(**kwargs)
    assert (refused.value.field, refused.value.code) == (field, code)


# --- Customer value ----------------------------------------------------------------------------


def test_customer_value():
    # 500,000 revenue, 100,000 acquisition and 50,000 care over 250 customers:
    # revenue 2,000, acquisition 400, care 200, costs 600 per customer; value 2,000 − 600 = 1,400;
    # cost share 150,000 ÷ 500,000 = 30 %.
    result = kpi.customer_value(
        revenue=500_000, acquisition_costs=100_000, care_costs=50_000, customers=250
    )
    assert result.revenue_per_customer == 2000
    assert result.acquisition_per_customer == 400
    assert result.care_per_customer == 200
    assert result.cost_per_customer == 600
    assert result.value_per_customer == 1400
    assert result.cost_share == pytest.approx(0.30)


def test_customer_value_without_revenue_has_no_cost_share():
    # 0 revenue, 900 costs, 3 customers: −300 each; no share of nothing.
    result = kpi.customer_value(revenue=0, acquisition_costs=600, care_costs=300, customers=3)
    assert result.value_per_customer == -300
    assert result.cost_share is None


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("customers", 0, kpi.ZERO_CUSTOMERS),
        ("customers", 2.5, kpi.NOT_INTEGER),
        ("revenue", -0.01, kpi.NEGATIVE),
        ("acquisition_costs", math.nan, kpi.NOT_FINITE),
        ("care_costs", 1e13, kpi.TOO_LARGE),
    ],
)
def test_customer_value_refused(field, value, code):
    kwargs = {"revenue": 1, "acquisition_costs": 1, "care_costs": 1, "customers": 1, field: value}
    with pytest.raises(KpiInputError) as refused:
        kpi.customer_value(**kwargs)
    assert (refused.value.field, refused.value.code) == (field, code)


# --- Properties --------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**12)
amounts = st.floats(min_value=0, max_value=10**12, allow_nan=False)
percents = st.floats(min_value=0, max_value=100, allow_nan=False)


@PROPERTY
@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=300))
def test_nps_of_answers_equals_the_counts_formula(answers):
    result = kpi.nps_from_answers(answers)
    promoters = sum(1 for a in answers if a >= 9)
    detractors = sum(1 for a in answers if a <= 6)
    assert -100 <= result.score <= 100
    assert result.score == pytest.approx((promoters - detractors) / len(answers) * 100)
    assert result.uncertain is (len(answers) < 30)
    assert result.margin >= 0


@PROPERTY
@given(counts, counts, counts)
def test_nps_always_within_bounds(promoters, passives, detractors):
    assume(promoters + passives + detractors > 0)
    result = kpi.nps_from_counts(promoters=promoters, passives=passives, detractors=detractors)
    assert -100 <= result.score <= 100
    assert 0 <= result.margin <= Z_MAX_MARGIN


# The largest margin: variance at most 1, n at least 1 → 1.96 × 1 × 100.
Z_MAX_MARGIN = kpi.Z_95 * 100


@PROPERTY
@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**12),
    st.data(),
    st.integers(min_value=1, max_value=120),
)
def test_churn_stays_within_0_and_1(start, end, data, months):
    assume(start + end > 0)
    lowest = max(start - end, 0)
    highest = (start + end) // 2
    assume(lowest <= highest)
    lost = data.draw(st.integers(min_value=lowest, max_value=highest))
    result = kpi.churn(customers_start=start, customers_end=end, lost=lost, months=months)
    assert 0 <= result.period_churn <= 1
    assert 0 <= result.annual_churn <= 1
    assert result.retention == pytest.approx(1 - result.annual_churn)
    if result.expected_lifetime_years is not None:
        assert result.expected_lifetime_years >= 1


@PROPERTY
@given(st.floats(min_value=0, max_value=1), st.integers(min_value=1, max_value=11))
def test_annual_churn_is_at_least_the_churn_of_a_shorter_period(period, months):
    assert kpi.annualise_churn(period, months) >= period - 1e-12


@PROPERTY
@given(
    amounts,
    st.floats(min_value=0, max_value=100),
    amounts,
    amounts,
    st.one_of(st.none(), percents),
    st.one_of(st.none(), percents),
)
def test_clv_decreases_with_acquisition_cost(revenue, years, cost, more, margin, rate):
    kwargs = {
        "annual_revenue": revenue,
        "years": years,
        "margin_percent": margin,
        "discount_percent": rate,
    }
    cheap, dear = sorted((cost, more))
    assert (
        kpi.clv(acquisition_cost=dear, **kwargs).clv
        <= kpi.clv(acquisition_cost=cheap, **kwargs).clv
    )


@PROPERTY
@given(amounts, st.floats(min_value=0, max_value=100), amounts, percents, percents)
def test_clv_decreases_with_the_discount_rate(revenue, years, cost, rate, other):
    low, high = sorted((rate, other))
    kwargs = {"annual_revenue": revenue, "years": years, "acquisition_cost": cost}
    undiscounted = kpi.clv(**kwargs).clv
    at_low = kpi.clv(discount_percent=low, **kwargs).clv
    at_high = kpi.clv(discount_percent=high, **kwargs).clv
    tolerance = 1e-9 * max(abs(undiscounted), 1)
    assert at_high <= at_low + tolerance
    assert at_low <= undiscounted + tolerance


@PROPERTY
@given(amounts, st.floats(min_value=0, max_value=100), percents)
def test_discounted_clv_grows_with_the_years(revenue, years, rate):
    shorter = kpi.clv(
        annual_revenue=revenue, years=years, acquisition_cost=0, discount_percent=rate
    )
    longer = kpi.clv(
        annual_revenue=revenue,
        years=min(years + 0.5, 100),
        acquisition_cost=0,
        discount_percent=rate,
    )
    assert longer.clv >= shorter.clv - 1e-9 * max(shorter.clv, 1)


@PROPERTY
@given(amounts, amounts, amounts, st.integers(min_value=1, max_value=10**12))
def test_customer_value_adds_up(revenue, acquisition, care, customers):
    result = kpi.customer_value(
        revenue=revenue, acquisition_costs=acquisition, care_costs=care, customers=customers
    )
    # Against exact arithmetic: the difference of the two per-customer figures would lose
    # digits to cancellation when revenue and costs are nearly equal (found by hypothesis).
    exact = (Fraction(revenue) - Fraction(acquisition) - Fraction(care)) / customers
    assert result.value_per_customer == pytest.approx(float(exact), rel=1e-9, abs=1e-6)
    assert all(
        math.isfinite(value)
        for value in (
            result.revenue_per_customer,
            result.cost_per_customer,
            result.value_per_customer,
        )
    )


@PROPERTY
@given(st.one_of(st.floats(), st.integers(), st.booleans()))
def test_every_number_is_either_used_or_refused_with_a_code(value):
    try:
        result = kpi.customer_value(revenue=value, acquisition_costs=0, care_costs=0, customers=1)
    except KpiInputError as refused:
        assert refused.field == "revenue"
        assert refused.code in {kpi.NEGATIVE, kpi.NOT_FINITE, kpi.TOO_LARGE}
    else:
        assert 0 <= result.revenue <= kpi.MAX_MAGNITUDE

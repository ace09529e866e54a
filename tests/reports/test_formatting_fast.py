"""`fixed` prints numbers exactly as the floatformat filter does, only faster."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from reports.formatting import fixed

pytestmark = pytest.mark.dbless

numbers = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=-10_000, max_value=10_000),
    st.sampled_from([0, 0.05, 0.15, 0.25, 2.675, 55.25, 99.95, 100, 1.005, 12.345, -0.04]),
)


@pytest.mark.parametrize("language", ["de", "en", "da"])
@pytest.mark.parametrize("digits", [1, 2])
@given(value=numbers)
def test_fixed_is_floatformat(language, digits, value):
    with translation.override(language):
        assert fixed(value, digits) == str(floatformat(value, f"-{digits}"))

"""How every output prints a score or a change: one decimal at most, localised."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format

_STEPS = {1: Decimal("0.1"), 2: Decimal("0.01")}


def fixed(value: float, digits: int = 1) -> str:
    """`floatformat(value, -digits)`, as the template filter prints it, without its overhead.

    A whole number prints without decimals, any other with `digits` of them (rounded half up),
    with the active language's decimal separator. The filter itself is the fallback for what
    this shortcut does not cover (negative numbers, tiny or huge ones, thousands separators);
    a test compares the two on many numbers in every language.
    """
    if (
        value < 0
        or (value and not 1e-6 <= value < 1e12)
        or digits not in _STEPS
        or settings.USE_THOUSAND_SEPARATOR
    ):
        return str(floatformat(value, f"-{digits}"))
    exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        return str(int(exact))
    text = format(exact.quantize(_STEPS[digits], ROUND_HALF_UP), "f")
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def number(value: float | None) -> str:
    """A score as every output prints it: one decimal at most, localised; "–" for none."""
    return "–" if value is None else fixed(value)


def signed(value: float | None) -> str:
    """A change as every output prints it: "+8,3", "−2", "±0"; "–" for none."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    if rounded == 0:
        return "±0"
    text = fixed(abs(rounded))
    return f"+{text}" if rounded > 0 else f"−{text}"

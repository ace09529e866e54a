"""How every output prints a score or a change: one decimal at most, localised."""

from __future__ import annotations

from django.template.defaultfilters import floatformat


def number(value: float | None) -> str:
    """A score as every output prints it: one decimal at most, localised; "–" for none."""
    return "–" if value is None else str(floatformat(value, "-1"))


def signed(value: float | None) -> str:
    """A change as every output prints it: "+8,3", "−2", "±0"; "–" for none."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    if rounded == 0:
        return "±0"
    text = str(floatformat(abs(rounded), "-1"))
    return f"+{text}" if rounded > 0 else f"−{text}"

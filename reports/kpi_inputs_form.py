"""The form of an assessment's KPI figures: the four calculators on one page, each group optional.

Each group (NPS counts, churn, CLV, customer value) is the calculator's own form, so a figure is
read and refused exactly as on the calculator pages (``kpi_forms``, ``kpi``). A group the user left
empty is skipped; a group with any figure must be complete and pass the formula. Refused figures
get their message at the field, and every typed value stays in the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import get_language

from assessment.models import KPI_INPUT_FIELDS, KpiInputs

from . import kpi_display, kpi_forms

# The group's form and the fields that make a group "filled in" (the months alone, prefilled
# with 12, do not).
GROUPS: dict[str, tuple[type[kpi_forms.KpiForm], tuple[str, ...], tuple[str, ...]]] = {
    "nps": (kpi_forms.NpsForm, ("promoters", "passives", "detractors"), ()),
    "churn": (kpi_forms.ChurnForm, ("customers_start", "customers_end", "lost"), ("months",)),
    "clv": (
        kpi_forms.ClvForm,
        (
            "annual_revenue",
            "years",
            "annual_churn_percent",
            "acquisition_cost",
            "margin_percent",
            "discount_percent",
        ),
        (),
    ),
    "customer_value": (
        kpi_forms.CustomerValueForm,
        ("revenue", "acquisition_costs", "care_costs", "customers"),
        (),
    ),
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return kpi_display.plain(value, 4)


def initial_from(inputs: KpiInputs | None) -> dict[str, Any]:
    """The stored figures as the user's language writes them, for the form to edit."""
    currency = kpi_forms.DEFAULT_CURRENCY.get(get_language() or "", "EUR")
    initial: dict[str, Any] = {"currency": currency, "months": "12"}
    if inputs is None:
        return initial
    for name in KPI_INPUT_FIELDS:
        value = getattr(inputs, name)
        if value not in (None, ""):
            initial[name] = _text(value)
    return initial


class KpiInputsForm:
    """Four calculator forms and the currency, bound to the same data."""

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, initial: dict[str, Any] | None = None
    ) -> None:
        self.data = data
        initial = initial or {}
        self.currency_form = kpi_forms.CurrencyForm(data, initial=initial)
        self.forms: dict[str, kpi_forms.KpiForm] = {}
        for key, (form_class, triggers, extra) in GROUPS.items():
            if data is None or self._filled(triggers):
                self.forms[key] = form_class(data, initial=initial)
            else:
                # Nothing typed in this group: shown unbound (no "required" messages) with
                # whatever the user left in its other fields.
                kept = {name: data.get(name, "") for name in (*triggers, *extra)}
                self.forms[key] = form_class(initial={**initial, **kept})

    def _filled(self, names: tuple[str, ...]) -> bool:
        assert self.data is not None
        return any(str(self.data.get(name, "")).strip() for name in names)

    def field(self, name: str) -> forms.BoundField:
        for form in self.forms.values():
            if name in form.fields:
                return form[name]
        raise KeyError(name)

    def clean_values(self) -> dict[str, Any] | None:
        """The figures to store (None for an empty group), or None with errors at the fields."""
        values: dict[str, Any] = dict.fromkeys(KPI_INPUT_FIELDS)
        valid = self.currency_form.is_valid()
        values["currency"] = self.currency_form.cleaned_data.get("currency", "")
        for key, form in self.forms.items():
            if not form.is_bound:
                continue
            if form.calculate() is None:
                valid = False
                continue
            for name in (*GROUPS[key][1], *GROUPS[key][2]):
                value = form.cleaned_data.get(name)
                if value is not None and name in (
                    "promoters",
                    "passives",
                    "detractors",
                    "customers_start",
                    "customers_end",
                    "lost",
                    "months",
                    "customers",
                ):
                    value = int(value)
                values[name] = value
        return values if valid else None

    @property
    def has_errors(self) -> bool:
        return bool(self.currency_form.errors) or any(
            form.is_bound and form.errors for form in self.forms.values()
        )

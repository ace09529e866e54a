"""Writes of an assessment's KPI figures (pillar 6).

The figures arrive checked: the form (reports/kpi_inputs_form.py) runs the formulas' own checks
(reports/kpi.py) field by field, and this app must not import reports. Here they are only stored.
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import KPI_INPUT_FIELDS, Assessment, KpiInputs

KpiValue = str | int | float | None


def kpi_inputs_save(*, assessment: Assessment, values: Mapping[str, KpiValue]) -> KpiInputs:
    """Store the figures (every field; a missing one becomes empty) and return them."""
    unknown = set(values) - set(KPI_INPUT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown KPI inputs: {sorted(unknown)}")
    defaults = {name: values.get(name) for name in KPI_INPUT_FIELDS}
    defaults["currency"] = values.get("currency") or ""
    inputs, _created = KpiInputs.objects.update_or_create(assessment=assessment, defaults=defaults)
    return inputs


def kpi_inputs_clear(*, assessment: Assessment) -> None:
    KpiInputs.objects.filter(assessment=assessment).delete()

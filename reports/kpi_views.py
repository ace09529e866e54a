"""The KPI calculators: public pages, no account, no assessment, nothing stored.

Each page shows its form (GET) or its result (POST): the form parses, ``reports.kpi`` computes,
``reports.kpi_display`` words the formula and its meaning. Refused input answers 400 with the
messages at the fields and every typed value kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from . import kpi_display, kpi_forms


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "kpi/index.html", {"active": "index"})


def _calculator(
    request: HttpRequest,
    name: str,
    form_class: type[kpi_forms.KpiForm],
    show: Callable[[Any, str], kpi_display.Display],
) -> HttpResponse:
    initial = {"currency": kpi_forms.DEFAULT_CURRENCY.get(get_language() or "", "EUR")}
    if request.method != "POST":
        form = form_class(initial=initial)
        return render(request, f"kpi/{name}.html", {"form": form, "active": name})
    form = form_class(request.POST, request.FILES, initial=initial)
    result = form.calculate()
    display = None
    if result is not None:
        display = show(result, form.cleaned_data.get("currency", ""))
    context = {"form": form, "active": name, "result": result, "display": display}
    return render(request, f"kpi/{name}.html", context, status=200 if display else 400)


@require_http_methods(["GET", "HEAD", "POST"])
def nps(request: HttpRequest) -> HttpResponse:
    return _calculator(
        request, "nps", kpi_forms.NpsForm, lambda result, _currency: kpi_display.nps_display(result)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def churn(request: HttpRequest) -> HttpResponse:
    return _calculator(
        request,
        "churn",
        kpi_forms.ChurnForm,
        lambda result, _currency: kpi_display.churn_display(result),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def clv(request: HttpRequest) -> HttpResponse:
    return _calculator(request, "clv", kpi_forms.ClvForm, kpi_display.clv_display)


@require_http_methods(["GET", "HEAD", "POST"])
def customer_value(request: HttpRequest) -> HttpResponse:
    return _calculator(
        request, "customer_value", kpi_forms.CustomerValueForm, kpi_display.customer_value_display
    )

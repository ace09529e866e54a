"""An assessment's KPI figures (pillar 6): entered and edited through its private link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessment.access import assessment_for_request
from assessment.kpi_inputs import kpi_inputs_save
from assessment.models import Assessment
from assessment.selectors import kpi_inputs_of

from .kpi_inputs_form import KpiInputsForm, initial_from

CONTROLLING_PILLAR = "controlling"


def _back_url(assessment: Assessment, back: str) -> str:
    if back == "pillar" and assessment.mode != Assessment.Mode.DISTRIBUTED:
        return reverse(
            "assessment:pillar",
            kwargs={"token": assessment.token, "pillar_key": CONTROLLING_PILLAR},
        )
    return reverse("reports:results", kwargs={"token": assessment.token}) + "#kpis"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def kpi_inputs(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    back = "pillar" if request.GET.get("back") == "pillar" else "results"
    initial = initial_from(kpi_inputs_of(assessment))
    status = 200
    if request.method == "POST":
        form = KpiInputsForm(request.POST, initial=initial)
        values = form.clean_values()
        if values is not None:
            kpi_inputs_save(assessment=assessment, values=values)
            messages.success(request, _("The KPI figures are saved."))
            return redirect(_back_url(assessment, back))
        status = 400
    else:
        form = KpiInputsForm(initial=initial)
    context = {
        "assessment": assessment,
        "form": form,
        "back": back,
        "back_url": _back_url(assessment, back),
    }
    return render(request, "reports/kpi_inputs.html", context, status=status)

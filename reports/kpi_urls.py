from django.urls import path

from . import kpi_views

app_name = "kpi"

# Public calculators: no account, no assessment, nothing stored.
urlpatterns = [
    path("", kpi_views.index, name="index"),
    path("nps/", kpi_views.nps, name="nps"),
    path("churn/", kpi_views.churn, name="churn"),
    path("clv/", kpi_views.clv, name="clv"),
    path("customer-value/", kpi_views.customer_value, name="customer_value"),
]

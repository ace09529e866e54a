"""A consultant's clients. The list and a client's page, which show scores, are in
`reports/client_urls.py`; `config/urls.py` joins both into the "clients" namespace."""

from django.urls import path

from . import clients_views

app_name = "clients"

urlpatterns = [
    path("new/", clients_views.create, name="create"),
    path("<int:client_id>/edit/", clients_views.edit, name="edit"),
    path("<int:client_id>/delete/", clients_views.delete, name="delete"),
    path("<int:client_id>/assessments/new/", clients_views.assessment_new, name="assessment_new"),
    path("<int:client_id>/reassess/", clients_views.reassess, name="reassess"),
]

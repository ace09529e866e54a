from django.urls import path

from . import client_views

# Joined with assessment/clients_urls.py into the "clients" namespace in config/urls.py.
urlpatterns = [
    path("", client_views.client_list, name="list"),
    path("<int:client_id>/", client_views.client_detail, name="detail"),
    path("<int:client_id>/compare/", client_views.compare_pick, name="compare_pick"),
]

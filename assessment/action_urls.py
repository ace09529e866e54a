from django.urls import path

from . import action_views as views

app_name = "actions"

urlpatterns = [
    path("a/<token:token>/actions/", views.plan, name="plan"),
    path("a/<token:token>/actions/from-step/", views.from_step, name="from_step"),
    path("a/<token:token>/actions/carry-over/", views.carry_over, name="carry_over"),
    path("a/<token:token>/actions/<int:action_id>/", views.edit, name="edit"),
    path("a/<token:token>/actions/<int:action_id>/move/", views.move, name="move"),
    path("a/<token:token>/actions/<int:action_id>/delete/", views.delete, name="delete"),
    path("a/<token:token>/actions.csv", views.export_csv, name="export_csv"),
    path("a/<token:token>/actions.xlsx", views.export_xlsx, name="export_xlsx"),
    path("a/<token:token>/actions.ics", views.export_ics, name="export_ics"),
]

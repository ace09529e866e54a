from django.urls import path

from . import views

urlpatterns = [
    path("lite/", views.lite, name="lite"),
    path("lite/answer/", views.lite_answer, name="lite_answer"),
    path("forms/", views.with_forms, name="forms"),
    path("done/<int:submission_id>/", views.done, name="done"),
    path("pdf/", views.pdf, name="pdf"),
    path("health/", views.health, name="health"),
]

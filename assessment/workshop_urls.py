from django.urls import path

from . import workshop_views as views

app_name = "workshops"

urlpatterns = [
    path("<int:assessment_id>/", views.facilitator, name="facilitator"),
    path("<int:assessment_id>/live/", views.live, name="live"),
    path("<int:assessment_id>/projector/", views.projector, name="projector"),
    path("<int:assessment_id>/move/", views.move, name="move"),
    path("<int:assessment_id>/reveal/", views.reveal, name="reveal"),
    path("<int:assessment_id>/hide/", views.hide, name="hide"),
    path("<int:assessment_id>/close/", views.close, name="close"),
    path("<int:assessment_id>/reopen/", views.reopen, name="reopen"),
]

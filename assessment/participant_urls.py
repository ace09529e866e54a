from django.urls import path

from . import participant_views as views

app_name = "participate"

urlpatterns = [
    path("join/", views.join, name="join"),
    # The QR code on the projector leads here.
    path("join/<str:code>/", views.join_code, name="join_code"),
    path("w/<token:token>/", views.start, name="start"),
    path("w/<token:token>/link/", views.private_link, name="link"),
    path("w/<token:token>/p/<slug:pillar_key>/", views.pillar_page, name="pillar"),
    path("w/<token:token>/answer/", views.answer, name="answer"),
    path("w/<token:token>/state/", views.state, name="state"),
    path("w/<token:token>/done/", views.done, name="done"),
]

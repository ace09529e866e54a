from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("imprint/", views.imprint, name="imprint"),
    path("privacy/", views.privacy, name="privacy"),
    path("a/<token:token>/", views.resume, name="resume"),
    path("a/<token:token>/link/", views.private_link, name="link"),
    path("a/<token:token>/p/<slug:pillar_key>/", views.pillar_page, name="pillar"),
    path("a/<token:token>/answer/", views.answer, name="answer"),
    path("a/<token:token>/review/", views.review, name="review"),
    path("a/<token:token>/finish/", views.finish, name="finish"),
    path("a/<token:token>/reopen/", views.reopen, name="reopen"),
    path("a/<token:token>/delete/", views.delete, name="delete"),
    path("a/<token:token>/extend/", views.extend, name="extend"),
]

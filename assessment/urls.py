from django.urls import path, register_converter

from . import views
from .converters import TokenConverter

register_converter(TokenConverter, "token")

app_name = "assessment"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("a/<token:token>/", views.resume, name="resume"),
    path("a/<token:token>/link/", views.private_link, name="link"),
    path("a/<token:token>/p/<slug:pillar_key>/", views.pillar_page, name="pillar"),
    path("a/<token:token>/answer/", views.answer, name="answer"),
    path("a/<token:token>/review/", views.review, name="review"),
    path("a/<token:token>/finish/", views.finish, name="finish"),
    path("a/<token:token>/reopen/", views.reopen, name="reopen"),
    path("a/<token:token>/results/", views.results, name="results"),
    path("a/<token:token>/results.json", views.results_json, name="results_json"),
    path("a/<token:token>/answers.csv", views.answers_csv, name="answers_csv"),
]

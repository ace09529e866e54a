from django.urls import path, register_converter

from reports import views as report_views

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
    path("a/<token:token>/report.pdf", report_views.report_pdf_download, name="report_pdf"),
    path("a/<token:token>/report.docx", report_views.report_docx_download, name="report_docx"),
]

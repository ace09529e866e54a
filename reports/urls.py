from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("a/<token:token>/results/", views.results, name="results"),
    path("a/<token:token>/results.json", views.results_json, name="results_json"),
    path("a/<token:token>/answers.csv", views.answers_csv, name="answers_csv"),
    path("a/<token:token>/report.pdf", views.report_pdf_download, name="report_pdf"),
    path("a/<token:token>/report.docx", views.report_docx_download, name="report_docx"),
]

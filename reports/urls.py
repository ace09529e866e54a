from django.urls import path

from . import kpi_inputs_views, views

app_name = "reports"

urlpatterns = [
    path("a/<token:token>/results/", views.results, name="results"),
    path("a/<token:token>/results.json", views.results_json, name="results_json"),
    path(
        "a/<token:token>/benchmark/opt-out/",
        views.benchmark_opt_out,
        name="benchmark_opt_out",
    ),
    path("a/<token:token>/answers.csv", views.answers_csv, name="answers_csv"),
    path("a/<token:token>/answers.xlsx", views.answers_xlsx, name="answers_xlsx"),
    path("a/<token:token>/report.pdf", views.report_pdf_download, name="report_pdf"),
    path("a/<token:token>/report.docx", views.report_docx_download, name="report_docx"),
    # A report being made by a task worker: its page, and the box that page asks for.
    path("a/<token:token>/reports/<uuid:file_id>/", views.report_progress, name="report_progress"),
    path(
        "a/<token:token>/reports/<uuid:file_id>/status",
        views.report_status,
        name="report_status",
    ),
    # Read-only share links: the result and its PDF, nothing else.
    path("s/<token:token>/", views.shared_results, name="shared_results"),
    path("s/<token:token>/report.pdf", views.shared_report_pdf, name="shared_report_pdf"),
    path(
        "s/<token:token>/reports/<uuid:file_id>/",
        views.shared_report_progress,
        name="shared_report_progress",
    ),
    path(
        "s/<token:token>/reports/<uuid:file_id>/status",
        views.shared_report_status,
        name="shared_report_status",
    ),
    # Consultants only (signed in, the assessment in their workspace).
    path("assessments/<int:assessment_id>/share/", views.share_create, name="share_create"),
    path("share-links/<int:link_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("compare/<int:first_id>/<int:second_id>/", views.compare, name="compare"),
    # Workshops: the consultant records the agreed levels; a participant sees the revealed team
    # results on their phone through their own private link.
    path(
        "assessments/<int:assessment_id>/consensus/<slug:question_key>/",
        views.consensus,
        name="consensus",
    ),
    path("w/<token:token>/team/", views.participant_team, name="participant_team"),
    # The assessment's own KPI figures (pillar 6), through its private link.
    path("a/<token:token>/kpis/", kpi_inputs_views.kpi_inputs, name="kpi_inputs"),
]

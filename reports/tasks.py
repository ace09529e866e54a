"""Tasks for django.tasks: run by a task worker (``manage.py db_worker``), not a web worker."""

from __future__ import annotations

from django.tasks import task

from .report_files import report_file_build


@task()
def make_report(file_id: str) -> str:
    """Make one requested report (a ReportFile row) and keep it; returns its status."""
    return report_file_build(file_id=file_id)

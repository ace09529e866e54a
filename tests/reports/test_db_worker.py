"""`manage.py db_worker` is ours: it warms up the report renderers, then works as before."""

from __future__ import annotations

from unittest import mock

from django.core.management import get_commands

from reports.management.commands import db_worker


def test_the_command_comes_from_reports():
    assert get_commands()["db_worker"] == "reports"


def test_the_renderers_are_warmed_up_before_the_first_task():
    calls: list[str] = []
    worker = mock.Mock()
    worker.return_value.run.side_effect = lambda: calls.append("run")
    with (
        mock.patch.object(db_worker, "warm_up_reports", lambda: calls.append("warm up")),
        mock.patch("django_tasks_db.management.commands.db_worker.Worker", worker),
    ):
        db_worker.Command().handle(
            verbosity=0,
            queue_name="default",
            interval=1.0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            reload=False,
            max_tasks=None,
            worker_id="test",
            exclude_queues="",
        )
    assert calls == ["warm up", "run"]

"""django-tasks-db's `db_worker`, which first warms up the report renderers.

The reports are made here, not in the web workers: starting the chart browser and loading the
fonts before the first task makes the first report of a worker take about as long as any other
(docs/performance.md). `reports` is listed before `django_tasks_db` in INSTALLED_APPS, so this
command is the one `manage.py db_worker` runs.
"""

from __future__ import annotations

import time
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from reports.pdf import warm_up_reports


class Command(DatabaseWorkerCommand):
    help = f"{DatabaseWorkerCommand.help.rstrip('.')}; the report renderers are warmed up first."

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.monotonic()
        warm_up_reports()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"Report renderers warmed up in {time.monotonic() - start:.1f} s.")
        super().handle(*args, **options)

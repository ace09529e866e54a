"""What a worker would otherwise do on its first requests, done once before gunicorn forks.

With `preload_app` (config/gunicorn.conf.py) the master imports the app and runs `warm_up()`;
every worker, the first ones and each one replaced after `max_requests`, starts as a fork of
it with the views imported, our templates compiled and the translations loaded. Without it a
replaced worker spent some 0.6 s of CPU on that, once every 500 requests.

Nothing here touches the database: a connection opened before the fork would be shared by the
workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation


def _template_names() -> list[str]:
    names = []
    directories = cast("list[Path]", settings.TEMPLATES[0]["DIRS"])
    for directory in directories:
        root = Path(directory)
        names += [str(path.relative_to(root)) for path in sorted(root.rglob("*.html"))]
    return names


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for name in _template_names():
        try:
            get_template(name)  # compiled into the cached loader
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Review")  # loads the language's catalogs
    from reports.charts import plotly_default_template

    plotly_default_template()  # imports plotly and builds its template once

"""Database queries per request, for `make bench`: Django's test client in a process of its own
against the server's database and settings (DEBUG stays off in the measured servers).

    python bench/query_count.py < steps.json     (DJANGO_SETTINGS_MODULE and the server's env)

Input: {"steps": [...], "user": optional login name to sign in (force_login)}. A step is
{"name", "method", "path", "data", "headers", "count", "capture"}: "{token}" in a path is filled
from an earlier step's Location header by its "capture" regex; only steps with "count" are
counted (the others warm the process up, as the server's workers are warm). Output: JSON
{name: queries}; a name counted twice sums (a whole flow). Needs nothing from our app, so that
the floor's and the peer's venvs run it too.
"""

from __future__ import annotations

import json
import re
import sys

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def main() -> None:
    spec = json.loads(sys.stdin.read())
    django.setup()
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="de")
    if spec.get("user"):
        from django.contrib.auth import get_user_model

        model = get_user_model()
        user = model._default_manager.get(**{model.USERNAME_FIELD: spec["user"]})
        client.force_login(user)
    variables: dict[str, str] = {}
    counts: dict[str, int] = {}
    for step in spec["steps"]:
        path = step["path"].format(**variables)
        method = getattr(client, step.get("method", "GET").lower())
        kwargs = {"secure": True, "headers": step.get("headers", {})}
        if "data" in step:
            kwargs["data"] = step["data"]
        with CaptureQueriesContext(connection) as queries:
            response = method(path, **kwargs)
        if response.status_code >= 400:
            raise SystemExit(f"{step['name']}: {path} answered {response.status_code}")
        if step.get("capture"):
            match = re.search(step["capture"], response.get("Location", ""))
            if not match:
                raise SystemExit(f"{step['name']}: nothing to capture in {response}")
            variables["token"] = match.group(1)
        if step.get("count"):
            counts[step["name"]] = counts.get(step["name"], 0) + len(queries.captured_queries)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()

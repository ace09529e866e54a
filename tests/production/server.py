"""The app as an operator runs it: README's production steps, then gunicorn on loopback.

Used by the production tests. Follows the README's "Running in production" section literally:
collectstatic, migrate, load_catalog, then `gunicorn -c config/gunicorn.conf.py config.wsgi`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "smoke-" + "s3cr3t-" * 8
ADMIN_PATH = "/de/admin/login/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _administer_postgres(base_url: str, statement: str) -> None:
    """Run one statement outside a transaction on the database DATABASE_URL names."""
    import psycopg

    config = dj_database_url.parse(base_url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname=config["NAME"],
        autocommit=True,
    ) as connection:
        connection.execute(statement)


def _postgres_url_for_new_database(base_url: str) -> tuple[str, str]:
    """A fresh database beside the one DATABASE_URL names (the role may create databases)."""
    name = f"kk_smoke_{uuid.uuid4().hex[:10]}"
    _administer_postgres(base_url, f'CREATE DATABASE "{name}"')
    return urlsplit(base_url)._replace(path=f"/{name}").geturl(), name


def _drop_postgres_database(base_url: str, name: str) -> None:
    _administer_postgres(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    """A tiny HTTP client that keeps cookies as a browser behind the TLS proxy would."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        all_headers = {
            "Host": "127.0.0.1",
            # The TLS proxy in front sets this; the server trusts it (BEHIND_PROXY=true).
            "X-Forwarded-Proto": "https",
            "Accept-Language": "de",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers.setdefault("Origin", "https://127.0.0.1")
            all_headers.setdefault("Referer", "https://127.0.0.1/")
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)


class ProductionServer:
    def __init__(self, workdir: Path, *, use_postgres: bool = True) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.log_path = workdir / "gunicorn.log"
        self.worker_log_path = workdir / "db_worker.log"
        self.process: subprocess.Popen | None = None
        # The report worker (README: `manage.py db_worker`), beside gunicorn.
        self.worker: subprocess.Popen | None = None
        self._pg_database: str | None = None
        base_url = os.environ.get("DATABASE_URL", "")
        if use_postgres and base_url.startswith(("postgres://", "postgresql://")):
            database_url, self._pg_database = _postgres_url_for_new_database(base_url)
            self._pg_base_url = base_url
        else:
            database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
        self.database_url = database_url
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "BEHIND_PROXY": "true",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "LOG_LEVEL": "INFO",
        }
        for name in ("CHROMIUM_PATH", "BROWSER_PATH", "REDIS_URL"):
            if name in os.environ:
                self.env[name] = os.environ[name]

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
        return result

    def prepare(self, *, static_root: Path | None = None) -> None:
        """The README's production steps. With `static_root`, static files collected already
        are served from there (collectstatic compresses every file: about 35 s of CPU)."""
        if static_root is None:
            self.manage("collectstatic", "--noinput", "-v0")
        else:
            self.env["STATIC_ROOT"] = str(static_root)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_catalog")

    def start(self) -> None:
        if self.worker is None or self.worker.poll() is not None:
            self._start_worker()
        self._start_gunicorn()

    def _start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=self.worker_log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _start_gunicorn(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()}")
            try:
                if Browser(self.port).get("/de/", timeout=5).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log_path.read_text()}")

    def process_ids(self, root: subprocess.Popen | None = None) -> list[int]:
        """The master (or ``root``) and every process below it (workers, their browsers)."""
        root = root or self.process
        assert root is not None
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [root.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def kill(self) -> None:
        """SIGKILL the master, the report worker and all their processes at once, as a power
        cut would."""
        pids = self.process_ids()
        if self.worker is not None and self.worker.poll() is None:
            pids += self.process_ids(self.worker)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert self.process is not None
        self.process.wait(timeout=10)
        if self.worker is not None:
            self.worker.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.worker is not None and self.worker.poll() is None:
            # The worker finishes its report first (its chart browser goes with it).
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(timeout=40)
            except subprocess.TimeoutExpired:
                for pid in self.process_ids(self.worker):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                self.worker.wait(timeout=10)

    def cleanup(self) -> None:
        self.stop()
        if self._pg_database:
            _drop_postgres_database(self._pg_base_url, self._pg_database)

    def report(self, browser: Browser, path: str, *, timeout: float = 120) -> Response:
        """A report as a user gets it: the download, else its progress page, asked until the
        worker has made it (or given up), then the download again."""
        response = browser.get(path)
        if response.status != 302:
            return response
        progress = urlsplit(response.header("Location")).path
        page = browser.get(progress)
        assert page.status == 200, page.text[:300]
        status_url = re.search(r'hx-get="([^"]+)"', page.text)
        assert status_url, "the progress page of a report being made asks for its status"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            box = browser.get(status_url.group(1), headers={"HX-Request": "true"})
            state = re.search(r'data-state="(\w+)"', box.text)
            assert state, box.text[:300]
            if state.group(1) == "ready":
                return browser.get(path)
            if state.group(1) != "pending":
                return browser.get(progress)  # the page that says why
            time.sleep(0.2)
        log = self.worker_log_path.read_text()
        raise AssertionError(f"no report after {timeout:.0f} s:\n{log}")

    def query(self, code: str) -> object:
        """Run Django code against the server's database in a separate process; JSON result."""
        script = (
            "import django, json; django.setup()\n"
            + code
            + "\nprint('RESULT=' + json.dumps(result))"
        )
        completed = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stderr
        line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULT="))
        return json.loads(line.removeprefix("RESULT="))

    def new_assessments(self, count: int) -> list[dict]:
        """Assessments made through the start service, with their first two pillars' questions."""
        return self.query(
            f"""
from assessment.services import assessment_start
from pillars.selectors import catalog_current
catalog = catalog_current()
pillars = list(catalog.pillars.order_by("order")[:2])
keys = [q.key for p in pillars for q in p.questions.order_by("order")]
result = []
for number in range({count}):
    assessment = assessment_start(
        organisation_name=f"Last {{number}}", industry="other", size_band="1-9",
        country="CH", language="de", catalog=catalog,
    )
    result.append({{"token": assessment.token, "id": assessment.pk, "keys": keys}})
"""
        )  # type: ignore[return-value]

    def stored_levels(self) -> dict[str, dict[str, int]]:
        """Per assessment token: question key → stored level."""
        return self.query(
            """
from assessment.models import Answer
result = {}
for token, key, level in Answer.objects.values_list(
    "participant__assessment__token", "question__key", "level"
):
    result.setdefault(token, {})[key] = level
"""
        )  # type: ignore[return-value]

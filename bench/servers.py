"""The three servers of `make bench`, each under gunicorn with our production config
(config/gunicorn.conf.py: 2 gthread workers × 2 threads, max_requests 5000) on loopback:
our app, the floor project (bench/floor) and the peer (bench/peer, in its own venv)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PEER_VENV = ROOT / "var" / "bench-peer-venv"
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
SECRET_KEY = "bench-" + "not-a-secret-" * 5
ORIGIN = "https://127.0.0.1"
DEFAULT_POSTGRES = "postgres://kundenkompass:kundenkompass@127.0.0.1:5432/kundenkompass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres(base_url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(base_url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
        autocommit=True,
    ) as connection:
        connection.execute(statement)


class Databases:
    """A fresh database per server: SQLite files in the run's directory, or PostgreSQL
    databases beside the one DATABASE_URL names (dropped at the end)."""

    def __init__(self, workdir: Path, kind: str) -> None:
        self.workdir = workdir
        self.kind = kind
        self.base_url = os.environ.get("DATABASE_URL", "") or DEFAULT_POSTGRES
        self.created: list[str] = []

    def url(self, name: str) -> str:
        if self.kind != "postgres":
            return f"sqlite:///{self.workdir / name}.sqlite3"
        database = f"kk_bench_{name}_{uuid.uuid4().hex[:8]}"
        _postgres(self.base_url, f'CREATE DATABASE "{database}"')
        self.created.append(database)
        return urlsplit(self.base_url)._replace(path=f"/{database}").geturl()

    def drop_all(self) -> None:
        for database in self.created:
            _postgres(self.base_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


class Server:
    """One gunicorn master (with its workers) on a loopback port."""

    def __init__(
        self,
        name: str,
        *,
        python: Path,
        app: str,
        chdir: Path,
        env: Mapping[str, str],
        workdir: Path,
        health: str,
    ) -> None:
        self.name = name
        self.python = python
        self.app = app
        self.chdir = chdir
        self.port = free_port()
        self.health = health
        self.workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": ORIGIN,
            "BEHIND_PROXY": "true",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def access_log(self) -> Path:
        return Path(self.env["GUNICORN_ACCESS_LOG"])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def run(self, *args: str, stdin: str = "", timeout: float = 300) -> str:
        """A Python command in this server's environment; its stdout."""
        result = subprocess.run(
            [str(self.python), *args],
            cwd=self.chdir,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{self.name}: {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def run_json(self, *args: str, data: Any = None, timeout: float = 300) -> Any:
        return json.loads(self.run(*args, stdin=json.dumps(data or {}), timeout=timeout))

    def start(self) -> None:
        command = [str(self.python), "-m", "gunicorn", "-c", str(GUNICORN_CONF)]
        if self.name != "ours":  # our logger masks our tokens; the others' apps lack it
            command += ["--logger-class", "gunicorn.glogging.Logger"]
        command += ["--chdir", str(self.chdir), self.app]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=self.chdir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited:\n{self.log_path.read_text()}")
            try:
                if self.get(self.health).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name}: gunicorn did not answer on {self.health}")

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> Any:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("GET", path, headers={**request_headers(), **(headers or {})})
            response = connection.getresponse()
            response.read()
            return response
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def request_headers() -> dict[str, str]:
    """What the TLS proxy in front would pass on: the host, and that it came over HTTPS."""
    return {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "de"}


def ours(workdir: Path, database_url: str) -> Server:
    return Server(
        "ours",
        python=Path(sys.executable),
        app="config.wsgi",
        chdir=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_ACCESS_LOG": str(workdir / "ours-access.log"),
            # The PDF rows measure making a report against the PDF floor, so here it is made
            # inside the request, as the task worker makes it in production (no worker runs).
            "TASKS_BACKEND": "immediate",
        },
        workdir=workdir,
        health="/de/",
    )


def floor(workdir: Path, database_url: str, pdf_paragraphs: int) -> Server:
    return Server(
        "floor",
        python=Path(sys.executable),
        app="floor.wsgi",
        chdir=BENCH,
        env={
            "DJANGO_SETTINGS_MODULE": "floor.settings",
            # ROOT last: our gunicorn worker class (config/gunicorn_worker.py), as for ours.
            "PYTHONPATH": f"{BENCH}:{ROOT}",
            "DATABASE_URL": database_url,
            "FLOOR_PDF_PARAGRAPHS": str(pdf_paragraphs),
            "GUNICORN_ACCESS_LOG": str(workdir / "floor-access.log"),
        },
        workdir=workdir,
        health="/health/",
    )


def peer(workdir: Path, database_url: str) -> Server:
    return Server(
        "peer",
        python=PEER_VENV / "bin" / "python",
        app="peer_site.wsgi",
        chdir=BENCH / "peer",
        env={
            "DJANGO_SETTINGS_MODULE": "peer_site.settings",
            "DATABASE_URL": database_url,
            "PYTHONPATH": f"{BENCH / 'peer'}:{BENCH}:{ROOT}",
            "GUNICORN_ACCESS_LOG": str(workdir / "peer-access.log"),
        },
        workdir=workdir,
        health="/",
    )

"""The outside scanner: wapiti3 against the app as production runs it, on loopback only.

    .venv/bin/python bench/security_scan.py        (or: make scan)

Builds wapiti3 into its own venv (var/scan-venv, from the hashed bench/scan-requirements.txt, never
the app's venv), serves the app with gunicorn and its production config (config/gunicorn.conf.py)
on 127.0.0.1 over TLS with a throwaway certificate and production settings (DEBUG off, a fresh
SQLite database, collectstatic, the catalog), creates one finished and one unfinished assessment
so that token pages exist, and runs wapiti's header, cookie, method and injection modules against
it within a time limit. Prints every finding and writes wapiti's JSON report and a summary under
bench/results/.

The abuse limits (assessment/ratelimit.py, tested on their own) are raised for the scan, or
wapiti's attacks on the start form and the admin login would mostly meet 429 instead of the code
behind them; SCAN_KEEP_RATELIMITS=1 keeps them.

Environment: SCAN_SECONDS (whole scan, default 600), SCAN_ATTACK_SECONDS (per module, default 90).
"""

from __future__ import annotations

import html.parser
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCAN_VENV = ROOT / "var" / "scan-venv"
SCAN_LOCK = ROOT / "bench" / "scan-requirements.txt"
RESULTS = ROOT / "bench" / "results"
EXAMPLE_ANSWERS = ROOT / "docs" / "examples" / "answers-muster-ag.json"
MODULES = "http_headers,csp,cookieflags,methods,xss,sql,exec,file,redirect"
HOST = "127.0.0.1"
APP_PATHS = ("/de/", "/en/", "/da/")
SCAN_SETTINGS = """from config.settings.base import *  # noqa: F403

RATELIMITS = {
    name: (1_000_000, 60) for name in ("start", "token-miss", "login-account", "login-address")
}
"""


def log(message: str) -> None:
    print(f"[scan] {message}", flush=True)


def scanner_venv() -> Path:
    """wapiti in its own venv, reinstalled when its lock changes."""
    stamp = SCAN_VENV / ".installed"
    wapiti = SCAN_VENV / "bin" / "wapiti"
    if stamp.exists() and stamp.stat().st_mtime >= SCAN_LOCK.stat().st_mtime and wapiti.exists():
        return wapiti
    log(f"installing wapiti3 into {SCAN_VENV.relative_to(ROOT)}")
    if not (SCAN_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(SCAN_VENV)], check=True)
    subprocess.run(
        [str(SCAN_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        + ["--disable-pip-version-check", "--require-hashes", "-r", str(SCAN_LOCK)],
        check=True,
    )
    stamp.touch()
    return wapiti


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST}"]
        + ["-addext", f"subjectAltName=IP:{HOST}"],
        check=True,
        capture_output=True,
    )
    return cert, key


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@contextmanager
def gunicorn(env: dict[str, str], port: int, cert: Path, key: Path) -> Iterator[None]:
    # The production config (workers, threads, timeouts, masked access log), plus TLS.
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
    command += ["--bind", f"{HOST}:{port}", "--certfile", str(cert), "--keyfile", str(key)]
    command += ["--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class _FormFields(html.parser.HTMLParser):
    """The fields of the first POST form: hidden and text inputs, and each select's first choice."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = self._done = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
        elif self._in_form and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"hidden", "text", "email"}:
                self.fields[a["name"] or ""] = a.get("value") or "Scan GmbH"
            elif kind in {"checkbox", "radio"} and a["name"] not in self.fields:
                self.fields[a["name"] or ""] = a.get("value") or "on"
        elif self._in_form and tag == "select":
            self._select = a.get("name")
        elif self._select and tag == "option" and a.get("value"):
            self.fields.setdefault(self._select, a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def start_unfinished_assessment(base: str) -> str:
    """Starts an assessment through the start form, as a visitor would; returns its page URL."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )
    start = f"{base}/de/start/"
    with opener.open(start, timeout=30) as response:
        parser = _FormFields()
        parser.feed(response.read().decode("utf-8"))
    request = urllib.request.Request(
        start,
        data=urllib.parse.urlencode(parser.fields).encode(),
        headers={"Referer": start, "Origin": base},
    )
    with opener.open(request, timeout=30) as response:
        return str(response.geturl())


def _shorten(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def findings(report: dict) -> tuple[int, list[str]]:
    """Vulnerabilities and anomalies in full; wapiti's informational "additionals" counted, with
    a few examples (its method probe also tries path-like strings it found inside scripts)."""
    count, lines = 0, []
    for section, label in (("vulnerabilities", "VULNERABILITY"), ("anomalies", "ANOMALY")):
        for category, items in sorted(report.get(section, {}).items()):
            for item in items:
                count += 1
                where = _shorten(f"{item.get('method', '')} {item.get('path', '')}")
                parameter = f" [{item['parameter']}]" if item.get("parameter") else ""
                lines.append(f"{label}: {category}: {where}{parameter}")
                lines.append(f"    {_shorten(str(item.get('info')), 300)}")
    for category, items in sorted(report.get("additionals", {}).items()):
        app_first = sorted(items, key=lambda item: not item.get("path", "").startswith(APP_PATHS))
        if items:
            lines.append(f"INFO: {category}: {len(items)} notes, e.g.")
            lines += [f"    {_shorten(str(item.get('info')))}" for item in app_first[:5]]
    return count, lines


def status_counts(access_log: Path) -> dict[str, int]:
    """How often each HTTP status was answered, from gunicorn's access log."""
    counts: dict[str, int] = {}
    if access_log.exists():
        for match in re.finditer(r'" (\d{3}) ', access_log.read_text(errors="replace")):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts


def main() -> int:
    wapiti = scanner_venv()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report_path = RESULTS / f"wapiti-{stamp}.json"
    summary_path = RESULTS / f"wapiti-{stamp}.txt"
    with tempfile.TemporaryDirectory(prefix="kk-scan-") as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        base = f"https://{HOST}:{port}"
        settings_module = "config.settings.base"
        if os.environ.get("SCAN_KEEP_RATELIMITS", "") != "1":
            (tmp / "scan_settings.py").write_text(SCAN_SETTINGS)
            settings_module = "scan_settings"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp),
            "PYTHONPATH": str(tmp),
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"sqlite:///{tmp / 'scan.sqlite3'}",
            "SECURE_SSL_REDIRECT": "false",
            "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
            # Refused attacks are logged as warnings by the thousand; errors still show.
            "LOG_LEVEL": "ERROR",
        }
        log("migrate, collectstatic, load_catalog (production settings, throwaway database)")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "load_catalog")
        finished = manage(env, "import_assessment", str(EXAMPLE_ANSWERS), "--base-url", base)
        finished_url = finished.strip().splitlines()[-1]
        cert, key = self_signed_certificate(tmp)
        with gunicorn(env, port, cert, key):
            unfinished_url = start_unfinished_assessment(base)
            starts = [
                f"{base}/de/",
                f"{base}/en/",
                f"{base}/de/admin/login/",
                finished_url,
                finished_url.rstrip("/") + "/results/",
                finished_url.rstrip("/") + "/results.json",
                finished_url.rstrip("/") + "/answers.csv",
                unfinished_url,
                unfinished_url.rstrip("/") + "/review/",
            ]
            scan_seconds = os.environ.get("SCAN_SECONDS", "600")
            log(f"wapiti {MODULES} against {base} (at most {scan_seconds} s)")
            command = [str(wapiti), "-u", f"{base}/", "--scope", "domain", "-m", MODULES]
            for url in starts:
                command += ["-s", url]
            command += ["-x", f"{base}/*/report.pdf", "-x", f"{base}/*/report.docx"]
            command += ["--max-scan-time", scan_seconds]
            command += ["--max-attack-time", os.environ.get("SCAN_ATTACK_SECONDS", "90")]
            command += ["-d", "6", "--max-links-per-page", "60", "--tasks", "4", "-t", "30"]
            command += ["--flush-session", "--no-bugreport", "--verify-ssl", "0", "-v", "1"]
            command += ["--store-session", str(tmp / "session")]
            command += ["--store-config", str(tmp / "config")]
            command += ["-f", "json", "-o", str(report_path)]
            started = time.monotonic()
            result = subprocess.run(command, env={**os.environ, "HOME": str(tmp)}, check=False)
            elapsed = time.monotonic() - started
        statuses = status_counts(tmp / "access.log")
    if result.returncode != 0 or not report_path.exists():
        log(f"wapiti failed (exit {result.returncode})")
        return 1
    report = json.loads(report_path.read_text())
    count, lines = findings(report)
    crawled = report.get("infos", {}).get("crawled_pages_nbr", "?")
    header = [
        f"wapiti {report.get('infos', {}).get('version', '')} modules {MODULES}",
        f"{crawled} pages crawled in {elapsed:.0f} s; {count} vulnerabilities and anomalies",
        "responses by status: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())),
    ]
    server_errors = sum(n for code, n in statuses.items() if code.startswith("5"))
    if server_errors:
        header.append(f"SERVER ERRORS: {server_errors} responses were 5xx (see gunicorn's output)")
    summary_path.write_text("\n".join(header + lines) + "\n")
    print("\n".join(header + lines))
    log(f"report: {report_path.relative_to(ROOT)}, summary: {summary_path.relative_to(ROOT)}")
    # A 5xx under attack is a bug whatever wapiti concludes; wapiti's findings need reading.
    return 1 if server_errors else 0


if __name__ == "__main__":
    sys.exit(main())

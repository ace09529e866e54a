"""Django in a subprocess, for tests whose database must be a file the test's own can't be (real
concurrent writers on SQLite, the production settings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_django(script: str, env: dict[str, str], *, commands: list[list[str]]) -> str:
    """``manage.py`` with each of ``commands``, then ``script`` (it calls django.setup()), all
    in ``env``; returns the script's output."""
    for command in commands:
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout

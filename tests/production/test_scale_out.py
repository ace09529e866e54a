"""Scale-out in small: two gunicorn instances on one PostgreSQL database and one Redis.

`make bench-scale` (bench/scale.py) runs the proof with 200 participants; this runs the same
code with 20, so that every `make test` on a machine with PostgreSQL and Redis exercises it:
participants answer through server A while the facilitator watches on server B, nothing is lost,
every answer is on B's board within 2 s, a session made on A works on B, and the join-code rate
limit counted on A refuses on B. Skipped, with the reason, where PostgreSQL or Redis is missing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from pathlib import Path

import pytest

from .server import ROOT

# Its own database and servers, none of the suite's: CI runs it once.
pytestmark = pytest.mark.dbless

_spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "scale.py")
assert _spec is not None and _spec.loader is not None
scale = importlib.util.module_from_spec(_spec)
sys.modules["bench_scale"] = scale
_spec.loader.exec_module(scale)

# Redis database 8: not the 7 that `make bench-scale` empties, nor the 0 of an installation.
REDIS_URL = "redis://127.0.0.1:6379/8"


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else scale.DEFAULT_DATABASE_URL


def test_two_servers_share_answers_sessions_and_rate_limits(request):
    base_url = _postgres_url()
    for problem in (scale.postgres_reachable(base_url), scale.redis_reachable(REDIS_URL)):
        if problem:
            pytest.skip(f"needs PostgreSQL and Redis on this machine: {problem}")
    # Only now: a skipped test need not wait for collectstatic.
    production_server = request.getfixturevalue("production_server")
    result = scale.run(
        participants=20,
        answers=3,
        pdf_runs=0,
        base_url=base_url,
        redis_url=REDIS_URL,
        database=f"kk_scale_{uuid.uuid4().hex[:10]}",
        # Collected already by the production tests' server: no second minute of compression.
        static_root=Path(production_server.env["STATIC_ROOT"]),
    )
    scale.print_table(result)
    assert result["answers"]["acknowledged"] == 60, result["answers"]
    assert result["answers"]["stored"] == 60
    assert result["answers"]["lost"] == 0
    assert result["board"]["unseen"] == 0
    assert result["board"]["delay_max_ms"] <= 2000, result["board"]
    assert result["session"]["ok"], result["session"]
    assert result["rate_limit"]["ok"], result["rate_limit"]
    assert result["ok"], result["checks"]

from __future__ import annotations

from pathlib import Path

import pytest

from .server import ProductionServer


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """The README's collectstatic, once for every server the production tests start."""
    server = ProductionServer(tmp_path_factory.mktemp("static"), use_postgres=False)
    server.manage("collectstatic", "--noinput", "-v0")
    return Path(server.env["STATIC_ROOT"])


@pytest.fixture(scope="session")
def production_server(tmp_path_factory, static_root):
    """collectstatic, migrate, load_catalog, gunicorn: once for all production tests."""
    server = ProductionServer(tmp_path_factory.mktemp("production"))
    try:
        server.prepare(static_root=static_root)
        server.start()
        yield server
    finally:
        server.cleanup()

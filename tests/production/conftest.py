from __future__ import annotations

import pytest

from .server import ProductionServer


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """collectstatic, migrate, load_catalog, gunicorn: once for all production tests."""
    server = ProductionServer(tmp_path_factory.mktemp("production"))
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.cleanup()

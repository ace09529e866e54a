from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `bench` run load tools for minutes: only when asked for (-m bench)."""
    if "bench" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="a load test: run it with `pytest -m bench tests/bench`")
    for item in items:
        if item.get_closest_marker("bench"):
            item.add_marker(skip)

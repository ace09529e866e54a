"""The hashed locks agree with pyproject.toml (run `make lock` after changing a pin)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.dbless

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[_name(match.group(1))] = match.group(2)
    return found


def lock(name: str) -> tuple[dict[str, str], str]:
    text = (ROOT / "requirements" / name).read_text()
    return pins(text.splitlines()), text


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_runtime_lock_has_every_runtime_pin_of_pyproject():
    locked, _ = lock("base.txt")
    wanted = pins(PROJECT["dependencies"])
    assert wanted, "pyproject pins its dependencies exactly"
    assert {name: locked.get(name) for name in wanted} == wanted


def test_dev_lock_has_every_pin_and_the_runtime_lock_unchanged():
    runtime, _ = lock("base.txt")
    dev, _ = lock("dev.txt")
    wanted = pins(PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"])
    assert {name: dev.get(name) for name in wanted} == wanted
    # `make run` and `make test` must run the same versions of everything they share.
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_locked_package_carries_hashes():
    for name in ("base.txt", "dev.txt", "tools.txt"):
        locked, text = lock(name)
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
        pinned = [block for block in blocks if PIN.match(block)]
        assert len(pinned) == len(locked) > 0, name
        assert all("--hash=sha256:" in block for block in pinned), name


def test_nothing_unpinned_remains_in_pyproject():
    for requirement in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]:
        assert PIN.match(requirement), requirement

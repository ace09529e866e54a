"""The chart renderer heals: a hang, a crash or a missing browser never outlives one chart."""

from __future__ import annotations

import os
import sys
import threading
import time

import plotly.graph_objects as go
import pytest

from reports import chart_images
from reports.chart_images import ChartRenderer, ChartUnavailable
from reports.chart_renderer import descendants

pytestmark = [
    pytest.mark.dbless,
    pytest.mark.skipif(not chart_images.chromium_available(), reason="needs Debian's chromium"),
]


def figure(value: float = 3) -> go.Figure:
    return go.Figure(go.Scatterpolar(r=[1, value, 2], theta=["a", "b", "c"]))


def svg(renderer: ChartRenderer, value: float = 3) -> bytes:
    return renderer.image(figure(value), "svg", 300, 300, 1)


@pytest.fixture
def fast_limits(monkeypatch, settings):
    monkeypatch.setattr(chart_images, "RENDER_TIMEOUT", 2.0)
    settings.CHART_STARTUP_TIMEOUT = 20.0


def misbehaving(mode: str, tmp_path):
    marker = tmp_path / f"{mode}.done"

    def command(browser: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "tests.reports.fake_chart_renderer",
            mode,
            str(marker),
            browser,
        ]

    return command


@pytest.fixture(scope="module")
def warm_renderer():
    """One renderer for the tests that leave it working: a cold start costs seconds."""
    renderer = ChartRenderer()
    yield renderer
    renderer.stop()


@pytest.fixture
def warm(warm_renderer):
    warm_renderer.reset()  # no image from another test's cache
    return warm_renderer


@pytest.fixture
def renderers():
    made: list[ChartRenderer] = []
    yield made
    for renderer in made:
        renderer.stop()


@pytest.mark.parametrize("mode", ["hang", "crash", "no-start"])
def test_the_chart_after_a_failure_is_drawn(mode, tmp_path, fast_limits, renderers):
    renderer = ChartRenderer(misbehaving(mode, tmp_path))
    renderers.append(renderer)
    started = time.monotonic()
    with pytest.raises(ChartUnavailable):
        svg(renderer)
    assert time.monotonic() - started < 10, "a hang is cut off by the time limit"
    assert svg(renderer, 4).startswith(b"<svg")
    assert svg(renderer, 2).startswith(b"<svg")


def test_a_browser_that_never_starts_is_given_up_after_the_configured_time(
    tmp_path, settings, renderers
):
    settings.CHART_STARTUP_TIMEOUT = 1.0
    renderer = ChartRenderer(misbehaving("silent", tmp_path))
    renderers.append(renderer)
    started = time.monotonic()
    with pytest.raises(ChartUnavailable):
        svg(renderer)
    waited = time.monotonic() - started
    assert 0.9 <= waited < 5, f"gave up after {waited:.1f} s instead of 1 s"


def test_a_killed_browser_is_replaced(fast_limits, renderers):
    renderer = ChartRenderer()
    renderers.append(renderer)
    assert svg(renderer).startswith(b"<svg")
    first_pid = renderer.pid
    for pid in descendants(first_pid):  # the browser, not the renderer
        os.kill(pid, 9)
    outcomes = []
    for value in (4, 5):
        try:
            outcomes.append(svg(renderer, value).startswith(b"<svg"))
        except ChartUnavailable:
            outcomes.append(False)
    assert outcomes[-1], "at the latest the chart after the failed one is drawn"
    assert renderer.pid != first_pid or outcomes == [True, True]


def test_a_dead_renderer_is_restarted_without_a_failed_chart(warm):
    renderer = warm
    svg(renderer)
    first_pid = renderer.pid
    os.kill(first_pid, 9)
    time.sleep(0.2)
    assert svg(renderer, 4).startswith(b"<svg")
    assert renderer.pid != first_pid


def test_a_missing_browser_is_reported_and_a_found_one_works(monkeypatch, warm, settings):
    renderer = warm
    settings.CHROMIUM_PATH = "/nowhere/chromium"
    with pytest.raises(ChartUnavailable, match="not found"):
        svg(renderer)
    settings.CHROMIUM_PATH = ""
    assert svg(renderer).startswith(b"<svg")


def test_repeated_failures_back_off(tmp_path, monkeypatch, renderers):
    calls = []

    def broken(browser: str) -> list[str]:
        calls.append(browser)
        return [sys.executable, "-c", "pass"]  # exits at once: never ready

    renderer = ChartRenderer(broken)
    renderers.append(renderer)
    for _ in range(2):
        with pytest.raises(ChartUnavailable, match="stopped"):
            svg(renderer)
    with pytest.raises(ChartUnavailable, match="next try in"):
        svg(renderer)
    assert len(calls) == 2, "no new browser during the back-off"


def test_waiting_for_a_busy_renderer_is_bounded(monkeypatch, warm):
    monkeypatch.setattr(chart_images, "LOCK_TIMEOUT", 0.2)
    renderer = warm
    renderer._lock.acquire()
    try:
        with pytest.raises(ChartUnavailable, match="busy"):
            svg(renderer)
    finally:
        renderer._lock.release()


def test_a_bug_is_not_reported_as_a_missing_browser(warm):
    renderer = warm
    with pytest.raises(AttributeError):
        renderer.image(object(), "svg", 300, 300, 1)  # type: ignore[arg-type]


def test_stopping_leaves_no_browser_behind(renderers):
    renderer = ChartRenderer()
    svg(renderer)
    pid = renderer.pid
    tree = [pid, *descendants(pid)]
    assert len(tree) > 2, "the renderer runs a browser"
    renderer.stop()
    time.sleep(0.3)
    alive = [p for p in tree if os.path.exists(f"/proc/{p}") and "Z" not in _state(p)]
    assert alive == []


def test_a_renderer_whose_parent_dies_takes_its_browser_along(tmp_path):
    # A web worker killed with SIGKILL: the renderer gets SIGTERM from the kernel and cleans up.
    script = tmp_path / "worker.py"
    script.write_text(
        "import django, os, sys\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "django.setup()\n"
        "import plotly.graph_objects as go\n"
        "from reports.chart_images import _renderer, chart_svg\n"
        "chart_svg(go.Figure(go.Scatterpolar(r=[1, 2], theta=['a', 'b'])))\n"
        "print(_renderer.pid, flush=True)\n"
        "import time; time.sleep(60)\n"
    )
    import subprocess

    worker = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=chart_images.Path(chart_images.__file__).resolve().parents[1],
        env={**os.environ, "PYTHONPATH": "."},
        stdout=subprocess.PIPE,
        text=True,
    )
    renderer_pid = int(worker.stdout.readline())
    tree = [renderer_pid, *descendants(renderer_pid)]
    assert len(tree) > 2
    worker.kill()
    worker.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = [p for p in tree if os.path.exists(f"/proc/{p}") and "Z" not in _state(p)]
        if not alive:
            break
        time.sleep(0.2)
    assert alive == []


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_concurrent_charts_each_get_their_own_image(warm):
    renderer = warm
    results: dict[int, bytes] = {}

    def draw(value: int) -> None:
        results[value] = svg(renderer, value)

    threads = [threading.Thread(target=draw, args=(value,)) for value in (2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results.values())) == 3

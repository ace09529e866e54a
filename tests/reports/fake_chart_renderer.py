"""A chart renderer that misbehaves once, then works: `python -m tests.reports.fake_chart_renderer
MODE MARKER BROWSER`. The marker file remembers across restarts that the failure happened."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from reports import chart_renderer


def main() -> None:
    mode, marker, browser = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if marker.exists():
        chart_renderer.serve(browser, sys.stdin, sys.stdout)
        return
    marker.write_text(mode)
    if mode == "no-start":
        return  # exits without a word, as a browser that cannot start
    if mode == "silent":
        time.sleep(3600)  # never says it is ready, as a browser that hangs while starting
    print(json.dumps({"ready": True}), flush=True)
    sys.stdin.readline()  # the first chart request
    if mode == "hang":
        time.sleep(3600)
    elif mode == "crash":
        os._exit(1)


if __name__ == "__main__":
    main()

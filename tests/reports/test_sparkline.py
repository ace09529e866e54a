"""The client page's trend line: pure geometry on a fixed 0–100 scale."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.sparkline import sparkline

pytestmark = pytest.mark.dbless


def test_no_scores_no_line():
    assert sparkline([]) is None


@pytest.mark.parametrize(
    ("scores", "points"),
    [
        ([50], ((80, 28),)),
        ([0, 100], ((5, 51), (155, 5))),
        ([100, 50, 0], ((5, 5), (80, 28), (155, 51))),
    ],
)
def test_points(scores, points):
    line = sparkline(scores, width=160, height=56, pad=5)
    assert line is not None
    assert line.points == points
    assert line.last == points[-1]


def test_the_polyline_is_plain_svg_numbers():
    line = sparkline([25, 62.5], width=100, height=40, pad=0)
    assert line is not None
    assert line.polyline == "0,30 100,15"


@pytest.mark.parametrize("bad", [-1, 100.5, math.nan])
def test_scores_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        sparkline([50, bad])


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=30))
def test_points_stay_inside_and_run_left_to_right(scores):
    line = sparkline(scores, width=160, height=56, pad=5)
    assert line is not None
    xs = [x for x, _y in line.points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert all(5 <= x <= 155 and 5 <= y <= 51 for x, y in line.points)
    # A higher score is drawn higher (a smaller y).
    drawn = list(zip(scores, (y for _x, y in line.points), strict=True))
    for (s1, y1), (s2, y2) in zip(drawn, drawn[1:], strict=False):
        if s1 < s2:
            assert y1 >= y2

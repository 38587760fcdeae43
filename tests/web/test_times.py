"""Times as the pages show them."""

import pytest

from aucote.web.times import ago, day, duration, iso, span, stamp


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.4, "0 s"),
        (1, "1 s"),
        (59.9, "59 s"),
        (60, "1 min"),
        (3599, "59 min"),
        (10800, "3 h"),
        (2 * 86400, "2 d"),
    ],
)
def test_span(seconds: float, text: str) -> None:
    assert span(seconds) == text


def test_ago_and_in() -> None:
    assert ago(1000.0, 1000.0 + 3 * 3600 + 5) == "3 h ago"
    assert ago(1000.0 + 300, 1000.0) == "in 5 min"
    assert ago(None, 1000.0) == "—"


def test_duration() -> None:
    assert duration(10.0, 11.25) == "1.25 s"
    assert duration(10.0, 10.0 + 1026.18) == "17 min"
    assert duration(10.0, None) == duration(None, 10.0) == "—"
    assert duration(10.0, 9.0) == "0.00 s"


def test_stamps() -> None:
    assert stamp(1508504400.6845937) == "2017-10-20 13:00 UTC"
    assert iso(1508504400.6845937) == "2017-10-20T13:00:00+00:00"
    assert (stamp(None), iso(None)) == ("—", "")


def test_days() -> None:
    assert day(1508504400.6845937) == "2017-10-20"
    assert day(1508544000.0 - 0.001) == "2017-10-20"  # a moment before midnight UTC
    assert day(1508544000.0) == "2017-10-21"

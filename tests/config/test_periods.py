import pytest
from hypothesis import given
from hypothesis import strategies as st

from aucote.config.periods import format_period, parse_period


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2h", 7200),
        ("1d2h3m4s", 93784),
        ("30s", 30),
        ("5m", 300),
        ("7d", 604800),
        ("1d4s", 86404),
        ("0s", 0),
        ("90", 90),
        ("1.5", 1.5),
        (" 2H ", 7200),
        (90, 90),
        (2.5, 2.5),
    ],
)
def test_parse_period_accepts_the_original_forms(text: str | int | float, seconds: float) -> None:
    assert parse_period(text) == seconds


@pytest.mark.parametrize("text", ["", "h", "2x", "2h1d", "1h1h", "-5", "2 h", "1.5h", "abc", -1, True])
def test_parse_period_refuses_anything_else(text: str | int | float) -> None:
    with pytest.raises(ValueError, match="expected a period such as '2h'"):
        parse_period(text)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0s"), (93784, "1d2h3m4s"), (7200, "2h"), (86400 * 7, "7d"), (1.5, "1.5")]
)
def test_format_period_writes_the_compact_form(seconds: float, text: str) -> None:
    assert format_period(seconds) == text


@given(st.integers(min_value=0, max_value=10**9))
def test_format_period_round_trips(seconds: int) -> None:
    assert parse_period(format_period(seconds)) == seconds

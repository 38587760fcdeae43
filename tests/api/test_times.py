"""Times: stored numbers (integral ones as integers) and ISO 8601 UTC strings."""

from aucote.api.times import human, maybe_human, maybe_number, number


def test_fractional_times_keep_full_precision() -> None:
    assert number(1508504400.6845937) == 1508504400.6845937
    assert human(1508504400.6845937) == "2017-10-20T13:00:00.684594+00:00"


def test_integral_times_are_integers() -> None:
    value = number(1508505422.0)
    assert (value, type(value)) == (1508505422, int)
    assert number(7) == 7
    assert human(1508505422.0) == "2017-10-20T13:17:02+00:00"


def test_unknown_times_are_null() -> None:
    assert (maybe_number(None), maybe_human(None)) == (None, None)
    assert (maybe_number(0.5), maybe_human(0.5)) == (0.5, "1970-01-01T00:00:00.500000+00:00")

"""Times as Aucote shows them (API bodies, exports): the stored number (integral values as
integers, as the seed's `"scan_end": 1508505422`) and an ISO 8601 UTC string (microseconds only
when non-zero)."""

from datetime import UTC, datetime


def number(value: float) -> int | float:
    """The stored time, an integer when it has no fraction."""
    if isinstance(value, int) or not value.is_integer():
        return value
    return int(value)


def human(value: float) -> str:
    """`1508504400.6845937` → `"2017-10-20T13:00:00.684594+00:00"`."""
    return datetime.fromtimestamp(value, UTC).isoformat()


def maybe_number(value: float | None) -> int | float | None:
    """`number`, or None for an unknown time."""
    return None if value is None else number(value)


def maybe_human(value: float | None) -> str | None:
    """`human`, or None for an unknown time."""
    return None if value is None else human(value)

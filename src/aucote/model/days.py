"""Calendar days in UTC, the unit of the dashboard's trend (stored times are epoch seconds)."""

from datetime import UTC, date, datetime, time, timedelta

DAY = timedelta(days=1)


def utc_day(moment: float) -> date:
    """The UTC calendar day of an epoch time."""
    return datetime.fromtimestamp(moment, UTC).date()


def day_bounds(day: date) -> tuple[float, float]:
    """The epoch seconds at which `day` starts (inclusive) and ends (exclusive), in UTC."""
    start = datetime.combine(day, time(), UTC)
    return start.timestamp(), (start + DAY).timestamp()


def days_ending(last: date, count: int) -> list[date]:
    """The `count` days up to and including `last`, oldest first."""
    return [last - DAY * offset for offset in range(count - 1, -1, -1)]

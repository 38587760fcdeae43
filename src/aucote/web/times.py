"""Times and durations as the pages show them: UTC stamps, ages ("3 h ago"), durations ("1.2 s")."""

from datetime import UTC, datetime

UNITS = ((86400, "d"), (3600, "h"), (60, "min"), (1, "s"))


def stamp(value: float | None) -> str:
    """`1508504400.68` → `2017-10-20 13:00 UTC`; an unknown time → `—`."""
    if value is None:
        return "—"
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(value: float | None) -> str:
    """The machine-readable time for a `<time datetime>` attribute ("" when unknown)."""
    return "" if value is None else datetime.fromtimestamp(value, UTC).isoformat(timespec="seconds")


def day(value: float) -> str:
    """The UTC day of a time, as a date field takes it: `1508504400.68` → `2017-10-20`."""
    return datetime.fromtimestamp(value, UTC).date().isoformat()


def span(seconds: float) -> str:
    """A length of time in its largest unit: `10800` → `3 h`, `90` → `1 min`, `0.4` → `0 s`."""
    for size, unit in UNITS:
        if seconds >= size:
            return f"{int(seconds // size)} {unit}"
    return "0 s"


def ago(value: float | None, now: float) -> str:
    """`3 h ago`, `in 5 min`, or `—` for an unknown time."""
    if value is None:
        return "—"
    if value > now:
        return f"in {span(value - now)}"
    return f"{span(now - value)} ago"


def duration(start: float | None, end: float | None) -> str:
    """How long something ran: `1.25 s`, `2 min`; `—` unless both ends are known."""
    if start is None or end is None:
        return "—"
    seconds = max(0.0, end - start)
    return f"{seconds:.2f} s" if seconds < 60 else span(seconds)

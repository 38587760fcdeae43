"""Cron expressions of periodic scans (UTC, five fields or an @-macro such as @daily)."""

from datetime import UTC, datetime

from croniter import CroniterBadDateError, CroniterError, croniter

_MACROS = frozenset({"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"})


def validate_cron(expression: str) -> str:
    """The expression, stripped; raises ValueError when croniter rejects it or it can never match."""
    expression = " ".join(expression.split())
    if expression not in _MACROS and len(expression.split(" ")) != 5:
        raise ValueError(
            f"invalid cron expression {expression!r} (expected 5 fields: minute hour day month weekday)"
        )
    try:
        croniter(expression, 0).get_next(float)
    except CroniterBadDateError:
        raise ValueError(f"invalid cron expression {expression!r} (it never matches a date)") from None
    except (CroniterError, ValueError) as error:
        raise ValueError(f"invalid cron expression {expression!r} ({error})") from None
    return expression


def next_cron_time(cron: str, after: float) -> float:
    """The first time strictly after `after` that matches `cron` (UTC)."""
    start = datetime.fromtimestamp(after, UTC)
    return float(croniter(cron, start).get_next(float))

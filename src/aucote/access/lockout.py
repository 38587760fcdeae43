"""Slowing down and locking out failed logins, per name tried and per client address
(docs/access.md).

The counters are the audit log's `login_failed` rows (time, name tried, address): they survive a
restart and cost no table of their own. A name (known or not: a locked unknown name looks like a
locked user) is locked for `lockout` seconds once it failed `user_failures` times within `window`
seconds since its last successful login; an address likewise after `address_failures` failures,
whatever the names (a login from the address does not clear them). Attempts refused by a lock are
audited but not counted, so a lock ends `lockout` seconds after the failure that caused it. Each
failure is answered after a delay that doubles with the recent failures of the name or address.
"""

from dataclasses import dataclass

from sqlalchemy import Connection

from aucote.storage.queries.login_failures import failure_times, last_login_time

DELAY_COUNT = 32
"""More recent failures than this do not make the delay longer (it is capped long before)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginLimits:
    """When failed logins lock a name or an address, and how failures are slowed (seconds)."""

    user_failures: int = 5
    address_failures: int = 20
    window: float = 900.0
    lockout: float = 900.0
    delay: float = 0.5
    max_delay: float = 8.0


def locked_until(
    connection: Connection, *, name: str, address: str | None, now: float, limits: LoginLimits
) -> float | None:
    """When the lock on the name or on the address ends, or None when neither is locked now."""
    span = limits.window + limits.lockout
    by_name = _name_failures(connection, name, now - span, limits.user_failures)
    ends = [_lock_end(by_name, limits.user_failures, limits.window, limits.lockout)]
    if address is not None:
        by_address = failure_times(
            connection, since=now - span, limit=limits.address_failures, address=address
        )
        ends.append(_lock_end(by_address, limits.address_failures, limits.window, limits.lockout))
    locked = [end for end in ends if end is not None and now < end]
    return max(locked) if locked else None


def failure_delay(
    connection: Connection, *, name: str, address: str | None, now: float, limits: LoginLimits
) -> float:
    """How long to hold the answer to a failure just recorded: `delay`, doubled for each further
    recent failure of the name or the address, at most `max_delay`."""
    since = now - limits.window
    count = len(_name_failures(connection, name, since, DELAY_COUNT))
    if address is not None:
        count = max(count, len(failure_times(connection, since=since, limit=DELAY_COUNT, address=address)))
    return delay_after(count, limits)


def delay_after(failures: int, limits: LoginLimits) -> float:
    """The delay after `failures` recent failures (0 for none)."""
    if failures <= 0 or limits.delay <= 0:
        return 0.0
    return float(min(limits.delay * 2 ** min(failures - 1, DELAY_COUNT), limits.max_delay))


def _name_failures(connection: Connection, name: str, since: float, limit: int) -> list[float]:
    """The latest failures of the name after `since` and after its last successful login."""
    last_login = last_login_time(connection, name, since)
    start = since if last_login is None else max(since, last_login)
    return failure_times(connection, since=start, limit=limit, target=name)


def _lock_end(newest_first: list[float], limit: int, window: float, lockout: float) -> float | None:
    """When the lock caused by the latest `limit` failures ends, None when they caused none (fewer
    than `limit`, or spread over more than `window`)."""
    if not newest_first or len(newest_first) < limit or newest_first[0] - newest_first[-1] > window:
        return None
    return newest_first[0] + lockout

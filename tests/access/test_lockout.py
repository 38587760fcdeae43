"""The lock-out on both backends, counted from the audit log: a name (known or not) locked after its
failures within the window, an address after its own, for `lockout` seconds after the failure that
caused it; refusals by the lock not counted; a login clearing the name's count (not the address's);
the growing delay."""

import pytest
from sqlalchemy import Engine

from aucote.access.audit import Actor, record
from aucote.access.lockout import LoginLimits, delay_after, failure_delay, locked_until
from aucote.model.access import AuditAction, LoginRefusal

LIMITS = LoginLimits(
    user_failures=3, address_failures=5, window=100.0, lockout=50.0, delay=0.5, max_delay=4.0
)
HERE, THERE = "192.0.2.1", "192.0.2.2"


def fail(engine: Engine, name: str, address: str | None, now: float, why: LoginRefusal) -> None:
    with engine.begin() as connection:
        record(
            connection, Actor(name="anonymous", address=address), AuditAction.LOGIN_FAILED, name, why, now=now
        )


def login(engine: Engine, name: str, address: str, now: float) -> None:
    with engine.begin() as connection:
        record(connection, Actor(name=name, address=address), AuditAction.LOGIN, name, now=now)


def lock(engine: Engine, name: str, address: str | None, now: float) -> float | None:
    with engine.connect() as connection:
        return locked_until(connection, name=name, address=address, now=now, limits=LIMITS)


def delay(engine: Engine, name: str, address: str | None, now: float) -> float:
    with engine.connect() as connection:
        return failure_delay(connection, name=name, address=address, now=now, limits=LIMITS)


@pytest.mark.parametrize(
    "why", [LoginRefusal.WRONG_PASSWORD, LoginRefusal.UNKNOWN_USER, LoginRefusal.DISABLED]
)
def test_a_name_is_locked_after_its_failures_for_the_lockout(engine: Engine, why: LoginRefusal) -> None:
    for now in (10.0, 20.0):
        fail(engine, "alice", HERE, now, why)
    assert lock(engine, "alice", HERE, 21.0) is None
    fail(engine, "alice", HERE, 30.0, why)
    assert lock(engine, "alice", HERE, 30.0) == 80.0
    assert lock(engine, "alice", THERE, 79.9) == 80.0  # from any address
    assert lock(engine, "alice", None, 79.9) == 80.0
    assert lock(engine, "bob", HERE, 31.0) is None  # other names are not concerned
    assert lock(engine, "alice", HERE, 80.0) is None


def test_attempts_refused_by_the_lock_do_not_extend_it(engine: Engine) -> None:
    for now in (10.0, 20.0, 30.0):
        fail(engine, "alice", HERE, now, LoginRefusal.WRONG_PASSWORD)
    for now in (40.0, 60.0, 79.0):
        fail(engine, "alice", HERE, now, LoginRefusal.LOCKED_OUT)
    assert lock(engine, "alice", HERE, 79.5) == 80.0
    assert lock(engine, "alice", HERE, 80.0) is None


def test_failures_spread_over_more_than_the_window_do_not_lock(engine: Engine) -> None:
    for now in (10.0, 60.0, 110.5):
        fail(engine, "alice", HERE, now, LoginRefusal.WRONG_PASSWORD)
    assert lock(engine, "alice", HERE, 111.0) is None
    fail(engine, "alice", HERE, 120.0, LoginRefusal.WRONG_PASSWORD)  # 60, 110.5, 120 within 100 s
    assert lock(engine, "alice", HERE, 121.0) == 170.0


def test_a_login_clears_the_names_failures(engine: Engine) -> None:
    for now in (10.0, 20.0):
        fail(engine, "alice", HERE, now, LoginRefusal.WRONG_PASSWORD)
    login(engine, "alice", HERE, 25.0)
    fail(engine, "alice", HERE, 30.0, LoginRefusal.WRONG_PASSWORD)
    assert lock(engine, "alice", HERE, 31.0) is None
    assert delay(engine, "alice", THERE, 31.0) == 0.5  # one failure since the login


def test_an_address_is_locked_after_its_failures_whatever_the_names(engine: Engine) -> None:
    for index in range(4):
        fail(engine, f"user{index}", HERE, 10.0 + index, LoginRefusal.UNKNOWN_USER)
    login(engine, "alice", HERE, 15.0)  # a login from the address does not clear its count
    assert lock(engine, "alice", HERE, 16.0) is None
    fail(engine, "alice", HERE, 17.0, LoginRefusal.WRONG_PASSWORD)
    assert lock(engine, "alice", HERE, 18.0) == 67.0
    assert lock(engine, "carol", HERE, 18.0) == 67.0
    assert lock(engine, "alice", THERE, 18.0) is None
    assert lock(engine, "alice", None, 18.0) is None


def test_the_delay_doubles_with_the_recent_failures_up_to_the_cap(engine: Engine) -> None:
    assert delay(engine, "alice", HERE, 1.0) == 0.0
    seen = []
    for index in range(6):
        fail(engine, "alice", THERE if index % 2 else HERE, 10.0 + index, LoginRefusal.WRONG_PASSWORD)
        seen.append(delay(engine, "alice", HERE, 10.0 + index))
    assert seen == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert delay(engine, "alice", HERE, 114.5) == 0.5  # the others are older than the window


def test_the_delay_follows_the_address_when_it_failed_more(engine: Engine) -> None:
    for index in range(3):
        fail(engine, f"user{index}", HERE, 10.0 + index, LoginRefusal.UNKNOWN_USER)
    assert delay(engine, "bob", HERE, 13.0) == 2.0
    assert delay(engine, "bob", THERE, 13.0) == 0.0


def test_delays_by_count() -> None:
    assert [delay_after(count, LIMITS) for count in range(5)] == [0.0, 0.5, 1.0, 2.0, 4.0]
    assert delay_after(10_000, LIMITS) == 4.0
    assert delay_after(3, LoginLimits(delay=0.0)) == 0.0

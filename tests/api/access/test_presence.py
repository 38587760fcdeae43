"""Whether a user exists is asked of the database at most once per TTL, and a user added meanwhile
(by another process, as the CLI does) counts once the TTL has passed."""

from sqlalchemy import Engine, event

from aucote.api.access.presence import UserPresence
from aucote.model.access import Role
from tests.api.access_support import add_user


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_cached_for_the_ttl_then_asked_again(engine: Engine) -> None:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    clock = Clock()
    presence = UserPresence(engine, ttl=1.0, monotonic=clock)
    assert [presence.exists() for _ in range(50)] == [False] * 50
    assert len(statements) == 1
    add_user(engine, "alice", Role.VIEWER)
    clock.now += 0.9
    assert presence.exists() is False  # still the cached answer
    clock.now += 0.1
    statements.clear()
    assert presence.exists() is True
    assert len(statements) == 1
    assert [presence.exists() for _ in range(50)] == [True] * 50
    assert len(statements) == 1

"""Users, tokens and sessions in storage: what is read back is what was written."""

from sqlalchemy import Engine

from aucote.model.access import ApiToken, Role, Session, User
from aucote.storage.repository import sessions, tokens, users


def test_users_round_trip_and_update(engine: Engine) -> None:
    with engine.begin() as connection:
        alice = users.add_user(connection, name="alice", role=Role.ADMIN, password_hash="h1", now=1.0)
        bob = users.add_user(connection, name="bob", role=Role.VIEWER, password_hash="h2", now=2.0)
        users.set_role(connection, bob, Role.OPERATOR, 3.0)
        users.set_disabled(connection, bob, True, 3.0)
        users.set_password_hash(connection, alice, "h3", 4.0)
    with engine.connect() as connection:
        listed = users.list_users(connection)
        stored = users.stored_user(connection, "alice")
        assert users.stored_user(connection, "carol") is None
        assert users.user_by_id(connection, bob) == listed[1]
    assert listed == [
        User(id=alice, name="alice", role=Role.ADMIN, disabled=False, created=1.0),
        User(id=bob, name="bob", role=Role.OPERATOR, disabled=True, created=2.0),
    ]
    assert stored is not None and stored.password_hash == "h3"


def test_tokens_with_their_owner(engine: Engine) -> None:
    with engine.begin() as connection:
        alice = users.add_user(connection, name="alice", role=Role.ADMIN, password_hash="h", now=1.0)
        bob = users.add_user(connection, name="bob", role=Role.VIEWER, password_hash="h", now=1.0)
        ci = tokens.add_token(connection, user_id=alice, name="ci", token_hash="a" * 64, now=2.0, expires=9.0)
        other = tokens.add_token(
            connection, user_id=bob, name="ci", token_hash="b" * 64, now=3.0, expires=None
        )
        assert tokens.mark_used(connection, ci, 5.0, older_than=4.0)
        assert not tokens.mark_used(connection, ci, 6.0, older_than=4.9)  # used at 5.0: newer
        tokens.revoke_token(connection, other, 7.0)
        tokens.revoke_token(connection, other, 8.0)  # revoking again keeps the first time
    with engine.connect() as connection:
        owner = tokens.token_owner(connection, "a" * 64)
        assert tokens.token_owner(connection, "c" * 64) is None
        assert tokens.active_token(connection, bob, "ci") is None
        everyone = tokens.list_tokens(connection)
        bobs = tokens.list_tokens(connection, bob)
    assert owner is not None
    assert owner.token == ApiToken(
        id=ci, user_id=alice, name="ci", created=2.0, expires=9.0, last_used=5.0, revoked=None
    )
    assert owner.user.name == "alice" and owner.user.role is Role.ADMIN
    assert [(entry.user.name, entry.token.revoked) for entry in everyone] == [("alice", None), ("bob", 7.0)]
    assert [entry.token.id for entry in bobs] == [other]


def test_sessions_touch_and_end(engine: Engine) -> None:
    with engine.begin() as connection:
        alice = users.add_user(connection, name="alice", role=Role.ADMIN, password_hash="h", now=1.0)
        for name in ("s1", "s2"):
            sessions.add_session(
                connection, session_id=name * 32, user_id=alice, csrf="c" * 43, address="::1", now=10.0
            )
        assert sessions.touch_session(connection, "s1" * 32, 50.0, older_than=40.0)
        assert not sessions.touch_session(connection, "s1" * 32, 55.0, older_than=49.0)
        assert sessions.end_session(connection, "s1" * 32, 60.0)
        assert not sessions.end_session(connection, "s1" * 32, 61.0)
        assert not sessions.touch_session(connection, "s1" * 32, 99.0, older_than=98.0)  # ended
        assert sessions.end_user_sessions(connection, alice, 70.0) == 1
        assert sessions.end_user_sessions(connection, alice, 71.0) == 0
    with engine.connect() as connection:
        found = sessions.session_owner(connection, "s1" * 32)
        assert sessions.session_owner(connection, "s3" * 32) is None
    assert found is not None
    assert found.session == Session(
        id="s1" * 32, user_id=alice, created=10.0, last_seen=50.0, csrf="c" * 43, address="::1", ended=60.0
    )
    assert found.user.id == alice and found.user.name == "alice"

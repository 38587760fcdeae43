"""Accounts on both backends: adding, changing and checking users, each change audited; a login
takes one Argon2 verification whether the user exists or not."""

from dataclasses import replace

import pytest
from argon2 import extract_parameters, profiles
from sqlalchemy import Engine

from aucote.access import accounts
from aucote.access.audit import Actor
from aucote.access.errors import AccountError
from aucote.access.passwords import Passwords
from aucote.access.sessions import SessionTimeouts, resolve_session, start_session
from aucote.model.access import AccountProblem, LoginRefusal, Role, User
from aucote.storage.repository.users import stored_user
from tests.access.conftest import PASSWORD, audit_rows

CLI = Actor(name="cli:root")
TIMEOUTS = SessionTimeouts(idle=600.0, absolute=3600.0)


def _add(engine: Engine, passwords: Passwords, name: str = "alice", role: Role = Role.ADMIN) -> User:
    with engine.begin() as connection:
        return accounts.add_user(
            connection, CLI, name=name, role=role, password=PASSWORD, now=100.0, passwords=passwords
        )


def _refusal(engine: Engine, call: object) -> AccountProblem:
    with pytest.raises(AccountError) as raised, engine.begin() as connection:
        call(connection)  # type: ignore[operator]
    return raised.value.problem


def test_add_user_stores_an_argon2id_hash_and_audits(engine: Engine, passwords: Passwords) -> None:
    alice = _add(engine, passwords)
    assert alice == User(id=alice.id, name="alice", role=Role.ADMIN, disabled=False, created=100.0)
    with engine.connect() as connection:
        stored = stored_user(connection, "alice")
        assert accounts.list_users(connection) == [alice]
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert audit_rows(engine) == [(100.0, "cli:root", None, "user_added", "alice", "role admin")]


@pytest.mark.parametrize(
    ("name", "password", "problem"),
    [
        ("alice", PASSWORD, AccountProblem.DUPLICATE_USER),
        ("bad name", PASSWORD, AccountProblem.BAD_NAME),
        ("", PASSWORD, AccountProblem.BAD_NAME),
        ("x" * 65, PASSWORD, AccountProblem.BAD_NAME),
        ("bob", "too short", AccountProblem.BAD_PASSWORD),
    ],
)
def test_add_user_refusals_change_nothing(
    engine: Engine, passwords: Passwords, name: str, password: str, problem: AccountProblem
) -> None:
    _add(engine, passwords)

    def add(connection: object) -> None:
        accounts.add_user(
            connection,  # type: ignore[arg-type]
            CLI,
            name=name,
            role=Role.VIEWER,
            password=password,
            now=200.0,
            passwords=passwords,
        )

    assert _refusal(engine, add) is problem
    with engine.connect() as connection:
        assert [user.name for user in accounts.list_users(connection)] == ["alice"]
    assert len(audit_rows(engine)) == 1


def test_unknown_user_is_refused_for_every_change(engine: Engine, passwords: Passwords) -> None:
    calls = [
        lambda c: accounts.set_role(c, CLI, name="nobody", role=Role.ADMIN, now=1.0),
        lambda c: accounts.disable_user(c, CLI, name="nobody", now=1.0),
        lambda c: accounts.enable_user(c, CLI, name="nobody", now=1.0),
        lambda c: accounts.set_password(
            c, CLI, name="nobody", password=PASSWORD, now=1.0, passwords=passwords
        ),
    ]
    assert [_refusal(engine, call) for call in calls] == [AccountProblem.UNKNOWN_USER] * 4
    assert audit_rows(engine) == []


def test_role_disable_enable_password_are_audited(engine: Engine, passwords: Passwords) -> None:
    _add(engine, passwords, "bob", Role.VIEWER)
    with engine.begin() as connection:
        assert (
            accounts.set_role(connection, CLI, name="bob", role=Role.OPERATOR, now=110.0).role
            is Role.OPERATOR
        )
        accounts.set_role(connection, CLI, name="bob", role=Role.OPERATOR, now=111.0)  # no change
        assert accounts.disable_user(connection, CLI, name="bob", now=120.0).disabled
        accounts.disable_user(connection, CLI, name="bob", now=121.0)  # no change
        assert not accounts.enable_user(connection, CLI, name="bob", now=130.0).disabled
        accounts.set_password(
            connection, CLI, name="bob", password="another long passphrase", now=140.0, passwords=passwords
        )
    assert audit_rows(engine)[1:] == [
        (110.0, "cli:root", None, "user_role", "bob", "viewer -> operator"),
        (120.0, "cli:root", None, "user_disabled", "bob", None),
        (130.0, "cli:root", None, "user_enabled", "bob", None),
        (140.0, "cli:root", None, "user_password", "bob", None),
    ]
    with engine.begin() as connection:
        assert accounts.authenticate_password(connection, "bob", PASSWORD, 150.0, passwords) is None
        user = accounts.authenticate_password(connection, "bob", "another long passphrase", 150.0, passwords)
    assert user is not None and user.role is Role.OPERATOR


def test_check_password_says_why_a_login_fails(engine: Engine, passwords: Passwords) -> None:
    alice = _add(engine, passwords)
    with engine.begin() as connection:
        assert accounts.check_password(connection, "alice", PASSWORD, 1.0, passwords) == alice
        assert (
            accounts.check_password(connection, "alice", "wrong", 1.0, passwords)
            is LoginRefusal.WRONG_PASSWORD
        )
        assert (
            accounts.check_password(connection, "nobody", PASSWORD, 1.0, passwords)
            is LoginRefusal.UNKNOWN_USER
        )
        accounts.disable_user(connection, CLI, name="alice", now=2.0)
        assert accounts.check_password(connection, "alice", PASSWORD, 3.0, passwords) is LoginRefusal.DISABLED
        assert accounts.authenticate_password(connection, "alice", PASSWORD, 3.0, passwords) is None


class SpyPasswords(Passwords):
    """Records the hash of every verification."""

    def __init__(self) -> None:
        super().__init__(profiles.CHEAPEST)
        self.verified: list[str] = []

    def verify(self, stored_hash: str, password: str) -> bool:
        self.verified.append(stored_hash)
        return super().verify(stored_hash, password)


@pytest.mark.parametrize("password", [PASSWORD, "wrong password!"])
def test_a_login_verifies_once_against_a_hash_of_the_same_cost_whether_the_user_exists(
    engine: Engine, password: str
) -> None:
    spy = SpyPasswords()
    _add(engine, spy)
    with engine.connect() as connection:
        stored = stored_user(connection, "alice")
        accounts.authenticate_password(connection, "alice", password, 1.0, spy)
        known = list(spy.verified)
        spy.verified.clear()
        accounts.authenticate_password(connection, "nobody", password, 1.0, spy)
        unknown = list(spy.verified)
    assert stored is not None and known == [stored.password_hash]
    assert len(unknown) == 1 and unknown[0] != stored.password_hash
    assert extract_parameters(unknown[0]) == extract_parameters(stored.password_hash)


def test_a_good_login_rehashes_a_hash_with_old_parameters(engine: Engine) -> None:
    old = Passwords(profiles.CHEAPEST)
    _add(engine, old)
    newer_parameters = replace(profiles.CHEAPEST, time_cost=2, hash_len=16)
    newer = Passwords(newer_parameters)
    with engine.begin() as connection:
        assert accounts.authenticate_password(connection, "alice", "wrong password!", 1.0, newer) is None
        unchanged = stored_user(connection, "alice")
        assert accounts.authenticate_password(connection, "alice", PASSWORD, 2.0, newer) is not None
        rehashed = stored_user(connection, "alice")
    assert unchanged is not None and extract_parameters(unchanged.password_hash) == profiles.CHEAPEST
    assert rehashed is not None and extract_parameters(rehashed.password_hash) == newer_parameters
    assert newer.verify(rehashed.password_hash, PASSWORD)


@pytest.mark.parametrize("change", ["disable", "password"])
def test_disabling_or_a_new_password_ends_the_users_sessions(
    engine: Engine, passwords: Passwords, change: str
) -> None:
    alice = _add(engine, passwords)
    with engine.begin() as connection:
        session = start_session(connection, alice, "192.0.2.1", 200.0)
        if change == "disable":
            accounts.disable_user(connection, CLI, name="alice", now=210.0)
            accounts.enable_user(connection, CLI, name="alice", now=220.0)
        else:
            accounts.set_password(
                connection, CLI, name="alice", password=PASSWORD + "!", now=210.0, passwords=passwords
            )
        assert resolve_session(connection, session.secret, 230.0, TIMEOUTS) is None
    assert audit_rows(engine)[2][5] == "1 sessions ended"

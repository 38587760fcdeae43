"""API tokens on both backends: created once, stored as a hash, refused when revoked, expired or of
a disabled user, last use noted at most once a minute, every change audited."""

import pytest
from sqlalchemy import Engine, select

from aucote.access import accounts, api_tokens
from aucote.access.audit import Actor
from aucote.access.errors import AccountError
from aucote.access.passwords import Passwords
from aucote.access.tokens import digest
from aucote.model.access import AccountProblem, Credential, Principal, Role
from aucote.storage.tables import api_tokens as api_tokens_table
from tests.access.conftest import PASSWORD, audit_rows

CLI = Actor(name="cli:root")
DAY = 86400.0


@pytest.fixture
def alice(engine: Engine, passwords: Passwords) -> int:
    with engine.begin() as connection:
        user = accounts.add_user(
            connection,
            CLI,
            name="alice",
            role=Role.OPERATOR,
            password=PASSWORD,
            now=1000.0,
            passwords=passwords,
        )
    return user.id


def _create(engine: Engine, label: str = "ci", expires: float | None = None) -> api_tokens.CreatedToken:
    with engine.begin() as connection:
        return api_tokens.create_token(
            connection, CLI, user_name="alice", label=label, now=2000.0, expires=expires
        )


def _principal(engine: Engine, token: str, now: float) -> Principal | None:
    with engine.begin() as connection:
        return api_tokens.principal_for_token(connection, token, now)


def _last_used(engine: Engine) -> list[float | None]:
    with engine.connect() as connection:
        statement = select(api_tokens_table.c.last_used).order_by(api_tokens_table.c.id)
        return list(connection.execute(statement).scalars())


def test_a_token_is_stored_only_as_its_hash_and_names_its_user(engine: Engine, alice: int) -> None:
    created = _create(engine)
    with engine.connect() as connection:
        stored = connection.execute(select(api_tokens_table.c.token_hash)).scalars().all()
    assert created.secret.startswith("aucote_")
    assert stored == [digest(created.secret)]
    assert _principal(engine, created.secret, 2001.0) == Principal(
        name="alice", role=Role.OPERATOR, credential=Credential.TOKEN, user_id=alice
    )
    assert audit_rows(engine)[1] == (2000.0, "cli:root", None, "token_created", "alice", "token ci")


@pytest.mark.parametrize(
    "token", ["", "aucote_", "aucote_wrong", "not-a-token", "aucote_" + "A" * 43, "aucote_" + "x" * 1000]
)
def test_unknown_tokens_give_nobody(engine: Engine, alice: int, token: str) -> None:
    _create(engine)
    assert _principal(engine, token, 2001.0) is None


def test_an_expired_token_stops_at_its_expiry(engine: Engine, alice: int) -> None:
    created = _create(engine, expires=2000.0 + 90 * DAY)
    assert _principal(engine, created.secret, 2000.0 + 90 * DAY - 1) is not None
    assert _principal(engine, created.secret, 2000.0 + 90 * DAY) is None
    assert audit_rows(engine)[1][5] == "token ci, expires 1970-04-01T00:33:20+00:00"


def test_a_revoked_token_stops_at_once_and_its_label_is_free_again(engine: Engine, alice: int) -> None:
    first = _create(engine)
    with engine.begin() as connection:
        revoked = api_tokens.revoke_token(connection, CLI, user_name="alice", label="ci", now=3000.0)
    assert revoked.id == first.token.id
    assert _principal(engine, first.secret, 3001.0) is None
    second = _create(engine)
    assert _principal(engine, second.secret, 3001.0) is not None
    assert _principal(engine, first.secret, 3001.0) is None
    assert [row[3] for row in audit_rows(engine)] == [
        "user_added",
        "token_created",
        "token_revoked",
        "token_created",
    ]


def test_a_disabled_users_tokens_stop_and_come_back_when_enabled(engine: Engine, alice: int) -> None:
    created = _create(engine)
    with engine.begin() as connection:
        accounts.disable_user(connection, CLI, name="alice", now=2500.0)
    assert _principal(engine, created.secret, 2501.0) is None
    with engine.begin() as connection:
        accounts.enable_user(connection, CLI, name="alice", now=2600.0)
    assert _principal(engine, created.secret, 2601.0) is not None


def test_the_role_is_the_users_current_one(engine: Engine, alice: int) -> None:
    created = _create(engine)
    with engine.begin() as connection:
        accounts.set_role(connection, CLI, name="alice", role=Role.VIEWER, now=2500.0)
    principal = _principal(engine, created.secret, 2501.0)
    assert principal is not None and principal.role is Role.VIEWER


def test_last_used_is_written_at_most_once_a_minute(engine: Engine, alice: int) -> None:
    created = _create(engine)
    assert _last_used(engine) == [None]
    for now, expected in [(2100.0, 2100.0), (2130.0, 2100.0), (2159.9, 2100.0), (2160.0, 2160.0)]:
        assert _principal(engine, created.secret, now) is not None
        assert _last_used(engine) == [expected]


@pytest.mark.parametrize(
    ("user", "label", "expires", "problem"),
    [
        ("nobody", "ci", None, AccountProblem.UNKNOWN_USER),
        ("alice", "ci", None, AccountProblem.DUPLICATE_TOKEN),
        ("alice", "bad label", None, AccountProblem.BAD_NAME),
        ("alice", "other", 2000.0, AccountProblem.BAD_EXPIRY),
    ],
)
def test_create_refusals(
    engine: Engine, alice: int, user: str, label: str, expires: float | None, problem: AccountProblem
) -> None:
    _create(engine)
    with pytest.raises(AccountError) as raised, engine.begin() as connection:
        api_tokens.create_token(connection, CLI, user_name=user, label=label, now=2000.0, expires=expires)
    assert raised.value.problem is problem
    assert len(audit_rows(engine)) == 2


def test_revoke_and_list_refusals(engine: Engine, alice: int) -> None:
    with pytest.raises(AccountError) as raised, engine.begin() as connection:
        api_tokens.revoke_token(connection, CLI, user_name="alice", label="ci", now=1.0)
    assert raised.value.problem is AccountProblem.UNKNOWN_TOKEN
    with pytest.raises(AccountError) as raised, engine.connect() as connection:
        api_tokens.list_tokens(connection, "nobody")
    assert raised.value.problem is AccountProblem.UNKNOWN_USER


def test_list_tokens(engine: Engine, alice: int, passwords: Passwords) -> None:
    _create(engine, "ci")
    _create(engine, "backup", expires=9000.0)
    with engine.begin() as connection:
        accounts.add_user(
            connection, CLI, name="bob", role=Role.VIEWER, password=PASSWORD, now=1.0, passwords=passwords
        )
        api_tokens.create_token(connection, CLI, user_name="bob", label="ci", now=3.0, expires=None)
        api_tokens.revoke_token(connection, CLI, user_name="alice", label="ci", now=4000.0)
        everyone = api_tokens.list_tokens(connection)
        alices = api_tokens.list_tokens(connection, "alice")
    assert [(entry.user.name, entry.token.name, entry.token.revoked) for entry in everyone] == [
        ("alice", "backup", None),
        ("alice", "ci", 4000.0),
        ("bob", "ci", None),
    ]
    assert [entry.token.name for entry in alices] == ["backup", "ci"]

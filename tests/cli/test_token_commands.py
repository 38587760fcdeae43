"""`aucote token …` end to end on both backends: the token printed once, working until revoked or
expired, listed without its value, one-line refusals with exit status 2, every change audited."""

import time

import pytest
from sqlalchemy import Engine

from aucote.access.api_tokens import create_token, principal_for_token
from aucote.access.audit import Actor
from aucote.model.access import Credential, Principal, Role
from tests.cli.access_cli import ACTOR, add_user, aucote, audit


def _principal(engine: Engine, token: str, now: float | None = None) -> Principal | None:
    with engine.begin() as connection:
        return principal_for_token(connection, token, time.time() if now is None else now)


def test_create_prints_the_token_once_and_it_works_until_revoked(database_url: str, engine: Engine) -> None:
    add_user(database_url, "alice", "operator")
    run = aucote(database_url, "token", "create", "--user", "alice", "--name", "ci")
    assert run.code == 0, run
    token = run.stdout.strip()
    assert token.startswith("aucote_") and "\n" not in token
    assert run.stderr == (
        "Token ci of alice (never expires):\n"
        "It is shown only this once: store it now. Aucote keeps only its hash.\n"
    )
    principal = _principal(engine, token)
    assert principal is not None
    assert principal == Principal(
        name="alice", role=Role.OPERATOR, credential=Credential.TOKEN, user_id=principal.user_id
    )
    listed = aucote(database_url, "token", "list")
    assert listed.code == 0 and "ci" in listed.stdout and "active" in listed.stdout
    assert token not in listed.stdout and token[7:20] not in listed.stdout

    revoked = aucote(database_url, "token", "revoke", "--user", "alice", "--name", "ci")
    assert (revoked.code, revoked.stdout) == (0, "Token ci of alice is revoked.\n")
    assert _principal(engine, token) is None
    assert "revoked" in aucote(database_url, "token", "list", "--user", "alice").stdout
    assert [row[2:] for row in audit(database_url)] == [
        ("user_added", "alice", "role operator"),
        ("token_created", "alice", "token ci"),
        ("token_revoked", "alice", "token ci"),
    ]
    assert {row[:2] for row in audit(database_url)} == {(ACTOR, None)}


def test_expires_sets_the_lifetime(database_url: str, engine: Engine) -> None:
    add_user(database_url, "alice")
    before = time.time()
    run = aucote(database_url, "token", "create", "--user", "alice", "--name", "ci", "--expires", "90d")
    assert run.code == 0, run
    token = run.stdout.strip()
    assert "expires 20" in run.stderr and " UTC):" in run.stderr
    assert _principal(engine, token, before + 90 * 86400 - 60) is not None
    assert _principal(engine, token, time.time() + 90 * 86400 + 1) is None
    listed = aucote(database_url, "token", "list").stdout
    assert "active" in listed and "expired" not in listed


def test_list_names_expired_tokens_and_disabled_users(database_url: str, engine: Engine) -> None:
    add_user(database_url, "alice")
    add_user(database_url, "bob")
    now = time.time()
    with engine.begin() as connection:
        create_token(
            connection, Actor(name="test"), user_name="alice", label="old", now=now - 99, expires=now - 9
        )
    assert aucote(database_url, "token", "create", "--user", "bob", "--name", "ci").code == 0
    assert aucote(database_url, "user", "disable", "bob").code == 0
    rows = [line.split("│")[1:4] for line in aucote(database_url, "token", "list").stdout.splitlines()]
    assert [[cell.strip() for cell in row] for row in rows if len(row) == 3 and row[0].strip()] == [
        ["alice", "old", "expired"],
        ["bob", "ci", "user disabled"],
    ]


def test_list_of_one_user(database_url: str) -> None:
    add_user(database_url, "alice")
    add_user(database_url, "bob")
    for user, label in (("alice", "ci"), ("bob", "backup")):
        assert aucote(database_url, "token", "create", "--user", user, "--name", label).code == 0
    run = aucote(database_url, "token", "list", "--user", "bob")
    assert run.code == 0
    assert "backup" in run.stdout and "alice" not in run.stdout
    assert "2 tokens" in aucote(database_url, "token", "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "--user", "nobody", "--name", "x"), "error: no user 'nobody'"),
        (
            ("create", "--user", "alice", "--name", "ci"),
            "error: user 'alice' already has a token 'ci' (revoke it first)",
        ),
        (
            ("create", "--user", "alice", "--name", "x", "--expires", "soon"),
            "error: --expires: expected a period such as '2h', '1d2h3m4s', '30s' or a number of seconds,"
            " got 'soon'",
        ),
        (
            ("create", "--user", "alice", "--name", "x", "--expires", "0d"),
            "error: --expires: the lifetime must be longer than 0s, got '0d'",
        ),
        (("revoke", "--user", "alice", "--name", "other"), "error: user 'alice' has no token 'other'"),
        (("revoke", "--user", "nobody", "--name", "ci"), "error: no user 'nobody'"),
        (("list", "--user", "nobody"), "error: no user 'nobody'"),
    ],
)
def test_refusals_are_one_line_exit_2_and_change_nothing(
    database_url: str, args: tuple[str, ...], message: str
) -> None:
    add_user(database_url, "alice")
    assert aucote(database_url, "token", "create", "--user", "alice", "--name", "ci").code == 0
    before = audit(database_url)
    run = aucote(database_url, "token", *args)
    assert (run.code, run.error_line, run.stdout) == (2, message, "")
    assert audit(database_url) == before

"""`aucote user …` end to end on a real database: passwords asked twice or read from standard
input and never shown, roles, disable/enable, one-line refusals with exit status 2, an audit entry
for every change."""

from pathlib import Path

import pytest
from sqlalchemy import select

from aucote.access.accounts import authenticate_password
from aucote.storage.database import open_engine
from aucote.storage.tables import users
from tests.cli.access_cli import ACTOR, PASSWORD, add_user, aucote, audit


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'aucote.sqlite3'}"


def _login(url: str, name: str, password: str) -> bool:
    engine = open_engine(url)
    with engine.begin() as connection:
        found = authenticate_password(connection, name, password, 1.0)
    engine.dispose()
    return found is not None


def test_add_asks_twice_without_echo_and_stores_only_a_hash(url: str) -> None:
    run = aucote(url, "user", "add", "alice", "--role", "operator", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert run.code == 0, run
    assert run.stdout.endswith("Added operator alice.\n")
    assert "Password" in run.stdout and "Repeat password" in run.stdout
    assert PASSWORD not in run.stdout + run.stderr
    engine = open_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(select(users.c.name, users.c.role, users.c.password_hash)).one()
    engine.dispose()
    assert stored.name == "alice" and stored.role == "operator"
    assert stored.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert _login(url, "alice", PASSWORD)
    assert audit(url) == [(ACTOR, None, "user_added", "alice", "role operator")]


def test_a_taken_name_is_refused_before_the_password_is_asked_for(url: str) -> None:
    add_user(url, "alice")
    run = aucote(url, "user", "add", "alice", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert (run.code, run.stdout, run.error_line) == (2, "", "error: user 'alice' already exists")


def test_the_default_role_is_viewer(url: str) -> None:
    run = aucote(url, "user", "add", "bob", "--password-stdin", stdin=PASSWORD + "\n")
    assert (run.code, run.stdout) == (0, "Added viewer bob.\n")


def test_two_different_passwords_add_nobody(url: str) -> None:
    run = aucote(url, "user", "add", "alice", stdin=f"{PASSWORD}\n{PASSWORD}!\n")
    assert (run.code, run.error_line) == (2, "error: the two passwords differ; nothing was changed")
    assert aucote(url, "user", "list").stdout.count("alice") == 0
    assert audit(url) == []


def test_list_shows_names_roles_and_states_never_hashes(url: str) -> None:
    add_user(url, "alice", "admin")
    add_user(url, "bob", "viewer")
    assert aucote(url, "user", "disable", "bob").code == 0
    run = aucote(url, "user", "list")
    assert run.code == 0
    lines = [line for line in run.stdout.splitlines() if "alice" in line or "bob" in line]
    assert [line.split()[1:4:2] for line in lines] == [["alice", "admin"], ["bob", "viewer"]]
    assert "enabled" in lines[0] and "disabled" in lines[1]
    assert "argon2" not in run.stdout and PASSWORD not in run.stdout


def test_every_change_is_audited(url: str) -> None:
    add_user(url, "alice", "viewer")
    steps = [
        (("user", "role", "alice", "operator"), None, "alice is operator.\n"),
        (("user", "disable", "alice"), None, "alice is disabled.\n"),
        (("user", "enable", "alice"), None, "alice is enabled.\n"),
        (("user", "passwd", "alice", "--password-stdin"), "a new long passphrase\n", None),
        (("user", "passwd", "alice"), "yet another passphrase\nyet another passphrase\n", None),
    ]
    for args, stdin, said in steps:
        run = aucote(url, *args, stdin=stdin)
        assert run.code == 0, run
        assert said is None or run.stdout == said
    assert "a new long passphrase" not in str(audit(url))
    assert audit(url) == [
        (ACTOR, None, "user_added", "alice", "role viewer"),
        (ACTOR, None, "user_role", "alice", "viewer -> operator"),
        (ACTOR, None, "user_disabled", "alice", None),
        (ACTOR, None, "user_enabled", "alice", None),
        (ACTOR, None, "user_password", "alice", None),
        (ACTOR, None, "user_password", "alice", None),
    ]
    assert _login(url, "alice", "yet another passphrase")
    assert not _login(url, "alice", PASSWORD)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("user", "add", "alice", "--password-stdin"), PASSWORD, "error: user 'alice' already exists"),
        (
            ("user", "add", "bob", "--role", "boss", "--password-stdin"),
            PASSWORD,
            "error: unknown role 'boss': expected one of viewer, operator, admin",
        ),
        (
            ("user", "add", "bob", "--password-stdin"),
            "short\n",
            "error: the password must have at least 15 characters (it has 5)",
        ),
        (
            ("user", "add", "bob", "--password-stdin"),
            "",
            "error: no password on standard input (--password-stdin reads one line)",
        ),
        (
            ("user", "add", "b b", "--password-stdin"),
            PASSWORD,
            "error: user name 'b b' is not valid: expected 1 to 64 letters, digits, '.', '_', '@' or '-',"
            " starting with a letter or digit",
        ),
        (("user", "disable", "nobody"), None, "error: no user 'nobody'"),
        (("user", "enable", "nobody"), None, "error: no user 'nobody'"),
        (("user", "role", "nobody", "admin"), None, "error: no user 'nobody'"),
        (
            ("user", "role", "alice", "root"),
            None,
            "error: unknown role 'root': expected one of viewer, operator, admin",
        ),
        (("user", "passwd", "nobody"), None, "error: no user 'nobody'"),
        (
            ("user", "passwd", "alice", "--password-stdin"),
            "alice\n",
            "error: the password must have at least 15 characters (it has 5)",
        ),
    ],
)
def test_refusals_are_one_line_exit_2_and_change_nothing(
    url: str, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    add_user(url, "alice")
    before = audit(url)
    run = aucote(url, *args, stdin=stdin)
    assert (run.code, run.error_line) == (2, message)
    assert run.stdout == ""
    assert audit(url) == before
    assert _login(url, "alice", PASSWORD)

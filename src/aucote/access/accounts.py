"""User accounts: add, change password, role, disable and enable (each audited), list, and checking
a login's name and password (docs/access.md)."""

from functools import cache

from sqlalchemy import Connection

from aucote.access.audit import Actor, record
from aucote.access.errors import AccountError
from aucote.access.names import name_problem
from aucote.access.passwords import Passwords, password_problem
from aucote.access.sessions import end_user_sessions
from aucote.model.access import AccountProblem, AuditAction, LoginRefusal, Role, User
from aucote.storage.repository import users as stored


@cache
def default_passwords() -> Passwords:
    """The hasher with the documented Argon2id parameters (made on first use)."""
    return Passwords()


def add_user(
    connection: Connection,
    actor: Actor,
    *,
    name: str,
    role: Role,
    password: str,
    now: float,
    passwords: Passwords | None = None,
) -> User:
    """Create an enabled user; AccountError for a bad or taken name or a bad password."""
    check_new_name(connection, name)
    password_hash = (passwords or default_passwords()).hash(_checked(password, name))
    user_id = stored.add_user(connection, name=name, role=role, password_hash=password_hash, now=now)
    record(connection, actor, AuditAction.USER_ADDED, name, f"role {role.value}", now=now)
    return User(id=user_id, name=name, role=role, disabled=False, created=now)


def check_new_name(connection: Connection, name: str) -> None:
    """AccountError unless `name` may be given to a new user (valid and not taken)."""
    problem = name_problem("user name", name)
    if problem is not None:
        raise AccountError(AccountProblem.BAD_NAME, problem)
    if stored.stored_user(connection, name) is not None:
        raise AccountError(AccountProblem.DUPLICATE_USER, f"user {name!r} already exists")


def set_password(
    connection: Connection,
    actor: Actor,
    *,
    name: str,
    password: str,
    now: float,
    passwords: Passwords | None = None,
) -> User:
    """Give the user a new password and end all their sessions."""
    user = find_user(connection, name)
    password_hash = (passwords or default_passwords()).hash(_checked(password, name))
    stored.set_password_hash(connection, user.id, password_hash, now)
    ended = end_user_sessions(connection, user.id, now)
    record(connection, actor, AuditAction.USER_PASSWORD, name, _ended(ended), now=now)
    return user


def set_role(connection: Connection, actor: Actor, *, name: str, role: Role, now: float) -> User:
    """Give the user another role (it applies to their next request); no change, no audit entry."""
    user = find_user(connection, name)
    if user.role is role:
        return user
    stored.set_role(connection, user.id, role, now)
    record(connection, actor, AuditAction.USER_ROLE, name, f"{user.role.value} -> {role.value}", now=now)
    return stored.user_by_id(connection, user.id) or user


def disable_user(connection: Connection, actor: Actor, *, name: str, now: float) -> User:
    """Disable the user: no login, none of their tokens works, their sessions end."""
    user = find_user(connection, name)
    if user.disabled:
        return user
    stored.set_disabled(connection, user.id, True, now)
    ended = end_user_sessions(connection, user.id, now)
    record(connection, actor, AuditAction.USER_DISABLED, name, _ended(ended), now=now)
    return stored.user_by_id(connection, user.id) or user


def enable_user(connection: Connection, actor: Actor, *, name: str, now: float) -> User:
    """Enable a disabled user again (their unrevoked, unexpired tokens work again)."""
    user = find_user(connection, name)
    if not user.disabled:
        return user
    stored.set_disabled(connection, user.id, False, now)
    record(connection, actor, AuditAction.USER_ENABLED, name, now=now)
    return stored.user_by_id(connection, user.id) or user


def list_users(connection: Connection) -> list[User]:
    """Every user, by name."""
    return stored.list_users(connection)


def find_user(connection: Connection, name: str) -> User:
    """The user of that name; AccountError when there is none."""
    found = stored.stored_user(connection, name)
    if found is None:
        raise AccountError(AccountProblem.UNKNOWN_USER, f"no user {name!r}")
    return found.user


def check_password(
    connection: Connection, name: str, password: str, now: float, passwords: Passwords | None = None
) -> User | LoginRefusal:
    """The user if the name and password log in, else why not (for the audit log, never for the
    client). Takes one Argon2 verification whether the user exists or not; a good password whose
    hash has old parameters is rehashed."""
    hasher = passwords or default_passwords()
    found = stored.stored_user(connection, name)
    if found is None:
        hasher.verify_nobody(password)
        return LoginRefusal.UNKNOWN_USER
    if not hasher.verify(found.password_hash, password):
        return LoginRefusal.WRONG_PASSWORD
    if found.user.disabled:
        return LoginRefusal.DISABLED
    if hasher.needs_rehash(found.password_hash):
        stored.set_password_hash(connection, found.user.id, hasher.hash(password), now)
    return found.user


def authenticate_password(
    connection: Connection, name: str, password: str, now: float, passwords: Passwords | None = None
) -> User | None:
    """The user if the name and password log in, else None (see check_password)."""
    checked = check_password(connection, name, password, now, passwords)
    return None if isinstance(checked, LoginRefusal) else checked


def _checked(password: str, name: str) -> str:
    problem = password_problem(password, name)
    if problem is not None:
        raise AccountError(AccountProblem.BAD_PASSWORD, problem)
    return password


def _ended(count: int) -> str | None:
    return f"{count} sessions ended" if count else None

"""MySQL/MariaDB login without a password: one connection as `root` and one as the anonymous user
(empty name), both with an empty password, through PyMySQL. A refused login (access denied, host
not allowed) is the safe answer. An accepted one runs `SELECT CURRENT_USER(), VERSION()` (the
account that let us in) and disconnects: nothing else is read, nothing is written."""

import asyncio
import struct
from dataclasses import dataclass
from typing import Final

import pymysql
from pymysql.constants import CR, ER

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

ACCOUNTS: Final = ("root", "")
"""The user names tried, each once with an empty password ("" is the anonymous account)."""
REFUSED: Final = frozenset({ER.ACCESS_DENIED_ERROR, ER.HOST_NOT_PRIVILEGED, 1698})
"""Server errors that mean "not with these credentials": 1045 access denied, 1130 host not allowed,
1698 access denied without a password (MariaDB's unix_socket and MySQL's auth_socket accounts)."""
LOST: Final = frozenset({CR.CR_SERVER_LOST, CR.CR_SERVER_GONE_ERROR})


@dataclass(frozen=True, slots=True)
class Login:
    """An accepted login: the name we gave, the account the server matched, its version."""

    user: str
    account: str
    version: str


def label(user: str) -> str:
    """How a tried user name reads in the evidence."""
    return f"user {user!r}" if user else "the anonymous user (empty name)"


def _connect(address: str, number: int, user: str, timeout: float) -> "pymysql.connections.Connection":
    connection = pymysql.connections.Connection(
        host=address,
        port=number,
        user="-",
        password="",
        connect_timeout=timeout,
        read_timeout=timeout,
        write_timeout=timeout,
        defer_connect=True,
    )
    connection.user = user  # PyMySQL replaces an empty user name by the local login's
    connection.connect()
    return connection


def try_login(address: str, number: int, user: str, timeout: float) -> Login | None:
    """One login attempt (blocking); None when the server refuses it."""
    try:
        connection = _connect(address, number, user, timeout)
    except pymysql.err.OperationalError as error:
        if error.args and error.args[0] in REFUSED:
            return None
        raise translated(error) from error
    except (pymysql.err.MySQLError, IndexError, KeyError, ValueError, struct.error) as error:
        raise ValueError(f"not a MySQL server ({type(error).__name__}: {error})") from error
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT CURRENT_USER(), VERSION()")
            row = cursor.fetchone()
    finally:
        connection.close()
    if row is None or len(row) != 2:
        raise ProbeFailed("the server answered SELECT CURRENT_USER(), VERSION() without a row")
    return Login(user, str(row[0]), str(row[1]))


def translated(error: "pymysql.err.OperationalError") -> Exception:
    """The network error behind a client error, or ProbeFailed with the server's words."""
    original = getattr(error, "original_exception", None)
    if isinstance(original, OSError):
        return original
    code, message = (*error.args, 0, "")[:2] if len(error.args) != 1 else (error.args[0], "")
    if code in LOST:
        return TimeoutError(message) if "timed out" in str(message) else EOFError(message)
    return ProbeFailed(f"MySQL error {code}: {message}")


def evidence(logins: list[Login]) -> str:
    """The accepted logins, one line each, then the server version."""
    lines = [
        f"{label(login.user)} with an empty password -> logged in as {login.account}" for login in logins
    ]
    return "MySQL/MariaDB login without a password:\n" + "\n".join(lines) + f"\nServer: {logins[0].version}"


async def mysql_empty_password(port: Port, context: CheckContext) -> str | None:
    """Evidence: who logged in and the server version; None when both logins are refused."""
    require(port, Protocol.TCP)
    logins = []
    for user in ACCOUNTS:
        timeout = context.timeout / len(ACCOUNTS)
        login = await asyncio.to_thread(try_login, host(port), port.number, user, timeout)
        if login is not None:
            logins.append(login)
    return evidence(logins) if logins else None

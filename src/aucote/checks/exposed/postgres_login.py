"""PostgreSQL login as `postgres` without a password: one connection to database `postgres` through
psycopg (libpq), with an empty password and no password file, so that libpq can only get in when
the server asks for no password at all (pg_hba `trust`; libpq never sends an empty password). The
login runs no query: version and authentication come from the connection itself."""

import os
from typing import Final

import psycopg
from psycopg import errors
from psycopg.conninfo import make_conninfo

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

USER: Final = "postgres"
DATABASE: Final = "postgres"
REFUSED_STATES: Final = frozenset({"28P01", "28000"})
"""invalid_password, invalid_authorization_specification (no pg_hba.conf entry, role refused)."""
NO_PASSWORD: Final = "no password supplied"
"""libpq's words when the server asks for a password and it has none: refused."""
MISSING_DATABASE: Final = "3D000"
"""The server checks the database after authentication: this refusal means the login was accepted."""


def conninfo(address: str, number: int, timeout: float) -> str:
    """libpq parameters: nothing taken from the environment, a password file or Kerberos."""
    return make_conninfo(
        host=address,
        port=number,
        user=USER,
        dbname=DATABASE,
        password="",
        passfile=os.devnull,
        gssencmode="disable",
        connect_timeout=max(1, round(timeout)),
        application_name="aucote",
    )


def refused(error: psycopg.OperationalError) -> bool:
    """The server refused these credentials."""
    return error.sqlstate in REFUSED_STATES or NO_PASSWORD in str(error)


def translated(error: psycopg.OperationalError) -> Exception:
    """The kind of error a probe raises for a connection that did not get to the login."""
    text = str(error).strip()
    if "Connection refused" in text:
        return ConnectionRefusedError(text)
    if "timeout expired" in text:
        return TimeoutError(text)
    if "closed the connection unexpectedly" in text:
        return EOFError(text)
    if "invalid response" in text or "expected authentication request" in text or "unexpected" in text:
        return ValueError(text)
    if isinstance(error, errors.TooManyConnections | errors.CannotConnectNow):
        return ProbeFailed(text)
    return OSError(text) if error.sqlstate is None else ProbeFailed(text)


def evidence(version: str, used_password: bool, ssl: bool) -> str:
    """What the accepted login shows."""
    how = "a password was asked (empty, accepted)" if used_password else "no password asked (trust)"
    return (
        f"PostgreSQL login as {USER!r} to database {DATABASE!r} without a password: {how}; "
        f"server version {version}; {'TLS' if ssl else 'no TLS'}"
    )


async def postgres_without_password(port: Port, context: CheckContext) -> str | None:
    """Evidence: the version and the authentication that let us in; None when refused."""
    require(port, Protocol.TCP)
    try:
        connection = await psycopg.AsyncConnection.connect(conninfo(host(port), port.number, context.timeout))
    except psycopg.OperationalError as error:
        if error.sqlstate == MISSING_DATABASE:
            return f"PostgreSQL accepted {USER!r} without a password (then: {str(error).strip()})"
        if refused(error):
            return None
        raise translated(error) from error
    async with connection:
        info, pgconn = connection.info, connection.pgconn
        return evidence(
            info.parameter_status("server_version") or "?", bool(pgconn.used_password), pgconn.ssl_in_use
        )

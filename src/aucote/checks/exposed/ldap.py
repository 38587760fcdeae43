"""LDAP anonymous read: an anonymous bind (ldap3) that then reads entries below a naming context of
the RootDSE. The RootDSE alone is public by design and is not the finding. Reads DNs only (no
attributes), at most `SIZE_LIMIT` entries per naming context."""

import asyncio
from typing import Final

import ldap3
from ldap3.core.exceptions import LDAPCommunicationError, LDAPException

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

SIZE_LIMIT: Final = 6
SHOWN_DNS: Final = 3
TLS_SERVICES: Final = frozenset({"ldapssl", "ldaps"})


def _server(port: Port, timeout: float) -> ldap3.Server:
    service = port.service.name if port.service else None
    tls = service in TLS_SERVICES or port.number == 636
    return ldap3.Server(
        host(port), port=port.number, use_ssl=tls, get_info=ldap3.DSA, connect_timeout=timeout
    )


def _below(connection: ldap3.Connection, context: str) -> list[str]:
    """DNs under `context` (the context entry itself left out) an anonymous search returned."""
    connection.search(context, "(objectClass=*)", attributes=["1.1"], size_limit=SIZE_LIMIT)
    return [entry.entry_dn for entry in connection.entries if entry.entry_dn.lower() != context.lower()]


def evidence(found: dict[str, list[str]]) -> str:
    """One line per readable naming context: how many entries (at least) and the first DNs."""
    lines = ["Anonymous bind accepted; the directory is readable without credentials:"]
    for context, dns in found.items():
        count = f"{len(dns)}+" if len(dns) >= SIZE_LIMIT - 1 else str(len(dns))
        lines.append(f"{context}: {count} entries below it, e.g. {'; '.join(dns[:SHOWN_DNS])}")
    return "\n".join(lines)


def read_anonymously(port: Port, timeout: float) -> str | None:
    """The blocking exchange: bind, RootDSE, one size-limited search per naming context, unbind."""
    seconds = max(1, int(timeout))  # ldap3 packs the receive timeout as a whole number of seconds
    connection = ldap3.Connection(_server(port, timeout), receive_timeout=seconds, read_only=True)
    try:
        if not connection.bind():
            return None
        contexts = connection.server.info.naming_contexts if connection.server.info else None
        found = {context: _below(connection, context) for context in contexts or ()}
    except LDAPCommunicationError as error:
        raise OSError(f"LDAP: {error}") from error
    except LDAPException as error:
        raise ProbeFailed(f"LDAP: {error}") from error
    finally:
        connection.unbind()
    readable = {context: dns for context, dns in found.items() if dns}
    return evidence(readable) if readable else None


async def ldap_anonymous_read(port: Port, context: CheckContext) -> str | None:
    """Evidence: the naming contexts an anonymous client reads, with a few DNs of each."""
    require(port, Protocol.TCP)
    return await asyncio.to_thread(read_anonymously, port, min(context.timeout, 10.0))

"""NATS without authorization: nats-py reads the server's INFO, sends CONNECT without credentials and
PING; a PONG means the client was accepted. Nothing is subscribed or published."""

import json
from typing import Any, Final

from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.errors import NoServersError, UnexpectedEOF

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

REFUSALS: Final = ("authorization violation", "authentication", "user authentication")
SHOWN_FIELDS: Final = ("version", "server_name", "auth_required", "tls_required", "jetstream")


async def _ignore(_error: Exception) -> None:
    """nats-py reports errors to a callback as well as raising them; the probe only uses the raise."""


def refused(error: NatsError) -> bool:
    """Whether the server refused the client for lack of credentials (-ERR 'Authorization Violation')."""
    return isinstance(error, NatsError) and any(word in str(error).lower() for word in REFUSALS)


def evidence(info: dict[str, Any]) -> str:
    """The finding's text from the server's INFO."""
    shown = ", ".join(f"{key}={json.dumps(info[key])}" for key in SHOWN_FIELDS if key in info)
    return f"NATS accepts clients without authorization: CONNECT without credentials -> PONG; INFO: {shown}"


async def _connect(client: Client, port: Port, timeout: int) -> None:
    """Connect (nats-py tries a server at most twice before it gives up: `max_reconnect_attempts=0`
    would mean forever); NATS errors become the check's errors."""
    try:
        await client.connect(
            servers=[f"nats://{host(port)}:{port.number}"], name="aucote", connect_timeout=timeout,
            allow_reconnect=False, max_reconnect_attempts=1, reconnect_time_wait=0, error_cb=_ignore,
        )  # fmt: skip
    except NoServersError as error:
        raise ConnectionRefusedError(str(error)) from error
    except UnexpectedEOF as error:
        raise EOFError("the service closed the connection") from error


async def nats_no_auth(port: Port, context: CheckContext) -> str | None:
    """Evidence: the INFO fields of a server that answered PONG to a client without credentials."""
    require(port, Protocol.TCP)
    client = Client()
    try:
        await _connect(client, port, max(int(context.timeout - 0.5), 1))
    except NatsError as error:
        if refused(error):
            return None
        raise ProbeFailed(str(error)) from error
    try:
        return evidence(dict(client._server_info))
    finally:
        await client.close()

"""AMQP 0-9-1 broker accepting `guest`/`guest` (RabbitMQ's built-in account, meant for loopback
only): one connection through aiormq with PLAIN guest/guest to virtual host `/`, closed at once.
No channel is opened, nothing is declared, published or consumed."""

from typing import Final

import aiormq
import pamqp.exceptions
from aiormq import exceptions
from yarl import URL

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

USER: Final = "guest"
PASSWORD: Final = "guest"
NOT_ALLOWED: Final = 530
"""connection.open refused for the virtual host: the credentials were accepted before that."""
SHOWN: Final = ("product", "version", "platform", "cluster_name")


def broker_url(address: str, number: int) -> URL:
    """amqp://guest:guest@address:port/ (vhost `/`)."""
    return URL.build(scheme="amqp", user=USER, password=PASSWORD, host=address, port=number, path="/")


def described(properties: object) -> str:
    """The broker's identity from its connection.start server properties."""
    fields = properties if isinstance(properties, dict) else {}
    shown = [f"{key}={fields[key]}" for key in SHOWN if fields.get(key) not in (None, "")]
    return ", ".join(shown) or "no server properties"


def translated(error: Exception) -> Exception:
    """A library error as a probe raises it: the network error behind it, the broker's refusal, or
    an answer in another protocol."""
    if isinstance(error.__cause__, OSError):
        return error.__cause__
    if isinstance(error, exceptions.AuthenticationError):
        return ProbeFailed(f"the broker offers no PLAIN login ({error})")
    if isinstance(error, exceptions.ConnectionClosed):
        return ProbeFailed(f"the broker closed the connection: {error}")
    return ValueError(f"not an AMQP 0-9-1 broker ({type(error).__name__}: {error})")


async def amqp_guest_login(port: Port, context: CheckContext) -> str | None:
    """Evidence: the broker's product and version; None when guest/guest is refused."""
    require(port, Protocol.TCP)
    try:
        connection = await aiormq.connect(broker_url(host(port), port.number))
    except exceptions.ProbableAuthenticationError:
        return None
    except exceptions.ConnectionClosed as error:
        if error.args and error.args[0] == NOT_ALLOWED:
            detail = error.args[1] if len(error.args) > 1 else ""
            return f"AMQP login guest/guest accepted (then virtual host / refused: {detail})"
        raise translated(error) from error
    except (exceptions.AMQPError, pamqp.exceptions.PAMQPException) as error:
        raise translated(error) from error
    try:
        return f"AMQP login guest/guest accepted: {described(connection.server_properties)}"
    finally:
        await connection.close()

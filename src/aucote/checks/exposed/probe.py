"""What every probe of the `aucote-exposed` app is: an async function of the port that returns the
evidence of the exposure, or None when the service is protected."""

from collections.abc import Awaitable, Callable

from aucote.checks.contract import CheckContext
from aucote.checks.judging import NotApplicable
from aucote.model.protocol import Protocol
from aucote.model.target import Port

Probe = Callable[[Port, CheckContext], Awaitable[str | None]]
"""Evidence text when the service is exposed, None when it is not. Raises `ProbeFailed`,
`NotApplicable` (from `aucote.checks.judging`), TimeoutError, OSError, EOFError or ValueError (an
answer in another protocol); the check turns those into outcomes."""


class ProbeFailed(Exception):
    """The service answered in a way that leaves the question open (busy, refused the handshake …)."""


class LockedOut(ProbeFailed):
    """The service refuses the scanner after earlier connections (a blacklist such as TigerVNC's)."""


def require(port: Port, protocol: Protocol) -> None:
    """Raise NotApplicable unless the port uses `protocol`."""
    if port.protocol is not protocol:
        raise NotApplicable(f"this probe speaks {protocol.name}, the port is {port.protocol.name}")


def host(port: Port) -> str:
    """The address to connect to."""
    return str(port.node.ip)

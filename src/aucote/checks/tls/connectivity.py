"""Why sslyze could not reach TLS on a port, as a reason from the closed vocabulary and sslyze's words."""

from typing import Final

from sslyze.errors import (
    ConnectionToServerFailed,
    ConnectionToServerTimedOut,
    ServerRejectedOpportunisticTlsNegotiation,
    TlsHandshakeFailed,
    TlsHandshakeTimedOut,
)
from sslyze.scanner.models import ServerConnectivityStatusEnum, ServerScanResult

from aucote.model.status import CheckReason

NOT_TLS: Final = (ServerRejectedOpportunisticTlsNegotiation, TlsHandshakeFailed)
"""The server answered but no TLS handshake completed (a plain service, a STARTTLS refusal): the TLS
checks do not apply."""


def connectivity_problem(result: ServerScanResult) -> tuple[CheckReason, str] | None:
    """None when sslyze completed a TLS handshake; else why not: timeout (no connection or no
    handshake in time), not_applicable (the port answered without TLS or refused STARTTLS),
    unreachable (refused, reset, no route), or tool_error (anything else)."""
    if result.connectivity_status is ServerConnectivityStatusEnum.COMPLETED:
        return None
    trace = result.connectivity_error_trace
    words = "".join(trace.format_exception_only()).strip() if trace else "unknown error"
    detail = f"no TLS on {result.server_location.display_string}: {words}"
    return _reason(trace.exc_type if trace else None), detail


def _reason(error: type[BaseException] | None) -> CheckReason:
    if error is None:
        return CheckReason.TOOL_ERROR
    if issubclass(error, ConnectionToServerTimedOut | TlsHandshakeTimedOut):
        return CheckReason.TIMEOUT
    if issubclass(error, NOT_TLS):
        return CheckReason.NOT_APPLICABLE
    if issubclass(error, ConnectionToServerFailed):
        return CheckReason.UNREACHABLE
    return CheckReason.TOOL_ERROR

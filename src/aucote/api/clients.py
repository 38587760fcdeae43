"""Who is asking, as far as the API can tell: the client's address and whether the request reached
Aucote over HTTPS — directly (`service.api.tls`) or through a trusted proxy that says so
(`service.api.trusted_proxies`, applied by `aucote.api.proxies`). For the audit log, Secure
cookies, HSTS and lock-outs per address."""

from starlette.requests import HTTPConnection


def client_address(connection: HTTPConnection) -> str | None:
    """The client's IP address (from X-Forwarded-For when a trusted proxy sent it), None when the
    server does not know it."""
    client = connection.client
    return client.host if client else None


def is_https(connection: HTTPConnection) -> bool:
    """Whether the client's connection is HTTPS (or WSS): served with TLS here, or a trusted proxy's
    X-Forwarded-Proto says so."""
    return connection.scope.get("scheme") in ("https", "wss")

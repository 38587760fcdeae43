"""The client's address as the audit log records it: the one place that says where a request came
from (trusted-proxy handling will live here: X-Forwarded-For is believed only from
`service.api.trusted_proxies`)."""

from starlette.requests import HTTPConnection


def client_address(connection: HTTPConnection) -> str | None:
    """The client's IP address, None when the server does not know it."""
    client = connection.client
    return client.host if client else None

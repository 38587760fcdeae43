"""X-Forwarded-* from trusted reverse proxies (`service.api.trusted_proxies`), and from no one else.

When the direct peer is in a trusted network, uvicorn's ProxyHeadersMiddleware takes the client's
address from X-Forwarded-For (the right-most address that is not itself a trusted proxy) and the
scheme from X-Forwarded-Proto; here X-Forwarded-Host (the right-most value, the one the nearest
proxy set) replaces the Host header, so the URLs the API writes name the proxy's host. From any
other peer these headers, and `Forwarded`, are removed before the app sees them, so nothing
downstream can be fooled by them. `aucote.api.clients` reads the result."""

import re
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any, Final, cast

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

Network = IPv4Network | IPv6Network
FORWARDED: Final = frozenset({b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host", b"forwarded"})
HOST_VALUE: Final = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
"""A host name, an IPv4 address or a bracketed IPv6 address, with an optional port."""


class ForwardedHeaders:
    """ASGI middleware applying X-Forwarded-* from `trusted` peers and dropping them from others."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]) -> None:
        self.app, self.trusted = app, tuple(trusted)
        proxied = ProxyHeadersMiddleware(cast(Any, app), [str(network) for network in self.trusted])
        self.proxied = cast(ASGIApp, proxied)  # uvicorn types ASGI more narrowly than starlette

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
        elif is_trusted(peer_address(scope), self.trusted):
            await self.proxied(forwarded_host(scope), receive, send)
        else:
            await self.app(without_forwarding(scope), receive, send)


def peer_address(scope: Scope) -> str | None:
    """The address of the direct peer (the proxy, when there is one)."""
    client = scope.get("client")
    return str(client[0]) if client else None


def is_trusted(address: str | None, trusted: Sequence[Network]) -> bool:
    """Whether `address` is an IP address inside one of the `trusted` networks."""
    if not address or not trusted:
        return False
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def forwarded_host(scope: Scope) -> Scope:
    """The scope with its Host header replaced by the last well-formed X-Forwarded-Host value."""
    values = [value for name, value in scope["headers"] if name == b"x-forwarded-host"]
    hosts = [host.strip() for value in values for host in value.decode("latin-1").split(",")]
    host = hosts[-1] if hosts else ""
    if not HOST_VALUE.fullmatch(host):
        return scope
    headers = [(name, value) for name, value in scope["headers"] if name != b"host"]
    return dict(scope, headers=[*headers, (b"host", host.encode("latin-1"))])


def without_forwarding(scope: Scope) -> Scope:
    """The scope without X-Forwarded-For/-Proto/-Host and Forwarded headers."""
    headers = scope["headers"]
    if not any(name in FORWARDED for name, _ in headers):
        return scope
    return dict(scope, headers=[(name, value) for name, value in headers if name not in FORWARDED])

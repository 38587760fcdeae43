"""Open HTTP proxy, probed without ever making the target contact another host: every request asks
the proxy for the scanned port itself (`ip:port`) and nothing else.

The port is an open proxy when either
1. `CONNECT ip:port` is answered 2xx while `CONNECT ip:0` (a port nothing can listen on) is not:
   it opens tunnels on request; or
2. `GET http://ip:port/<random>` (absolute form) comes back with more `Via` hops than
   `GET /<random>` (origin form): the request was forwarded, the answer relayed through a proxy.
A plain web server answers both GETs alike (it serves absolute-form requests itself), and a server
that answers everything 200 answers both CONNECTs alike."""

import secrets

from aucote.checks.contract import CheckContext
from aucote.checks.exposed.http_head import ResponseHead, exchange, request
from aucote.checks.exposed.probe import host, require
from aucote.checks.http_headers.client import user_agent
from aucote.checks.http_headers.origin import uses_tls
from aucote.checks.judging import NotApplicable
from aucote.model.protocol import Protocol
from aucote.model.target import Port


def authority(port: Port, number: int) -> str:
    """`ip:port`, IPv6 in brackets."""
    address = host(port)
    return f"[{address}]:{number}" if ":" in address else f"{address}:{number}"


def via_hops(head: ResponseHead) -> int:
    """How many intermediaries the Via headers name."""
    return sum(len([hop for hop in value.split(",") if hop.strip()]) for value in head.values("via"))


async def _connect_evidence(port: Port, agent: str) -> str | None:
    target = authority(port, port.number)
    tunnel = await exchange(port, request("CONNECT", target, target, agent))
    if not 200 <= tunnel.status < 300:
        return None
    control = await exchange(port, request("CONNECT", authority(port, 0), authority(port, 0), agent))
    if 200 <= control.status < 300:
        return None
    return f"CONNECT {target} -> {tunnel.status_line} (CONNECT to port 0 -> {control.status_line})"


async def _forward_evidence(port: Port, agent: str) -> str | None:
    target = authority(port, port.number)
    path = f"/aucote-proxy-check-{secrets.token_hex(8)}"
    direct = await exchange(port, request("GET", path, target, agent))
    forwarded = await exchange(port, request("GET", f"http://{target}{path}", target, agent))
    if via_hops(forwarded) <= via_hops(direct):
        return None
    via = ", ".join(forwarded.values("via"))
    return f"GET http://{target}{path} forwarded -> {forwarded.status_line}, Via: {via}"


async def open_http_proxy(port: Port, context: CheckContext) -> str | None:
    """Evidence: the request the proxy served and what it answered."""
    require(port, Protocol.TCP)
    if uses_tls(port):
        raise NotApplicable("proxies behind TLS are not probed")
    agent = user_agent(context.options)
    found = await _connect_evidence(port, agent) or await _forward_evidence(port, agent)
    return f"Open HTTP proxy: {found}" if found else None

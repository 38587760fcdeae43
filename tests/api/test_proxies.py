"""X-Forwarded-For/-Proto/-Host count only when the direct peer is a trusted proxy; from anyone else
they are removed unread. Seen through `aucote.api.clients` by a small app behind the middleware."""

from collections.abc import Sequence
from ipaddress import ip_network
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from aucote.api.clients import client_address, is_https
from aucote.api.proxies import ForwardedHeaders, Network, is_trusted

TRUSTED = (ip_network("10.0.0.0/24"), ip_network("::1"))
FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "aucote.example.org",
}


async def echo(request: Request) -> JSONResponse:
    forwarded = sorted(
        name for name in request.headers if name.startswith("x-forwarded") or name == "forwarded"
    )
    return JSONResponse(
        {
            "client": client_address(request),
            "https": is_https(request),
            "host": request.headers.get("host"),
            "forwarded": forwarded,
        }
    )


def seen(peer: str, headers: dict[str, str], trusted: Sequence[Network] = TRUSTED) -> dict[str, Any]:
    """What the app sees of a request from `peer` (port 5000) with `headers`."""
    app = ForwardedHeaders(Starlette(routes=[Route("/", echo)]), trusted)
    with TestClient(app, base_url="http://aucote.internal:1235", client=(peer, 5000)) as client:
        body: dict[str, Any] = client.get("/", headers=headers).json()
        return body


def test_a_trusted_proxy_gives_client_scheme_and_host() -> None:
    assert seen("10.0.0.7", FORWARDED) == {
        "client": "203.0.113.9",
        "https": True,
        "host": "aucote.example.org",
        "forwarded": ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"],
    }


def test_an_untrusted_peer_is_taken_as_it_is_and_its_forwarding_headers_are_dropped() -> None:
    assert seen("192.0.2.1", {**FORWARDED, "Forwarded": "for=203.0.113.9;proto=https"}) == {
        "client": "192.0.2.1",
        "https": False,
        "host": "aucote.internal:1235",
        "forwarded": [],
    }


def test_nothing_is_trusted_by_default() -> None:
    assert seen("127.0.0.1", FORWARDED, trusted=())["client"] == "127.0.0.1"
    assert seen("127.0.0.1", FORWARDED, trusted=())["forwarded"] == []


@pytest.mark.parametrize(
    ("chain", "client"),
    [
        ("198.51.100.1, 10.0.0.8", "198.51.100.1"),  # a second trusted proxy in front is skipped
        ("6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client itself wrote is not believed
        ("10.0.0.9", "10.0.0.9"),  # only proxies: the left-most
    ],
)
def test_the_client_is_the_right_most_untrusted_address(chain: str, client: str) -> None:
    assert seen("10.0.0.7", {"X-Forwarded-For": chain})["client"] == client


def test_an_ipv6_proxy_is_trusted_by_its_network() -> None:
    assert seen("::1", FORWARDED)["client"] == "203.0.113.9"


@pytest.mark.parametrize("host", ["evil.example/path", "a b", "", "x@y"])
def test_a_malformed_forwarded_host_is_ignored(host: str) -> None:
    assert seen("10.0.0.7", {"X-Forwarded-Host": host})["host"] == "aucote.internal:1235"


@pytest.mark.parametrize(
    ("host", "taken"),
    [("aucote.example.org:8443", "aucote.example.org:8443"), ("[2001:db8::1]:443", "[2001:db8::1]:443"),
     ("client.example, proxy.example", "proxy.example")],
)  # fmt: skip
def test_a_well_formed_forwarded_host_replaces_host(host: str, taken: str) -> None:
    assert seen("10.0.0.7", {"X-Forwarded-Host": host})["host"] == taken


def test_a_proxy_saying_plain_http_is_believed_too() -> None:
    app = ForwardedHeaders(Starlette(routes=[Route("/", echo)]), TRUSTED)
    with TestClient(app, base_url="https://aucote.internal", client=("10.0.0.7", 5000)) as client:
        assert client.get("/").json()["https"] is True
        assert client.get("/", headers={"X-Forwarded-Proto": "http"}).json()["https"] is False


@pytest.mark.parametrize(
    ("address", "trusted"),
    [("10.0.0.255", True), ("10.0.1.0", False), ("::1", True), ("testclient", False), (None, False)],
)
def test_is_trusted(address: str | None, trusted: bool) -> None:
    assert is_trusted(address, TRUSTED) is trusted

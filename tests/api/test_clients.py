"""The client's address and scheme as the app sees them (after `aucote.api.proxies`)."""

from starlette.requests import HTTPConnection

from aucote.api.clients import client_address, is_https


def connection(**scope: object) -> HTTPConnection:
    return HTTPConnection({"type": "http", "headers": [], "path": "/", **scope})


def test_the_address_of_the_peer_or_none() -> None:
    assert client_address(connection(client=("192.0.2.4", 41000))) == "192.0.2.4"
    assert client_address(connection(client=None)) is None
    assert client_address(connection()) is None


def test_https_from_the_scheme() -> None:
    assert is_https(connection(scheme="https")) is True
    assert is_https(connection(type="websocket", scheme="wss")) is True
    assert is_https(connection(scheme="http")) is False
    assert is_https(connection()) is False

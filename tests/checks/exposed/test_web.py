"""The HTTP probes (open proxy, directory listing) against real servers on loopback, and the
always-200 server that must produce no path-based finding."""

from pathlib import Path

import pytest

from tests.checks.exposed.support import finding, loopback_port
from tests.support.http_servers import (
    Reply,
    always_200_server,
    header_server,
    listing_server,
    open_proxy,
    self_signed_cert,
)

LISTING_LOOKALIKE = Reply(
    200, (), b"<html><head><title>Index of /</title></head><body>Parent Directory</a></body></html>"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "db.sql").write_text("-- dump")
    (tmp_path / "index.html").write_text("<html><title>Home</title></html>")
    return tmp_path


def test_directory_listing(site: Path) -> None:
    with listing_server(site) as server:
        output = finding("http-directory-listing", loopback_port(server.port, service="http"))
    assert output == (
        f"Directory listing: {server.url}/images/ (Directory listing for /images/); "
        f"{server.url}/backup/ (Directory listing for /backup/)"
    )


def test_directory_listing_disabled(site: Path) -> None:
    with listing_server(site, listings=False) as server:
        assert finding("http-directory-listing", loopback_port(server.port, service="http")) is None


def test_open_proxy_with_tunnels() -> None:
    with open_proxy() as proxy:
        output = finding("http-open-proxy", loopback_port(proxy.port, service="http-proxy"))
    assert output == (
        f"Open HTTP proxy: CONNECT 127.0.0.1:{proxy.port} -> HTTP/1.1 200 Connection established "
        "(CONNECT to port 0 -> HTTP/1.1 400 Bad Request)"
    )


def test_open_proxy_forwarding_get() -> None:
    with open_proxy(tunnels=False) as proxy:
        output = finding("http-open-proxy", loopback_port(proxy.port, service="http-proxy"))
    assert output is not None
    assert output.startswith(f"Open HTTP proxy: GET http://127.0.0.1:{proxy.port}/aucote-proxy-check-")
    assert output.endswith("forwarded -> HTTP/1.1 400 Bad Request, Via: 1.1 aucote-test-proxy")


def test_plain_web_server_is_no_proxy() -> None:
    with header_server((("Via", "1.1 reverse-cache"),)) as server:
        assert finding("http-open-proxy", loopback_port(server.port, service="http-proxy")) is None


@pytest.mark.parametrize("page", [None, LISTING_LOOKALIKE], ids=["plain-page", "listing-lookalike"])
def test_always_200_server_has_no_path_based_finding(page: Reply | None) -> None:
    with always_200_server(page) as server:
        port = loopback_port(server.port, service="http")
        assert finding("http-directory-listing", port) is None
        assert finding("http-open-proxy", port) is None


def test_directory_listing_over_https(site: Path, tmp_path: Path) -> None:
    with listing_server(site, cert=self_signed_cert(tmp_path)) as server:
        output = finding("http-directory-listing", loopback_port(server.port, service="ssl/http"))
    assert output is not None
    assert output.startswith(f"Directory listing: https://127.0.0.1:{server.port}/images/")

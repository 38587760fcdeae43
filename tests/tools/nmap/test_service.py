"""Converting recorded nmap ports into the model's Port and Service."""

from ipaddress import IPv4Address

import pytest

from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port, Service
from aucote.tools.nmap.service import service_name, to_port, to_service
from tests.tools.nmap.recorded import recorded

NODE = Node(1, IPv4Address("10.231.0.2"))


def test_detected_services() -> None:
    ports = {p.number: p for p in recorded("service_scan").hosts[0].ports}
    assert to_service(ports[22]) == Service(
        "ssh",
        "OpenSSH",
        "9.2p1 Debian 2+deb12u3",
        "cpe:/a:openbsd:openssh:9.2p1",
        banner="SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
    )
    assert to_service(ports[21]) == Service(
        "ftp", "vsftpd", "3.0.3", "cpe:/a:vsftpd:vsftpd:3.0.3", banner="220 (vsFTPd 3.0.3)"
    )
    assert to_service(ports[8081]) == Service(
        "http", "Apache httpd", "2.2.19", "cpe:/a:apache:http_server:2.2.19"
    )


def test_http_over_tls_is_https() -> None:
    tls = recorded("service_scan").hosts[0].ports[4]
    assert to_service(tls) == Service(
        "https", "OpenSSL s_server -www httpd", None, "cpe:/a:openssl:openssl", tunnel="ssl"
    )


def test_port_table_guesses_are_not_detections() -> None:
    guessed = recorded("port_scan_tcp_all").hosts[0].ports[3]
    assert to_service(guessed) is None
    assert to_service(guessed, include_guess=True) == Service("blackice-icecap")


@pytest.mark.parametrize(
    ("name", "tunnel", "expected"),
    [
        ("http", "ssl", ("https", "ssl")),
        ("ssl/http", None, ("https", "ssl")),
        ("imap", "ssl", ("imap", "ssl")),
        ("http", None, ("http", None)),
        ("", None, (None, None)),
    ],
)
def test_service_name(name: str, tunnel: str | None, expected: tuple[str | None, str | None]) -> None:
    assert service_name(name, tunnel) == expected


def test_to_port() -> None:
    udp = recorded("port_scan_udp").hosts[0].ports[0]
    assert to_port(NODE, udp) == Port(NODE, 7, Protocol.UDP, None)
    assert str(to_port(NODE, udp, include_guess=True)) == "10.231.0.2:7/UDP"

"""Port specs: parsing, formatting, and their round trip."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aucote.catalog import format_ports, parse_ports
from aucote.model.protocol import Protocol

TCP, UDP = Protocol.TCP, Protocol.UDP


def test_parse_lists_ranges_and_protocol_switches() -> None:
    assert parse_ports("TCP:80,443,8000-8002,UDP:53") == {
        (TCP, 80),
        (TCP, 443),
        (TCP, 8000),
        (TCP, 8001),
        (TCP, 8002),
        (UDP, 53),
    }
    assert parse_ports(["tcp:22", "UDP:161"]) == {(TCP, 22), (UDP, 161)}
    assert parse_ports([]) == frozenset()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("TCP:99999", "bad port spec 'TCP:99999' (port out of range 1-65535)"),
        ("TCP:0", "bad port spec 'TCP:0' (port out of range 1-65535)"),
        ("TCP:80,70000", "bad port spec 'TCP:70000' (port out of range 1-65535)"),
        ("443", "bad port spec '443' (no protocol: write e.g. 'TCP:443')"),
        ("FTP:21", "bad port spec 'FTP:21' (unknown protocol 'FTP')"),
        ("TCP:9-1", "bad port spec 'TCP:9-1' (range end before its start)"),
        ("TCP:http", "bad port spec 'TCP:http' (expected a port or a range a-b)"),
    ],
)
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_ports(spec)
    assert str(caught.value) == message


def test_format_collapses_ranges_in_protocol_order() -> None:
    assert format_ports({(UDP, 53), (TCP, 81), (TCP, 80), (TCP, 82), (TCP, 443)}) == "TCP:80-82,443,UDP:53"
    assert format_ports(()) == ""


@given(
    st.frozensets(st.tuples(st.sampled_from(list(Protocol)), st.integers(1, 65535)), min_size=1, max_size=50)
)
def test_round_trip(ports: frozenset[tuple[Protocol, int]]) -> None:
    assert parse_ports(format_ports(ports)) == ports

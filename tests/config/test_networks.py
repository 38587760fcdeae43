from ipaddress import ip_network

import pytest

from aucote.config.networks import parse_networks


def test_cidr_blocks_and_addresses_of_both_families() -> None:
    assert parse_networks("10.0.0.0/8") == [ip_network("10.0.0.0/8")]
    assert parse_networks("192.0.2.7") == [ip_network("192.0.2.7/32")]
    assert parse_networks("2001:db8::/32") == [ip_network("2001:db8::/32")]
    assert parse_networks("::1") == [ip_network("::1/128")]


def test_a_range_becomes_the_smallest_set_of_networks() -> None:
    assert parse_networks("10.0.0.0-10.0.0.255") == [ip_network("10.0.0.0/24")]
    assert parse_networks("10.0.0.5-10.0.0.8") == [
        ip_network("10.0.0.5/32"),
        ip_network("10.0.0.6/31"),
        ip_network("10.0.0.8/32"),
    ]
    assert parse_networks("2001:db8::-2001:db8::1") == [ip_network("2001:db8::/127")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("10.0.0.1/24", "'10.0.0.1/24' has host bits set (did you mean '10.0.0.0/24'?)"),
        ("10.0.0.300", "'10.0.0.300' is not an IP address, network (CIDR) or range"),
        ("10.0.0.0/33", "'10.0.0.0/33' is not an IP address, network (CIDR) or range"),
        ("example.com", "'example.com' is not an IP address, network (CIDR) or range"),
        ("10.0.0.9-10.0.0.1", "range '10.0.0.9-10.0.0.1' ends before it starts"),
        ("10.0.0.1-::1", "range '10.0.0.1-::1' mixes IPv4 and IPv6"),
        ("10.0.0.1-x", "'10.0.0.1-x' is not a range of two IP addresses"),
    ],
)
def test_bad_networks_are_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_networks(text)
    assert str(caught.value).startswith(problem)

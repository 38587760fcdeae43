"""Real-world report kinds (recorded by tests/fixtures/nmap/record.py --loopback) and the bad
elements of edited copies: a value or one ParseError line naming the element, never a traceback."""

import re
from ipaddress import ip_address

import pytest

from aucote.model.protocol import Protocol
from aucote.tools.errors import ParseError
from aucote.tools.nmap.report import merged_hosts
from aucote.tools.nmap.xml import parse_nmap_xml
from tests.tools.nmap.recorded import raw, recorded

LOOPBACK = ip_address("127.31.0.1")


def test_an_ip_protocol_scan_keeps_the_host_and_no_ports() -> None:
    run = recorded("loopback_ip_protocols")
    assert run.scanned == ("ip",)
    (host,) = run.hosts
    assert (host.address, host.is_up, host.ports) == (LOOPBACK, True, ())


def test_the_same_target_twice_merges_into_one_host() -> None:
    run = recorded("loopback_same_target_twice")
    assert [h.address for h in run.hosts] == [LOOPBACK, LOOPBACK]
    (host,) = merged_hosts(run.hosts)
    assert [(p.protocol, p.number, [s.id for s in p.scripts]) for p in host.ports] == [
        (Protocol.TCP, 8080, ["http-title"])
    ]


def test_a_host_script_is_read() -> None:
    (host,) = recorded("loopback_hostscript").hosts
    assert [s.id for s in host.scripts] == ["smb-vuln-ms17-010"]


def test_a_report_without_start_has_none() -> None:
    """Derived: the real ping scan with its start emptied."""
    run = parse_nmap_xml(_edited("loopback_ping_scan", 'start="1796416046"', 'start=""'))
    assert run.started is None
    assert run.stats.finished == 1796416046.0


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "loopback_all_closed",
            'addr="127.31.0.1"',
            'addr="x.x.x.x"',
            "nmap XML <address addr='x.x.x.x'> is not an IP address",
        ),
        ("loopback_all_closed", 'portid="1"', 'portid="one"', "nmap XML <port portid='one'> is not a number"),
        (
            "loopback_all_closed",
            'portid="1"',
            'portid="70000"',
            "nmap XML <port portid=70000> is out of range",
        ),
        (
            "loopback_all_closed",
            'protocol="tcp" portid="1"',
            'protocol="xyz" portid="1"',
            "nmap XML <port protocol=...>: unknown protocol 'xyz'",
        ),
        ("loopback_ping_scan", 'start="1796416046"', 'start="soon"', "nmap XML <nmaprun start='soon'>"),
        (
            "loopback_ping_scan",
            'elapsed="0.00"',
            'elapsed="nan"',
            "nmap XML <finished elapsed='nan'> is not a finite number",
        ),
    ],
)
def test_a_bad_element_is_one_parse_error_naming_it(name: str, old: str, new: str, message: str) -> None:
    """Derived: real reports with one attribute edited (an anonymised address, a cut number …)."""
    with pytest.raises(ParseError, match="^" + re.escape(message)) as caught:
        parse_nmap_xml(_edited(name, old, new))
    assert "\n" not in str(caught.value)


def _edited(name: str, old: str, new: str) -> bytes:
    data = raw(name).decode()
    assert old in data
    return data.replace(old, new, 1).encode()

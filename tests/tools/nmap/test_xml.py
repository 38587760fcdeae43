"""The nmap XML parser on recorded real reports: exact values, and the error paths."""

from ipaddress import IPv4Address, IPv6Address

import pytest

from aucote.model.protocol import Protocol
from aucote.tools.errors import ParseError
from aucote.tools.nmap.report import (
    NmapHost,
    NmapPort,
    NmapService,
    RunStats,
    ScriptElem,
    ScriptResult,
    ScriptTable,
)
from aucote.tools.nmap.xml import parse_nmap_xml
from tests.tools.nmap.recorded import raw, recorded

TARGET = IPv4Address("10.231.0.2")
MAC = "EE:34:8C:0C:1B:1A"


def test_discovery_lists_up_and_down_hosts() -> None:
    run = recorded("discovery_ipv4")
    assert run.hosts == (
        NmapHost(TARGET, "up", "arp-response", mac=MAC),
        NmapHost(IPv4Address("10.231.1.2"), "down", "no-response"),
    )
    assert [h.is_up for h in run.hosts] == [True, False]
    assert run.stats == RunStats("success", None, 1.51, 1795365255.0, 1, 1, 2)
    assert run.stats.ok
    assert (run.version, run.started) == ("7.93", 1795365253.0)
    assert run.args == "nmap -n -oX - --noninteractive -T4 -sn -v --privileged -- 10.231.0.2 10.231.1.2"


def test_full_tcp_port_scan_lists_open_ports_with_table_guesses() -> None:
    (host,) = recorded("port_scan_tcp_all").hosts
    assert [p.number for p in host.ports] == [21, 22, 80, 8081, 8443]
    assert {(p.protocol, p.state, p.reason) for p in host.ports} == {(Protocol.TCP, "open", "syn-ack")}
    assert host.ports[3].service == NmapService("blackice-icecap", method="table", conf=3)


def test_udp_port_scan() -> None:
    (host,) = recorded("port_scan_udp").hosts
    assert host.ports == (
        NmapPort(7, Protocol.UDP, "open", "udp-response", NmapService("echo", method="table", conf=3)),
    )


def test_service_scan_reads_product_version_cpes_tunnel_and_scripts() -> None:
    (host,) = recorded("service_scan").hosts
    ssh, tls = host.ports[1], host.ports[4]
    assert ssh == NmapPort(
        22,
        Protocol.TCP,
        "open",
        "syn-ack",
        NmapService(
            "ssh",
            product="OpenSSH",
            version="9.2p1 Debian 2+deb12u3",
            extrainfo="protocol 2.0",
            ostype="Linux",
            method="probed",
            conf=10,
            cpes=("cpe:/a:openbsd:openssh:9.2p1", "cpe:/o:linux:linux_kernel"),
        ),
        (ScriptResult("banner", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"),),
    )
    assert tls.service is not None
    assert (tls.service.name, tls.service.tunnel, tls.service.product) == (
        "http",
        "ssl",
        "OpenSSL s_server -www httpd",
    )
    assert tls.scripts == ()


def test_service_scan_apache_lookalike_and_structured_script_output() -> None:
    (host,) = recorded("service_scan").hosts
    apache = host.ports[3]
    assert apache.service == NmapService(
        "http",
        "Apache httpd",
        "2.2.19",
        "(Unix)",
        None,
        None,
        "probed",
        10,
        ("cpe:/a:apache:http_server:2.2.19",),
    )
    header = apache.script("http-server-header")
    assert header == ScriptResult(
        "http-server-header",
        "Apache/2.2.19 (Unix)",
        ScriptTable(elems=(ScriptElem(None, "Apache/2.2.19 (Unix)"),)),
    )
    assert apache.script("banner") is None


def test_vulns_library_output_is_readable_as_tables() -> None:
    (host,) = recorded("scripts_vulnerable").hosts
    (port,) = host.ports
    assert [s.id for s in port.scripts] == ["http-vuln-cve2011-3192", "http-title"]
    script = port.script("http-vuln-cve2011-3192")
    assert script is not None
    assert script.output.startswith("\n  VULNERABLE:\n  Apache byterange filter DoS\n    State: VULNERABLE\n")
    vuln = script.data.table("CVE-2011-3192")
    assert vuln is not None
    assert (vuln.get("title"), vuln.get("state"), vuln.get("disclosure")) == (
        "Apache byterange filter DoS",
        "VULNERABLE",
        "2011-08-19",
    )
    assert vuln.table("ids") == ScriptTable(
        "ids", (ScriptElem(None, "CVE:CVE-2011-3192"), ScriptElem(None, "BID:49303"))
    )
    dates = vuln.table("dates")
    disclosure = dates.table("disclosure") if dates else None
    assert disclosure is not None and disclosure.get("year") == "2011"
    assert port.script("http-title") == ScriptResult(
        "http-title", "Range test", ScriptTable(elems=(ScriptElem("title", "Range test"),))
    )


def test_not_vulnerable_is_reported_only_with_showall() -> None:
    (port,) = recorded("scripts_not_vulnerable_showall").hosts[0].ports
    script = port.script("http-vuln-cve2011-3192")
    vuln = script.data.table("CVE-2011-3192") if script else None
    assert vuln is not None and vuln.get("state") == "NOT VULNERABLE"


def test_a_script_that_prints_nothing_leaves_no_script_element() -> None:
    (host,) = recorded("scripts_silent").hosts
    assert host.ports == (
        NmapPort(80, Protocol.TCP, "open", "syn-ack", NmapService("http", method="table", conf=3)),
    )


def test_ipv6_host_with_a_host_script_of_nested_tables() -> None:
    (host,) = recorded("scripts_ipv6_hostscript").hosts
    assert (host.address, host.mac, host.reason) == (
        IPv6Address("fe80::ec34:8cff:fe0c:1b1a"),
        MAC,
        "nd-response",
    )
    mac_table = ScriptTable(
        "MAC address", (ScriptElem("address", "ee348c0c1b1a"), ScriptElem("manuf", "Unknown"))
    )
    assert host.scripts == (
        ScriptResult(
            "address-info",
            "\n  IPv6 EUI-64: \n    MAC address: \n      address: ee348c0c1b1a\n      manuf: Unknown",
            ScriptTable(tables=(ScriptTable("IPv6 EUI-64", tables=(mac_table,)),)),
        ),
    )


def test_prescript_results() -> None:
    run = recorded("scripts_prescript")
    assert run.prescripts == (ScriptResult("unittest", "All tests passed"),)
    assert run.postscripts == ()
    assert run.hosts[0].scripts == ()


def test_nmap_error_is_in_run_stats() -> None:
    run = recorded("error_unknown_script")
    assert run.hosts == ()
    assert (run.stats.exit, run.stats.ok, run.stats.hosts_total) == ("error", False, 0)
    assert run.stats.errormsg is not None
    assert run.stats.errormsg.startswith(
        "NSE: failed to initialize the script engine:\n/usr/bin/../share/nmap/nse_main.lua:833: "
        "'no-such-script' did not match a category, filename, or directory\n"
    )


def test_report_of_a_killed_nmap_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"truncated or malformed \(no element found: line 15, column 0\)"):
        parse_nmap_xml(raw("truncated_killed"))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"", "no XML"),
        ("  \n", "no XML"),
        (b"<?xml version='1.0'?><foo/>", "not an nmap XML report"),
        (b"<nmaprun></nmaprun>", "no <runstats>"),
        (b"<nmaprun><runstats><hosts/></runstats></nmaprun>", "<runstats> has no <finished>"),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><nmaprun>&b;</nmaprun>',
            "refused",
        ),
    ],
)
def test_unusable_documents_raise_parse_error(document: bytes | str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_nmap_xml(document)


def test_accepts_text() -> None:
    assert parse_nmap_xml(raw("scripts_silent").decode()) == recorded("scripts_silent")

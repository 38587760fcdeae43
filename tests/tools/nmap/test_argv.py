"""The nmap argv builders: exact command lines, and the invariants every command keeps."""

from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import pytest

from aucote.model.protocol import Protocol
from aucote.tools.nmap.argv import discovery_argv, port_scan_argv, scripts_argv, service_argv

V4 = IPv4Address("127.0.0.1")
V6 = IPv6Address("::1")
HEAD = ["nmap", "-n", "-oX", "-", "--noninteractive", "-T4"]

Builder = Callable[[IPv4Address | IPv6Address], list[str]]
BUILDERS: dict[str, Builder] = {
    "discovery": lambda ip: discovery_argv([ip], privileged=True),
    "port scan": lambda ip: port_scan_argv([ip], "1-1024", privileged=False),
    "service": lambda ip: service_argv(ip, [80], privileged=True),
    "scripts": lambda ip: scripts_argv(ip, 80, ["http-title"], privileged=True),
}


def test_discovery() -> None:
    argv = discovery_argv(
        [IPv4Network("10.0.0.0/30"), V4], privileged=True, exclude=[IPv4Address("10.0.0.1")]
    )
    assert argv == [*HEAD, "-sn", "--privileged", "--exclude", "10.0.0.1", "--", "10.0.0.0/30", "127.0.0.1"]


def test_discovery_reporting_down_hosts_with_limits() -> None:
    argv = discovery_argv([V4], privileged=False, report_down=True, host_timeout=1.5, max_retries=1)
    assert argv == [
        *HEAD, "-sn", "-v", "--unprivileged", "--max-retries", "1", "--host-timeout", "1500ms",
        "--", "127.0.0.1",
    ]  # fmt: skip


def test_port_scan_syn_with_every_option() -> None:
    argv = port_scan_argv(
        [V4],
        "1-65535",
        privileged=True,
        skip_discovery=True,
        max_rate=1000,
        host_timeout=600,
        max_retries=2,
        exclude_ports="2024",
        timing=3,
    )
    assert argv == [
        "nmap", "-n", "-oX", "-", "--noninteractive", "-T3", "-sS", "--open", "-p", "1-65535",
        "--exclude-ports", "2024", "-Pn", "--privileged", "--max-rate", "1000", "--max-retries", "2",
        "--host-timeout", "600000ms", "--", "127.0.0.1",
    ]  # fmt: skip


def test_port_scan_connect_and_udp() -> None:
    assert port_scan_argv([V4], "-", privileged=False) == [
        *HEAD, "-sT", "--open", "-p", "-", "--unprivileged", "--", "127.0.0.1"
    ]  # fmt: skip
    udp = port_scan_argv([V4], "53,161", protocol=Protocol.UDP, privileged=True)
    assert udp[6:10] == ["-sU", "--open", "-p", "53,161"]
    with pytest.raises(ValueError, match="UDP without raw sockets"):
        port_scan_argv([V4], "53", protocol=Protocol.UDP, privileged=False)


def test_udp_port_scan_can_defeat_icmp_rate_limits() -> None:
    argv = port_scan_argv([V4], "53,161", protocol=Protocol.UDP, privileged=True, defeat_icmp_ratelimit=True)
    assert argv == [
        *HEAD, "-sU", "--open", "-p", "53,161", "--defeat-icmp-ratelimit", "--privileged",
        "--", "127.0.0.1",
    ]  # fmt: skip
    assert "--defeat-icmp-ratelimit" not in port_scan_argv([V4], "53", protocol=Protocol.UDP, privileged=True)


def test_defeating_icmp_rate_limits_is_refused_for_tcp() -> None:
    with pytest.raises(ValueError, match="only with a UDP scan, not TCP"):
        port_scan_argv([V4], "80", privileged=True, defeat_icmp_ratelimit=True)


def test_service_scan_of_all_ports_of_one_host() -> None:
    argv = service_argv(
        V4, [8080, 22, 80, 22], privileged=True, version_intensity=2, banner=True, host_timeout=60
    )
    assert argv == [
        *HEAD, "-Pn", "-sS", "-sV", "--version-intensity", "2", "-p", "22,80,8080", "--script", "+banner",
        "--privileged", "--host-timeout", "60000ms", "--", "127.0.0.1",
    ]  # fmt: skip
    assert service_argv(V4, [53], protocol=Protocol.UDP, privileged=True)[6:9] == ["-Pn", "-sU", "-sV"]


def test_scripts_run_together_with_forced_ones_prefixed() -> None:
    argv = scripts_argv(
        V4,
        8081,
        ["http-vuln-cve2011-3192", "http-title"],
        privileged=True,
        force={"http-vuln-cve2011-3192"},
        script_args={"http.useragent": 'a "quoted", odd\\agent', "vulns.showall": "1"},
        script_timeout=30,
    )
    assert argv == [
        *HEAD, "-Pn", "-sS", "-p", "8081", "--script", "+http-vuln-cve2011-3192,http-title",
        "--script-args", 'http.useragent="a \\"quoted\\", odd\\\\agent",vulns.showall="1"',
        "--script-timeout", "30000ms", "--privileged", "--", "127.0.0.1",
    ]  # fmt: skip


def test_scripts_with_version_detection_over_udp() -> None:
    argv = scripts_argv(
        V4, 161, ["snmp-info"], protocol=Protocol.UDP, privileged=True, version_detection=True
    )
    assert argv[6:11] == ["-Pn", "-sU", "-sV", "-p", "161"]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_command_has_no_dns_and_xml_on_stdout(name: str) -> None:
    argv = BUILDERS[name](V4)
    assert argv[:4] == ["nmap", "-n", "-oX", "-"]
    assert "-6" not in argv
    assert argv[-2:] == ["--", "127.0.0.1"]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_ipv6_targets_add_dash_6(name: str) -> None:
    argv = BUILDERS[name](V6)
    assert argv[:4] == ["nmap", "-n", "-oX", "-"]
    assert argv[-3:] == ["-6", "--", "::1"]


def test_ipv6_networks_and_mixed_families() -> None:
    assert discovery_argv([IPv6Network("fd00::/126")], privileged=True)[-3:] == ["-6", "--", "fd00::/126"]
    with pytest.raises(ValueError, match="IPv4 and IPv6"):
        discovery_argv([V4, V6], privileged=True)
    with pytest.raises(ValueError, match="IPv4 and IPv6"):
        port_scan_argv([V4], "80", privileged=True, exclude=[V6])


def test_nmap_binary_can_be_configured() -> None:
    assert discovery_argv([V4], privileged=True, nmap="/opt/nmap/bin/nmap")[0] == "/opt/nmap/bin/nmap"


@pytest.mark.parametrize("spec", ["80;id", "--script=x", "80 443x", "", "T:80,X:1"])
def test_bad_port_specs_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="port spec"):
        port_scan_argv([V4], spec, privileged=True)


@pytest.mark.parametrize("spec", ["22", "1-1024,8080", "-", "1-", "-1024", "T:80,U:53", "80, 443"])
def test_good_port_specs_pass(spec: str) -> None:
    assert spec.replace(" ", "") in port_scan_argv([V4], "80", privileged=True, exclude_ports=spec)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: scripts_argv(V4, 80, ["a"], privileged=True, force={"b"}), "not run"),
        (lambda: scripts_argv(V4, 80, ["../evil"], privileged=True), "script name"),
        (lambda: scripts_argv(V4, 80, ["-oN"], privileged=True), "script name"),
        (lambda: scripts_argv(V4, 80, ["a,b"], privileged=True), "script name"),
        (lambda: scripts_argv(V4, 80, [], privileged=True), "no scripts"),
        (lambda: scripts_argv(V4, 80, ["a"], privileged=True, script_args={"a=b": "c"}), "argument name"),
        (lambda: scripts_argv(V4, 70000, ["a"], privileged=True), "port"),
        (lambda: scripts_argv(V4, 80, ["a"], privileged=True, script_timeout=0), "positive"),
        (lambda: service_argv(V4, [], privileged=True), "no ports"),
        (lambda: service_argv(V4, [80], privileged=True, version_intensity=10), "version intensity"),
        (lambda: discovery_argv([], privileged=True), "no targets"),
        (lambda: discovery_argv([V4], privileged=True, timing=6), "timing"),
        (lambda: port_scan_argv([V4], "80", privileged=True, max_rate=0), "max rate"),
        (lambda: port_scan_argv([V4], "80", privileged=True, protocol=Protocol.SCTP), "SCTP"),
    ],
)
def test_bad_values_are_refused(call: Callable[[], list[str]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()

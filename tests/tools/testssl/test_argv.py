"""The testssl command line: fixed safety options, STARTTLS, single checks, IPv6."""

from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

import pytest

from aucote.tools.testssl.argv import scan_argv

JSON = Path("/tmp/x/out.json")
HEAD = ["testssl", "--warnings", "batch", "--quiet", "--color", "0", "--ip", "192.0.2.7", "--nodns", "none"]
WAITS = ["--connect-timeout", "10", "--openssl-timeout", "10"]


def test_default_run_of_one_port() -> None:
    argv = scan_argv(IPv4Address("192.0.2.7"), 443, JSON)
    assert argv == [*HEAD, *WAITS, "--jsonfile", str(JSON), "192.0.2.7:443"]


def test_starttls_and_single_checks_before_the_target() -> None:
    argv = scan_argv(
        IPv4Address("192.0.2.7"), 25, JSON, starttls="smtp", checks=["--protocols", "-U"], testssl="/opt/t"
    )
    assert argv[0] == "/opt/t"
    assert argv[-5:] == ["--protocols", "-U", "--starttls", "smtp", "192.0.2.7:25"]
    assert argv.index("--jsonfile") < argv.index("--protocols") < argv.index("--starttls")


def test_ipv6_target_in_brackets_with_dash_6() -> None:
    argv = scan_argv(IPv6Address("2001:db8::1"), 8443, JSON, connect_timeout=3, openssl_timeout=4)
    assert argv[-2:] == ["-6", "[2001:db8::1]:8443"]
    assert argv[argv.index("--ip") + 1] == "2001:db8::1"
    assert argv[argv.index("--connect-timeout") + 1] == "3"
    assert argv[argv.index("--openssl-timeout") + 1] == "4"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"starttls": "gopher"}, "cannot STARTTLS 'gopher'"),
        ({"checks": ["--phone-out"]}, "not testssl single-check options: --phone-out"),
        ({"checks": ["-p", "--file=/etc/passwd"]}, "--file=/etc/passwd"),
        ({"openssl_timeout": 0}, "at least 1 s"),
    ],
)
def test_refuses_unknown_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scan_argv(IPv4Address("192.0.2.7"), 443, JSON, **kwargs)  # type: ignore[arg-type]

"""The testssl.sh command line for one port.

Always `--warnings batch` (never wait for an answer), `--quiet` (no banner), `--color 0`,
`--ip <address> --nodns none` (no DNS query leaves the machine: the target is an address, not a
name), and bounded waits for a TCP connect and for each `openssl s_client` (without them a
STARTTLS probe of a server that does not upgrade hangs for many minutes). The findings go to the
flat JSON file `json_file`, which must not exist yet.
"""

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from typing import Final

STARTTLS_PROTOCOLS: Final = frozenset(
    {"ftp", "smtp", "lmtp", "pop3", "imap", "xmpp", "telnet", "ldap", "nntp", "postgres", "mysql"}
)
"""The protocols of testssl 3.0's `--starttls`."""

SINGLE_CHECKS: Final = frozenset(
    {
        *("-e", "--each-cipher", "-E", "--cipher-per-proto", "-s", "--std", "--standard"),
        *("-p", "--protocols", "-g", "--grease", "-S", "--server-defaults", "-P"),
        *("--server-preference", "-c", "--client-simulation", "-h", "--header", "--headers"),
        *("-U", "--vulnerable", "-H", "--heartbleed", "-I", "--ccs", "--ccs-injection", "-T"),
        *("--ticketbleed", "-BB", "--robot", "-R", "--renegotiation", "-C", "--compression"),
        *("--crime", "-B", "--breach", "-O", "--poodle", "-Z", "--tls-fallback", "-W", "--sweet32"),
        *("-A", "--beast", "-L", "--lucky13", "-F", "--freak", "-J", "--logjam", "-D", "--drown"),
        *("-f", "--pfs", "--fs", "--nsa", "-4", "--rc4", "--appelbaum"),
    }
)
"""testssl's "single check" options (none takes a value); without any, testssl runs its default set."""


def scan_argv(
    ip: IPv4Address | IPv6Address,
    port: int,
    json_file: Path,
    *,
    starttls: str | None = None,
    checks: Sequence[str] = (),
    connect_timeout: int = 10,
    openssl_timeout: int = 10,
    testssl: str = "testssl",
) -> list[str]:
    """`testssl … [checks] [-t starttls] [-6] <ip>:<port>`; ValueError for an unknown STARTTLS
    protocol or single check."""
    if starttls is not None and starttls not in STARTTLS_PROTOCOLS:
        raise ValueError(f"testssl cannot STARTTLS {starttls!r}")
    unknown = [check for check in checks if check not in SINGLE_CHECKS]
    if unknown:
        raise ValueError(f"not testssl single-check options: {', '.join(unknown)}")
    argv = [testssl, "--warnings", "batch", "--quiet", "--color", "0"]
    argv += ["--ip", str(ip), "--nodns", "none", *_waits(connect_timeout, openssl_timeout)]
    argv += ["--jsonfile", str(json_file), *checks]
    argv += ["--starttls", starttls] if starttls else []
    argv += ["-6"] if ip.version == 6 else []
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    return [*argv, f"{host}:{port}"]


def _waits(connect_timeout: int, openssl_timeout: int) -> list[str]:
    if connect_timeout < 1 or openssl_timeout < 1:
        raise ValueError("testssl waits must be at least 1 s")
    return ["--connect-timeout", str(connect_timeout), "--openssl-timeout", str(openssl_timeout)]

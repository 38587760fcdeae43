"""ExposedServicesCheck as a whole: one outcome per exploit in order, and every failure an outcome
with its reason (refused, wrong protocol, silence, a service speaking something else), never an
exception."""

import asyncio
import socket

import pytest

from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.exposed import ExposedServicesCheck
from aucote.checks.exposed.probe import LockedOut, Probe
from aucote.checks.exposed.probes import PROBES
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Port
from tests.checks.exposed.support import catalog, loopback_port, run_exploit, selected
from tests.support.banner_server import banner_server
from tests.support.ports import free_port

TCP_PROBES = [
    "ftp-anonymous",
    "redis-no-auth",
    "memcached-stats",
    "mongodb-no-auth",
    "http-open-proxy",
    "http-directory-listing",
]


def test_every_exploit_has_a_probe() -> None:
    assert {entry.name for entry in catalog() if entry.app == "aucote-exposed"} == set(PROBES)


@pytest.mark.parametrize("name", TCP_PROBES)
def test_refused_connection_fails(name: str) -> None:
    outcome = run_exploit(name, loopback_port(free_port()))
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)
    assert outcome.detail in ("connection refused", "HTTP request failed: All connection attempts failed")
    assert outcome.findings == ()


@pytest.mark.parametrize("name", TCP_PROBES)
def test_silent_service_times_out(name: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        outcome = run_exploit(name, loopback_port(silent.getsockname()[1]), timeout=0.3)
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.TIMEOUT,
        CheckReason.TIMEOUT,
        "no answer within 0.3 s",
    )


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("ftp-anonymous", "not an FTP reply: 'SSH-2.0-OpenSSH_9.2p1 Debian-2'"),
        ("redis-no-auth", "not a Redis reply: 'SSH-2.0-OpenSSH_9.2p1 Debian-2'"),
        ("memcached-stats", "not a memcached reply: 'SSH-2.0-OpenSSH_9.2p1 Debian-2'"),
        ("mongodb-no-auth", "a MongoDB message of 759714643 bytes"),
        ("http-open-proxy", "not an HTTP response: 'SSH-2.0-OpenSSH_9.2p1 Debian-2'"),
    ],
)
def test_another_protocol_is_not_applicable(name: str, answer: str) -> None:
    with banner_server("SSH-2.0-OpenSSH_9.2p1 Debian-2", "Protocol mismatch.") as server:
        outcome = run_exploit(name, loopback_port(server.server_address[1]))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.NOT_APPLICABLE,
        f"unexpected answer: {answer}",
    )


def test_wrong_transport_is_skipped() -> None:
    outcome = run_exploit("snmp-default-community", loopback_port(161, Protocol.TCP))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.NOT_APPLICABLE,
        "this probe speaks UDP, the port is TCP",
    )
    udp = run_exploit("redis-no-auth", loopback_port(6379, Protocol.UDP))
    assert (udp.status, udp.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)


def test_silent_snmp_port_is_no_finding() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        outcome = run_exploit(
            "snmp-default-community", loopback_port(silent.getsockname()[1], Protocol.UDP), 1
        )
    assert (outcome.status, outcome.findings) == (CheckStatus.DONE, ())


def test_outcomes_in_order_and_unknown_names_fail_alone() -> None:
    items = [Selected(Exploit(id=2999, app="aucote-exposed", name="nothing")), selected("redis-no-auth")]
    port = loopback_port(free_port())
    outcomes = asyncio.run(ExposedServicesCheck().run(port, items, CheckContext(timeout=2)))
    assert [outcome.exploit_id for outcome in outcomes] == [2999, items[1].exploit.id]
    assert [(o.status, o.reason, o.detail) for o in outcomes] == [
        (CheckStatus.FAILED, CheckReason.CHECK_ERROR, "aucote-exposed has no rule named 'nothing'"),
        (CheckStatus.FAILED, CheckReason.UNREACHABLE, "connection refused"),
    ]


def test_proxy_authority_brackets_ipv6() -> None:
    from ipaddress import IPv6Address

    from aucote.checks.exposed.http_proxy import authority
    from aucote.model.target import Node

    port = Port(Node(1, IPv6Address("::1")), 3128, Protocol.TCP)
    assert (authority(port, 3128), authority(port, 0)) == ("[::1]:3128", "[::1]:0")


def test_a_busy_service_is_a_script_error() -> None:
    with banner_server("421 Too many connections, try again later") as server:
        outcome = run_exploit("ftp-anonymous", loopback_port(server.server_address[1]))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.FAILED,
        CheckReason.SCRIPT_ERROR,
        "the FTP server is not ready: 421 Too many connections, try again later",
    )


def test_a_crashing_probe_fails_its_exploit_only() -> None:
    # No real probe can be made to crash on demand: a probe with a bug stands in for one.
    async def buggy(port: Port, context: CheckContext) -> str | None:
        found: dict[str, str] = {}
        return found["missing"]

    items = [Selected(Exploit(id=2998, app="aucote-exposed", name="buggy")), selected("redis-no-auth")]
    check = ExposedServicesCheck({"buggy": buggy, "redis-no-auth": PROBES["redis-no-auth"]})
    outcomes = asyncio.run(check.run(loopback_port(free_port()), items, CheckContext(timeout=2)))
    assert [(o.status, o.reason, o.detail) for o in outcomes] == [
        (CheckStatus.FAILED, CheckReason.CHECK_ERROR, "KeyError: 'missing'"),
        (CheckStatus.FAILED, CheckReason.UNREACHABLE, "connection refused"),
    ]


def _locked_for(attempts: int) -> tuple[list[float], Probe]:
    """A probe refused by a lock-out on its first `attempts` calls, then finding; the call times."""
    calls: list[float] = []

    async def probe(port: Port, context: CheckContext) -> str | None:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) <= attempts:
            raise LockedOut("Too many security failures")
        return "open"

    return calls, probe


def _run_locked(attempts: int, pauses: tuple[float, ...]) -> tuple[list[float], ExploitOutcome]:
    calls, probe = _locked_for(attempts)
    check = ExposedServicesCheck({"vnc-no-auth": probe}, lockout_pauses=pauses)
    [outcome] = asyncio.run(
        check.run(loopback_port(5900), [selected("vnc-no-auth")], CheckContext(timeout=1))
    )
    return calls, outcome


def test_a_locked_out_probe_is_asked_again_after_each_pause() -> None:
    calls, outcome = _run_locked(2, (0.05, 0.1, 0.2))
    assert (outcome.status, [f.output for f in outcome.findings]) == (CheckStatus.DONE, ["open"])
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 0.05 and calls[2] - calls[1] >= 0.1


def test_a_probe_locked_out_after_the_last_pause_is_failed_locked_out() -> None:
    calls, outcome = _run_locked(10, (0.01, 0.01))
    assert (outcome.status, outcome.reason, outcome.findings) == (
        CheckStatus.FAILED,
        CheckReason.LOCKED_OUT,
        (),
    )
    assert outcome.detail == "the service refused the scanner: Too many security failures"
    assert len(calls) == 3

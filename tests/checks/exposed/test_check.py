"""ExposedServicesCheck as a whole: one outcome per exploit in order, and every failure an outcome
(refused, wrong protocol, silence, a service speaking something else), never an exception."""

import asyncio
import socket

import pytest

from aucote.checks.contract import CheckContext, Selected
from aucote.checks.exposed import ExposedServicesCheck
from aucote.model.exploit import Exploit
from aucote.model.protocol import Protocol
from aucote.model.status import CheckStatus
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
    from aucote.checks.exposed.probes import PROBES

    assert {entry.name for entry in catalog() if entry.app == "aucote-exposed"} == set(PROBES)


@pytest.mark.parametrize("name", TCP_PROBES)
def test_refused_connection_fails(name: str) -> None:
    outcome = run_exploit(name, loopback_port(free_port()))
    assert outcome.status is CheckStatus.FAILED
    assert outcome.reason and ("refused" in outcome.reason or "failed" in outcome.reason)
    assert outcome.findings == ()


@pytest.mark.parametrize("name", TCP_PROBES)
def test_silent_service_times_out(name: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        outcome = run_exploit(name, loopback_port(silent.getsockname()[1]), timeout=0.3)
    assert (outcome.status, outcome.reason) == (CheckStatus.TIMEOUT, "no answer within 0.3 s")


@pytest.mark.parametrize(
    "name", ["ftp-anonymous", "redis-no-auth", "memcached-stats", "mongodb-no-auth", "http-open-proxy"]
)
def test_another_protocol_fails_with_the_reason(name: str) -> None:
    with banner_server("SSH-2.0-OpenSSH_9.2p1 Debian-2", "Protocol mismatch.") as server:
        outcome = run_exploit(name, loopback_port(server.server_address[1]))
    assert outcome.status is CheckStatus.FAILED, outcome
    assert outcome.reason


def test_wrong_transport_is_skipped() -> None:
    outcome = run_exploit("snmp-default-community", loopback_port(161, Protocol.TCP))
    assert outcome.status is CheckStatus.SKIPPED
    assert outcome.reason == "this probe speaks UDP, the port is TCP"
    assert run_exploit("redis-no-auth", loopback_port(6379, Protocol.UDP)).status is CheckStatus.SKIPPED


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
    assert outcomes[0].reason == "no probe named 'nothing'"
    assert outcomes[1].reason == "connection refused"


def test_proxy_authority_brackets_ipv6() -> None:
    from ipaddress import IPv6Address

    from aucote.checks.exposed.http_proxy import authority
    from aucote.model.target import Node, Port

    port = Port(Node(1, IPv6Address("::1")), 3128, Protocol.TCP)
    assert (authority(port, 3128), authority(port, 0)) == ("[::1]:3128", "[::1]:0")

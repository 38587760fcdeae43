"""The login probes' failures, each an outcome with its reason: a closed port, a silent one, and a
service speaking another protocol (an SSH greeting)."""

import socket

import pytest

from aucote.model.status import CheckReason, CheckStatus
from tests.checks.exposed.support import loopback_port, run_exploit
from tests.support.banner_server import banner_server
from tests.support.ports import free_port

LOGIN_PROBES = ["mysql-empty-password", "postgres-no-password", "amqp-guest-login"]


@pytest.mark.parametrize("name", LOGIN_PROBES)
def test_refused_connection_fails(name: str) -> None:
    outcome = run_exploit(name, loopback_port(free_port()))
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)
    assert outcome.findings == ()


@pytest.mark.parametrize("name", LOGIN_PROBES)
def test_silent_service_times_out(name: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        outcome = run_exploit(name, loopback_port(silent.getsockname()[1]), timeout=1)
    assert (outcome.status, outcome.reason) == (CheckStatus.TIMEOUT, CheckReason.TIMEOUT)


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("mysql-empty-password", "not a MySQL server"),
        ("postgres-no-password", "expected authentication request from server, but received S"),
    ],
)
def test_another_protocol_is_not_applicable(name: str, answer: str) -> None:
    with banner_server("SSH-2.0-OpenSSH_9.2p1 Debian-2", "Protocol mismatch.") as server:
        outcome = run_exploit(name, loopback_port(server.server_address[1]))
    assert (outcome.status, outcome.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    assert outcome.detail is not None
    assert answer in outcome.detail


def test_amqp_waits_for_a_whole_frame_from_a_service_that_greets_first() -> None:
    """aiormq reads `SSH-2.0` as a frame header announcing 758 MB and waits for it: against a
    service that greets in another protocol and keeps the connection open, the probe times out."""
    with banner_server("SSH-2.0-OpenSSH_9.2p1 Debian-2", "Protocol mismatch.") as server:
        outcome = run_exploit("amqp-guest-login", loopback_port(server.server_address[1]), timeout=1)
    assert (outcome.status, outcome.reason) == (CheckStatus.TIMEOUT, CheckReason.TIMEOUT)

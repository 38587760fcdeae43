"""The AMQP guest/guest probe against real RabbitMQ brokers (tests/support/daemons/rabbitmq.py) in
network namespaces, so that our connection comes from a non-loopback address as a remote
attacker's would: `loopback_users = none` (vulnerable) and RabbitMQ's default (safe). Both run on
port 5673, so only -sV's service name `amqp` selects the check in `aucote scan`. Needs root (run
with AUCOTE_LAB_NAME=lg beside other engineers' labs)."""

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.checks.exposed.login_scan import findings_of, port_at, scan
from tests.checks.exposed.support import finding
from tests.support.daemons.rabbitmq import RabbitMq, rabbitmq, wait_for_log
from tests.support.netns_lab import netns_lab

pytestmark = pytest.mark.netns

AMQP_GUEST_LOGIN = 2502
PORT = 5673


@dataclass(frozen=True, slots=True)
class Brokers:
    """One broker per configuration, each on its own namespace host."""

    open: RabbitMq
    default: RabbitMq


@pytest.fixture(scope="module")
def brokers() -> Iterator[Brokers]:
    with netns_lab(2) as lab, ExitStack() as stack:
        started = [
            stack.enter_context(
                rabbitmq(lab.workdir / host.name, host.ip, PORT, guest_remote=remote, wrap=host.argv)
            )
            for host, remote in zip(lab.hosts, (True, False), strict=True)
        ]
        yield Brokers(*started)


def test_guest_from_a_remote_address_is_reported(brokers: Brokers) -> None:
    broker = brokers.open
    output = finding("amqp-guest-login", port_at(broker.address, broker.port, "amqp"))
    assert output is not None
    assert output.startswith("AMQP login guest/guest accepted: product=RabbitMQ, version=3.")
    assert "platform=Erlang/OTP" in output


def test_guest_limited_to_loopback_is_safe(brokers: Brokers) -> None:
    broker = brokers.default
    assert finding("amqp-guest-login", port_at(broker.address, broker.port, "amqp")) is None
    wait_for_log(broker, "PLAIN login refused: user 'guest' can only connect via localhost")


@pytest.mark.nmap
def test_scan_finds_guest(brokers: Brokers, tmp_path: Path) -> None:
    broker = brokers.open
    result = scan(tmp_path, broker.address, broker.port, AMQP_GUEST_LOGIN)
    (found,) = findings_of(result, AMQP_GUEST_LOGIN)
    assert (found["ip"], found["port"], found["service"]) == (broker.address, PORT, "amqp")
    assert "product=RabbitMQ" in found["output"]


@pytest.mark.nmap
def test_scan_of_the_default_broker_finds_nothing(brokers: Brokers, tmp_path: Path) -> None:
    broker = brokers.default
    assert scan(tmp_path, broker.address, broker.port, AMQP_GUEST_LOGIN)["findings"] == []

"""mqtt-anonymous against a real Mosquitto: anonymous clients allowed (finding) or a password file
(no finding); the TLS choice; the verdict on a refused connection."""

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

import pytest

from aucote.checks.exposed.mqtt import evidence, uses_tls
from aucote.checks.exposed.mqtt_session import Session
from aucote.checks.exposed.probe import ProbeFailed
from aucote.model.status import CheckReason, CheckStatus
from aucote.model.target import Service
from tests.checks.exposed.brokers import running
from tests.checks.exposed.support import finding, loopback_port, run_exploit
from tests.support.daemons.mosquitto import mosquitto
from tests.support.ports import free_port


@pytest.fixture(scope="module")
def open_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "mqtt-open", partial(mosquitto, anonymous=True))


@pytest.fixture(scope="module")
def closed_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "mqtt-closed", partial(mosquitto, anonymous=False))


def test_anonymous_broker_is_a_finding(open_broker: int) -> None:
    output = finding("mqtt-anonymous", loopback_port(open_broker, service="mqtt"))
    assert output is not None
    assert output.startswith(
        "MQTT broker accepts anonymous clients: CONNACK 0 (accepted); "
        "SUBSCRIBE '#' granted QoS 0, '$SYS/#' granted QoS 0; topics seen: $SYS/broker/"
    )
    topics = output.partition("topics seen: ")[2].split(", ")
    assert 1 <= len(topics) <= 5
    assert all(topic.startswith("$SYS/broker/") for topic in topics)


@pytest.fixture(scope="module")
def tls_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "mqtt-tls", partial(mosquitto, anonymous=True, tls=True))


def test_anonymous_broker_over_tls_is_a_finding(tls_broker: int) -> None:
    output = finding("mqtt-anonymous", loopback_port(tls_broker, service="secure-mqtt"))
    assert output is not None
    assert output.startswith(
        "MQTT broker accepts anonymous clients: CONNACK 0 (accepted); SUBSCRIBE '#' granted"
    )


def test_broker_with_passwords_is_no_finding(closed_broker: int) -> None:
    assert finding("mqtt-anonymous", loopback_port(closed_broker, service="mqtt")) is None


def test_broker_over_tls_port_without_tls_fails(open_broker: int) -> None:
    outcome = run_exploit("mqtt-anonymous", loopback_port(open_broker, service="secure-mqtt"), timeout=3)
    assert (outcome.status, outcome.reason, outcome.findings) == (
        CheckStatus.FAILED,
        CheckReason.UNREACHABLE,
        (),
    )


def test_nothing_listening_is_unreachable() -> None:
    outcome = run_exploit("mqtt-anonymous", loopback_port(free_port()))
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)


@pytest.mark.parametrize(
    ("service", "number", "tls"),
    [
        ("mqtt", 8883, False),
        ("secure-mqtt", 1883, True),
        ("ssl/mqtt", 1883, True),
        (None, 8883, True),
        (None, 1883, False),
    ],
)
def test_tls_from_service_name_or_port(service: str | None, number: int, tls: bool) -> None:
    port = loopback_port(number, service=service)
    assert uses_tls(port) is tls
    assert uses_tls(replace(port, service=Service(name="mqtt", tunnel="ssl")))


def test_refusals() -> None:
    assert evidence(Session(connack=0x87)) is None
    assert evidence(Session(connack=0x86)) is None
    assert evidence(Session(connack=0, granted=[0x80, 0x80])) is None
    with pytest.raises(ProbeFailed, match="CONNACK return code 136"):
        evidence(Session(connack=0x88))

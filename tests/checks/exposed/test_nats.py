"""nats-no-auth against a real nats-server: open (finding) or with user and password (no finding)."""

from collections.abc import Iterator
from functools import partial

import pytest

from aucote.checks.exposed.nats import evidence
from aucote.model.status import CheckReason, CheckStatus
from tests.checks.exposed.brokers import running
from tests.checks.exposed.support import finding, loopback_port, run_exploit
from tests.support.daemons.mosquitto import mosquitto
from tests.support.daemons.nats import nats_server
from tests.support.ports import free_port


@pytest.fixture(scope="module")
def open_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "nats-open", partial(nats_server, authorization=False))


@pytest.fixture(scope="module")
def closed_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "nats-closed", partial(nats_server, authorization=True))


def test_open_server_is_a_finding(open_nats: int) -> None:
    output = finding("nats-no-auth", loopback_port(open_nats, service="nats"))
    assert output is not None
    assert output.startswith(
        'NATS accepts clients without authorization: CONNECT without credentials -> PONG; INFO: version="2.'
    )
    assert "auth_required=true" not in output


def test_server_with_authorization_is_no_finding(closed_nats: int) -> None:
    assert finding("nats-no-auth", loopback_port(closed_nats, service="nats")) is None


def test_nothing_listening_is_unreachable() -> None:
    outcome = run_exploit("nats-no-auth", loopback_port(free_port()))
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)


def test_another_protocol_is_not_nats(tmp_path_factory: pytest.TempPathFactory) -> None:
    port = free_port()
    with mosquitto(tmp_path_factory.mktemp("nats-mqtt"), "127.0.0.1", port, anonymous=True):
        outcome = run_exploit("nats-no-auth", loopback_port(port), timeout=2)
    # an MQTT broker waits for CONNECT and never sends NATS's INFO
    assert (outcome.status, outcome.reason, outcome.findings) == (
        CheckStatus.TIMEOUT,
        CheckReason.TIMEOUT,
        (),
    )


@pytest.mark.parametrize(
    ("name", "words"), [("mqtt-anonymous", "not an MQTT"), ("zookeeper-four-letter-words", "INFO")]
)
def test_other_probes_on_nats_are_not_applicable(open_nats: int, name: str, words: str) -> None:
    outcome = run_exploit(name, loopback_port(open_nats), timeout=3)
    assert (outcome.status, outcome.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)
    assert outcome.detail is not None and words in outcome.detail


def test_evidence_shows_info_fields() -> None:
    info = {"version": "2.9.10", "auth_required": False, "server_id": "X", "tls_required": False}
    assert evidence(info) == (
        "NATS accepts clients without authorization: CONNECT without credentials -> PONG; "
        'INFO: version="2.9.10", auth_required=false, tls_required=false'
    )

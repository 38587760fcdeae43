"""etcd-no-auth against a real etcd holding three keys: authentication off (finding: key names, never
values) or enabled with user root (no finding)."""

from collections.abc import Iterator
from functools import partial

import pytest

from aucote.checks.exposed.etcd import evidence
from aucote.model.status import CheckReason, CheckStatus
from tests.checks.exposed.brokers import running
from tests.checks.exposed.support import finding, loopback_port, run_exploit
from tests.support.daemons.etcd import KEYS, etcd
from tests.support.daemons.nats import nats_server
from tests.support.ports import free_port


@pytest.fixture(scope="module")
def open_etcd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "etcd-open", partial(etcd, authentication=False))


@pytest.fixture(scope="module")
def closed_etcd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "etcd-closed", partial(etcd, authentication=True))


def test_open_etcd_is_a_finding(open_etcd: int) -> None:
    output = finding("etcd-no-auth", loopback_port(open_etcd))
    assert output is not None
    assert output.startswith("etcd 3.")
    assert output.endswith(
        "serves its keys without authentication: 3 keys readable: "
        "/app/config, /app/db/password, /registry/nodes/a"
    )
    assert not any(value in output for value in KEYS.values() if value != "{}")


def test_etcd_with_authentication_is_no_finding(closed_etcd: int) -> None:
    assert finding("etcd-no-auth", loopback_port(closed_etcd)) is None


def test_another_service_is_not_etcd(tmp_path_factory: pytest.TempPathFactory) -> None:
    port = free_port()
    with nats_server(tmp_path_factory.mktemp("etcd-nats"), "127.0.0.1", port, authorization=False):
        outcome = run_exploit("etcd-no-auth", loopback_port(port), timeout=3)
    assert (outcome.status, outcome.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)


def test_evidence_counts_beyond_the_names_shown() -> None:
    body = {"kvs": [{"key": "L2E="}, {"key": "L2I="}], "more": True, "count": "42"}
    assert (
        evidence("3.4.23", body)
        == "etcd 3.4.23 serves its keys without authentication: 42 keys readable: /a, /b"
    )
    assert evidence("3.4.23", {}) == "etcd 3.4.23 serves its keys without authentication: 0 keys readable"

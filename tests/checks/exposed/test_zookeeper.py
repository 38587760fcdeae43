"""zookeeper-four-letter-words against a real ZooKeeper: every word whitelisted (finding) or the
whitelist empty, which ZooKeeper reads as `srvr` alone (no finding)."""

from collections.abc import Iterator
from functools import partial

import pytest

from aucote.checks.exposed.probe import ProbeFailed
from aucote.checks.exposed.zookeeper import Answer, checked, evidence
from tests.checks.exposed.brokers import running
from tests.checks.exposed.support import finding, loopback_port
from tests.support.daemons.zookeeper import ask, zookeeper


@pytest.fixture(scope="module")
def open_zookeeper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "zk-open", partial(zookeeper, whitelist="*"))


@pytest.fixture(scope="module")
def closed_zookeeper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    yield from running(tmp_path_factory, "zk-closed", partial(zookeeper, whitelist=""))


def test_all_words_answered_is_a_finding(open_zookeeper: int) -> None:
    output = finding("zookeeper-four-letter-words", loopback_port(open_zookeeper, service="zookeeper"))
    assert output is not None
    assert output.startswith(
        "ZooKeeper answers four-letter words (srvr, mntr, dump) to anyone: srvr: Zookeeper version: 3."
    )
    assert "Mode: standalone; Node count: " in output
    assert "| mntr: zk_server_state: standalone; zk_znode_count: " in output
    assert "| dump: " in output and "connected sessions listed" in output


def test_default_whitelist_is_no_finding(closed_zookeeper: int) -> None:
    assert (
        finding("zookeeper-four-letter-words", loopback_port(closed_zookeeper, service="zookeeper")) is None
    )
    assert "Zookeeper version:" in ask("127.0.0.1", closed_zookeeper, "srvr")
    assert "is not executed because it is not in the whitelist" in ask("127.0.0.1", closed_zookeeper, "mntr")


def test_srvr_alone_is_no_finding() -> None:
    srvr = Answer("srvr", "Zookeeper version: 3.8.0\nMode: standalone\nNode count: 5\n")
    refused = Answer("mntr", "mntr is not executed because it is not in the whitelist.\n")
    assert evidence([srvr, refused]) is None


def test_not_serving_and_other_protocols() -> None:
    with pytest.raises(ProbeFailed, match="not currently serving"):
        checked(Answer("srvr", "This ZooKeeper instance is not currently serving requests\n"))
    with pytest.raises(ValueError, match="not a ZooKeeper answer"):
        checked(Answer("mntr", "SSH-2.0-OpenSSH_9.2\r\n"))

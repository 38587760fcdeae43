"""The SSH check against real OpenSSH servers started here (a weak and a hardened configuration) and
against fake servers for what no current server can do (protocol 1, old versions, broken peers).

Every server listens on 127.0.0.1 on a free port."""

import asyncio
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from aucote.catalog import load_catalog
from aucote.checks.contract import CheckContext, ExploitOutcome, Selected
from aucote.checks.ssh.check import SshCheck
from aucote.checks.ssh.handshake import Handshake, handshake
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason, CheckStatus, status_for
from aucote.model.target import Node, Port
from tests.checks.ssh.recorded import greeting
from tests.checks.ssh.servers import replay_server
from tests.checks.ssh.sshd import HARDENED, WEAK, sshd
from tests.support.banner_server import banner_server
from tests.support.ports import free_port

IDS = {
    "ssh-protocol-1": 2300,
    "ssh-weak-kex": 2301,
    "ssh-weak-ciphers": 2302,
    "ssh-weak-macs": 2303,
    "ssh-weak-host-keys": 2304,
    "ssh-server-version": 2305,
    "ssh-outdated-server": 2306,
}
CONTEXT = CheckContext(timeout=10.0)


def selected() -> list[Selected]:
    return [Selected(entry.exploit) for entry in load_catalog() if entry.app == "aucote-ssh"]


def loopback(number: int, protocol: Protocol = Protocol.TCP) -> Port:
    return Port(Node(1, IPv4Address("127.0.0.1")), number, protocol)


def by_name(outcomes: list[ExploitOutcome]) -> dict[str, ExploitOutcome]:
    names = {exploit_id: name for name, exploit_id in IDS.items()}
    return {names[outcome.exploit_id]: outcome for outcome in outcomes}


def output(outcome: ExploitOutcome) -> str:
    assert outcome.status is CheckStatus.DONE
    assert len(outcome.findings) == 1
    return outcome.findings[0].output


def run(number: int, check: SshCheck | None = None) -> dict[str, ExploitOutcome]:
    return by_name(asyncio.run((check or SshCheck()).run(loopback(number), selected(), CONTEXT)))


def replayed(data: bytes, close: bool = True, context: CheckContext = CONTEXT) -> dict[str, ExploitOutcome]:
    async def scenario() -> list[ExploitOutcome]:
        async with replay_server(data, close) as number:
            return await SshCheck().run(loopback(number), selected(), context)

    return by_name(asyncio.run(scenario()))


def test_catalogue_entries() -> None:
    assert {item.exploit.name: item.exploit.id for item in selected()} == IDS


def test_weak_openssh(tmp_path: Path) -> None:
    connections: list[tuple[str, int]] = []

    async def counting(host: str, number: int) -> Handshake:
        connections.append((host, number))
        return await handshake(host, number)

    with sshd(WEAK, tmp_path) as number:
        outcomes = run(number, SshCheck(counting))
    assert connections == [("127.0.0.1", number)]
    assert all(outcome.status is CheckStatus.DONE for outcome in outcomes.values())
    assert outcomes["ssh-protocol-1"].findings == ()
    assert outcomes["ssh-outdated-server"].findings == ()

    kex = output(outcomes["ssh-weak-kex"])
    assert "  diffie-hellman-group1-sha1: 1024-bit MODP group" in kex
    assert "  diffie-hellman-group14-sha1: SHA-1" in kex
    assert "  diffie-hellman-group-exchange-sha1: SHA-1" in kex
    assert "  kex-strict" not in kex
    assert "Key exchange algorithms offered: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1," in kex

    ciphers = output(outcomes["ssh-weak-ciphers"])
    assert "  3des-cbc: 64-bit block cipher" in ciphers
    assert "  aes128-cbc: CBC mode" in ciphers
    assert "  aes128-ctr" not in ciphers
    assert "Ciphers offered: 3des-cbc,aes128-cbc,aes128-ctr" in ciphers

    macs = output(outcomes["ssh-weak-macs"])
    for weak in ("hmac-md5", "hmac-sha1-96", "umac-64@openssh.com", "hmac-sha1"):
        assert f"  {weak}: " in macs
    assert "  hmac-sha2-256-etm@openssh.com" not in macs

    host_keys = output(outcomes["ssh-weak-host-keys"])
    assert "  ssh-dss: DSA" in host_keys
    assert "  ssh-rsa: RSA signatures with SHA-1" in host_keys
    assert "  rsa-sha2-256" not in host_keys

    version = output(outcomes["ssh-server-version"])
    assert version.startswith("Server identification: SSH-2.0-OpenSSH_9.2")
    assert "Protocol: 2.0" in version


def test_hardened_openssh(tmp_path: Path) -> None:
    with sshd(HARDENED, tmp_path) as number:
        outcomes = run(number)
    assert all(outcome.status is CheckStatus.DONE for outcome in outcomes.values())
    with_findings = {name for name, outcome in outcomes.items() if outcome.findings}
    assert with_findings == {"ssh-server-version"}


def test_protocol_1_only_server() -> None:
    # No current server speaks SSH-1, so a socket server sends the identification of one.
    with banner_server("SSH-1.5-Cisco-1.25") as server:
        outcomes = run(server.server_address[1])
    assert "SSH protocol 1.5 (protocol 1 only): SSH-1.5-Cisco-1.25" in output(outcomes["ssh-protocol-1"])
    for name in ("ssh-weak-kex", "ssh-weak-ciphers", "ssh-weak-macs", "ssh-weak-host-keys"):
        assert (outcomes[name].status, outcomes[name].reason, outcomes[name].detail) == (
            CheckStatus.SKIPPED,
            CheckReason.NOT_APPLICABLE,
            "the server speaks SSH protocol 1 only: no SSH-2 algorithm lists to judge",
        )
    assert "Software: Cisco-1.25" in output(outcomes["ssh-server-version"])
    assert outcomes["ssh-outdated-server"].findings == ()


def test_protocol_1_99_and_outdated_openssh() -> None:
    # An old OpenSSH offering protocols 1 and 2: a fake identification with a real server's KEXINIT.
    _, packet = greeting("openssh-9.2-weak")
    outcomes = replayed(b"SSH-1.99-OpenSSH_3.9p1\r\n" + packet)
    assert "(both protocols 1 and 2)" in output(outcomes["ssh-protocol-1"])
    assert "OpenSSH 3.9p1 is older than 7.4" in output(outcomes["ssh-outdated-server"])
    assert "diffie-hellman-group1-sha1" in output(outcomes["ssh-weak-kex"])


def test_outdated_openssh_with_distribution_comment() -> None:
    _, packet = greeting("openssh-9.2-hardened")
    outcomes = replayed(b"Welcome\r\nSSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.10\r\n" + packet)
    text = output(outcomes["ssh-outdated-server"])
    assert "OpenSSH 7.2p2 is older than 7.4" in text and "Ubuntu-4ubuntu2.10" in text
    assert "Lines sent before the identification: Welcome" in output(outcomes["ssh-server-version"])
    assert outcomes["ssh-weak-kex"].findings == ()


@pytest.mark.parametrize(("software", "flagged"), [("dropbear_2019.78", True), ("dropbear_2022.83", False)])
def test_dropbear_versions(software: str, flagged: bool) -> None:
    _, packet = greeting("openssh-9.2-hardened")
    outcomes = replayed(f"SSH-2.0-{software}\r\n".encode() + packet)
    assert bool(outcomes["ssh-outdated-server"].findings) is flagged


@pytest.mark.parametrize(
    ("data", "reason", "detail"),
    [
        (
            b"220 mail.example ESMTP\r\n",
            CheckReason.NOT_APPLICABLE,
            "no SSH identification line from the server: first line '220 mail",
        ),
        (b"x" * 5000, CheckReason.NOT_APPLICABLE, "a line longer than 1024 bytes"),
        (
            b"SSH-2.0-OpenSSH_9.2p1\r\n",
            CheckReason.UNREACHABLE,
            "closed the connection before sending its KEXINIT",
        ),
        (
            b"SSH-2.0-x\r\nHTTP/1.1 400 Bad Request\r\n",
            CheckReason.CHECK_ERROR,
            "implausible SSH packet length",
        ),
    ],
)
def test_peers_that_do_not_talk_ssh(data: bytes, reason: CheckReason, detail: str) -> None:
    outcomes = replayed(data)
    assert {(outcome.status, outcome.reason) for outcome in outcomes.values()} == {
        (status_for(reason), reason)
    }
    assert len({outcome.detail for outcome in outcomes.values()}) == 1
    assert detail in (outcomes["ssh-weak-kex"].detail or "")


def test_closed_port() -> None:
    outcomes = run(free_port())
    assert {(o.status, o.reason) for o in outcomes.values()} == {
        (CheckStatus.FAILED, CheckReason.UNREACHABLE)
    }
    assert (outcomes["ssh-server-version"].detail or "").startswith("cannot connect")


def test_silent_server_times_out() -> None:
    outcomes = replayed(b"", close=False, context=CheckContext(timeout=0.3))
    assert {(o.status, o.reason) for o in outcomes.values()} == {(CheckStatus.TIMEOUT, CheckReason.TIMEOUT)}
    assert outcomes["ssh-weak-macs"].detail == "no SSH handshake within 0.3 s"


def test_udp_port_is_skipped() -> None:
    outcome = asyncio.run(SshCheck().run(loopback(22, Protocol.UDP), selected()[:1], CONTEXT))
    assert [(item.status, item.reason, item.detail) for item in outcome] == [
        (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE, "SSH runs over TCP")
    ]


def test_unknown_exploit_fails_alone() -> None:
    _, packet = greeting("openssh-9.2-hardened")
    entry = selected()[0]
    stranger = Selected(type(entry.exploit)(9999, "aucote-ssh", "ssh-unknown"))

    async def scenario() -> list[ExploitOutcome]:
        async with replay_server(b"SSH-2.0-x\r\n" + packet) as number:
            return await SshCheck().run(loopback(number), [entry, stranger], CONTEXT)

    first, second = asyncio.run(scenario())
    assert first.status is CheckStatus.DONE
    assert (second.exploit_id, second.status, second.reason, second.detail) == (
        9999,
        CheckStatus.FAILED,
        CheckReason.CHECK_ERROR,
        "aucote-ssh has no rule named 'ssh-unknown'",
    )


def test_nothing_selected_means_no_connection() -> None:
    async def refuse(host: str, number: int) -> Handshake:
        raise AssertionError("no connection expected")

    assert asyncio.run(SshCheck(refuse).run(loopback(22), [], CONTEXT)) == []

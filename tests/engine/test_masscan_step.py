"""masscan_candidates: refusal without an adapter, the time budget, recorded real outputs, and one
real run in a namespace lab (tests/support/masscan_lab.py)."""

import asyncio
import shutil
import time
from collections.abc import Iterator, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Network, ip_network
from pathlib import Path

import pytest

from aucote.engine.masscan_step import MasscanFailed, MasscanRefused, masscan_budget, masscan_candidates
from aucote.engine.nmap_steps import StepFailed
from aucote.engine.targets import TargetSet
from aucote.model.target import IPAddress
from aucote.tools.fake_runner import FakeRunner, fake_result
from tests.support.masscan_lab import MasscanLab, masscan_lab
from tests.support.netns_lab import SUBNET

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "masscan"
PORTS = "1-2023,2025-65535"
LAB = ["--adapter", "eth0", "--adapter-ip", "198.18.0.254", "--router-mac", "02:00:00:00:00:01"]
HOSTS = TargetSet((IPv4Network("198.18.0.2/31"), IPv4Network("198.18.0.4/32")))
RECORDED = {
    IPv4Address("198.18.0.2"): [22, 80, 8080],
    IPv4Address("198.18.0.3"): [25, 443],
    IPv4Address("198.18.0.4"): [1, 65535],
}


def recorded(name: str, *, returncode: int, timed_out: bool) -> FakeRunner:
    """A runner answering with a recorded run of tests/fixtures/masscan."""
    stdout = (FIXTURES / f"{name}.stdout").read_bytes()
    stderr = (FIXTURES / f"{name}.stderr").read_bytes()
    return FakeRunner(
        lambda argv: fake_result(argv, stdout, returncode=returncode, stderr=stderr, timed_out=timed_out)
    )


async def candidates(
    runner: FakeRunner,
    targets: TargetSet = HOSTS,
    *,
    args: Sequence[str] = LAB,
    rate: int = 10_000,
    command: str = "masscan",
    timeout: float = 60.0,
) -> dict[IPAddress, list[int]]:
    """masscan_candidates of the lab's ports with the lab's arguments, through `runner`."""
    return await masscan_candidates(
        targets, PORTS, rate=rate, command=command, args=args, timeout=timeout, runner=runner
    )


@pytest.mark.parametrize("args", [[], ["--adapter-ip", "198.18.0.254", "--router-mac", "02:00:00:00:00:01"]])
def test_refuses_to_start_masscan_without_an_adapter(args: list[str]) -> None:
    runner = FakeRunner()
    with pytest.raises(MasscanRefused, match="--adapter <interface>"):
        asyncio.run(candidates(runner, args=args))
    assert runner.calls == []


def test_refuses_without_an_adapter_even_with_nothing_to_scan() -> None:
    with pytest.raises(MasscanRefused):
        asyncio.run(candidates(FakeRunner(), TargetSet((IPv6Network("fd00::/64"),)), args=[]))


def test_refusal_is_a_value_error() -> None:
    assert issubclass(MasscanRefused, ValueError)
    assert issubclass(MasscanFailed, StepFailed)


def test_no_ipv4_networks_start_nothing() -> None:
    runner = FakeRunner()
    assert asyncio.run(candidates(runner, TargetSet((IPv6Network("fd00::/64"),)))) == {}
    assert runner.calls == []


def test_the_command_has_the_adapter_rate_ports_exclusions_and_only_ipv4_targets() -> None:
    runner = FakeRunner()
    targets = TargetSet(
        (ip_network("198.18.0.0/24"), ip_network("fd00::/64")),
        (ip_network("198.18.0.1/32"), ip_network("198.18.0.252/30"), ip_network("fd00::1/128")),
    )
    asyncio.run(candidates(runner, targets, command="/usr/bin/masscan", rate=5000))
    assert runner.calls[0].argv == (
        "/usr/bin/masscan", *LAB, "--rate", "5000", "--wait", "2", "-p", "1-2023,2025-65535",
        "--exclude", "198.18.0.1/32,198.18.0.252/30", "--range", "198.18.0.0/24",
    )  # fmt: skip


def test_the_run_gets_its_budget_or_the_configured_timeout_whichever_is_shorter() -> None:
    net = [IPv4Network("10.0.0.0/24")]
    assert masscan_budget(net, "1-1000", 10_000) == pytest.approx(256 * 1000 / 10_000 * 3 + 2 + 15)
    assert masscan_budget(net, "1-1000", 1_000_000) == pytest.approx(256 * 1000 / 50_000 * 3 + 2 + 15)
    runner = FakeRunner()
    asyncio.run(candidates(runner, timeout=7200.0))
    assert runner.calls[0].timeout == pytest.approx(3 * 65534 / 10_000 * 3 + 17)
    asyncio.run(candidates(runner, timeout=20.0))
    assert runner.calls[1].timeout == 20.0


def test_a_recorded_run_killed_after_sending_everything_gives_its_ports() -> None:
    """masscan 1.3.2 hung after its wait and was killed: its stdout lines are the result."""
    runner = recorded("complete", returncode=-15, timed_out=True)
    assert asyncio.run(candidates(runner)) == RECORDED


def test_a_run_that_exits_by_itself_gives_its_ports() -> None:
    runner = recorded("complete", returncode=0, timed_out=False)
    assert asyncio.run(candidates(runner)) == RECORDED


def test_ports_outside_the_targets_are_dropped() -> None:
    targets = TargetSet(HOSTS.include, (IPv4Network("198.18.0.3/32"),))
    runner = recorded("complete", returncode=-15, timed_out=True)
    found = asyncio.run(candidates(runner, targets))
    assert found == {ip: ports for ip, ports in RECORDED.items() if ip != IPv4Address("198.18.0.3")}


def test_duplicates_and_other_protocols_are_dropped() -> None:
    stdout = b"".join(
        f"Discovered open port {port} on 198.18.0.2{' ' * 30}\n".encode()
        for port in ("80/tcp", "22/tcp", "80/tcp", "53/udp", "0/icmp")
    )
    assert asyncio.run(candidates(FakeRunner(lambda argv: stdout))) == {IPv4Address("198.18.0.2"): [22, 80]}


def test_a_recorded_run_cut_before_sending_everything_fails() -> None:
    runner = recorded("cut", returncode=-15, timed_out=True)
    with pytest.raises(MasscanFailed, match=r"stopped after \d+ s having sent \d+\.\d+% of its probes"):
        asyncio.run(candidates(runner))


def test_a_recorded_run_on_a_missing_adapter_fails_with_masscan_s_message() -> None:
    runner = recorded("no_adapter", returncode=1, timed_out=False)
    with pytest.raises(MasscanFailed, match=r"masscan exited with status 1: .*eth9"):
        asyncio.run(candidates(runner))


def test_a_run_killed_before_printing_anything_fails() -> None:
    runner = FakeRunner(lambda argv: fake_result(argv, returncode=-15, timed_out=True))
    with pytest.raises(MasscanFailed, match="having sent nothing"):
        asyncio.run(candidates(runner))


# --- the real masscan, in a namespace lab ---------------------------------------------------

LISTENING = {0: (22, 80, 8080), 1: (25, 443, 3306), 2: (1, 65535)}
LAB_PORTS = "1-2023,2025-10000,65535"


@pytest.fixture(scope="module")
def lab() -> Iterator[MasscanLab]:
    """The lab's three hosts listening on LISTENING; .5 to .7 are silent."""
    with masscan_lab(3) as lab:
        for index, ports in LISTENING.items():
            for port in ports:
                lab.hosts.http_server(lab.hosts.hosts[index], port)
        yield lab


@pytest.mark.netns
@pytest.mark.skipif(shutil.which("masscan") is None, reason="masscan is not installed")
def test_real_masscan_finds_the_listening_ports_of_a_lab(lab: MasscanLab) -> None:
    """The lab's <SUBNET>.0/29 minus this machine (.1): 7 addresses x 10,000 ports at 10 kpps, from the
    scanner namespace. Everything reported listens; at most one listening port may be missed."""
    targets = TargetSet((IPv4Network(f"{SUBNET}.0/29"),), tuple(ip_network(ip) for ip in lab.infrastructure))
    started = time.monotonic()
    found = asyncio.run(
        masscan_candidates(
            targets,
            LAB_PORTS,
            rate=10_000,
            command="masscan",
            args=lab.args,
            timeout=120.0,
            runner=lab.runner,
        )
    )
    elapsed = time.monotonic() - started
    hosts = lab.hosts.hosts
    listening = {(IPv4Address(hosts[i].ip), port) for i, ports in LISTENING.items() for port in ports}
    reported = {(ip, port) for ip, ports in found.items() for port in ports}
    assert reported <= listening, "masscan reported a port nothing listens on"
    assert len(listening - reported) <= 1, f"masscan missed {sorted(listening - reported)}"
    print(f"masscan found {len(reported)}/{len(listening)} listening ports in {elapsed:.1f} s")

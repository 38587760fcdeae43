"""Candidate open TCP ports of IPv4 networks from one masscan run.

masscan is fast on large ranges but not a source of truth: at high rates it silently misses
ports, and what it reports must be verified (an nmap scan of just those ports per host) before
anything is recorded. This step only finds the candidates.

masscan 1.3.2 often hangs after its final wait, so the run is given a time budget from the
number of probes and the rate (never more than the configured timeout) and killed at its end;
what it printed on stdout until then is the result, provided its last status line says every
probe was sent. A run cut short before that, or one that failed, raises MasscanFailed; arguments
without an adapter raise MasscanRefused before anything starts.
"""

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network

from aucote.engine.nmap_steps import StepFailed
from aucote.engine.targets import TargetSet
from aucote.model.target import IPAddress
from aucote.tools.masscan.argv import DEFAULT_WAIT, MasscanRefused, check_args, port_count, scan_argv
from aucote.tools.masscan.output import last_message, parse_discovered, parse_progress
from aucote.tools.result import ToolResult
from aucote.tools.runner import Runner

__all__ = ["MasscanFailed", "MasscanRefused", "masscan_budget", "masscan_candidates"]

SLOWNESS = 3.0
"""Seconds allowed per probe, in units of 1/rate. masscan 1.3.2's rate counts frames, and where
closed ports answer it sends two per probe (the SYN, then a RST to the RST-ACK): a lab scan took
1.9-2.4 times the nominal time up to 100 kpps. The rest is margin."""
CEILING = 50_000
"""Probes per second assumed at most, whatever the rate asked (measured on 2 cores: about 50,000
at --rate 150000)."""
STARTUP_SECONDS = 15.0
"""Time allowed on top for masscan to open its adapter and for the answers to the last probes."""


class MasscanFailed(StepFailed):
    """masscan did not give a complete result: it failed, or was cut before sending every probe."""


async def masscan_candidates(
    targets: TargetSet,
    ports: str,
    *,
    rate: int,
    command: str,
    args: Sequence[str],
    timeout: float,
    runner: Runner,
) -> dict[IPAddress, list[int]]:
    """Open TCP ports masscan reports on the IPv4 networks of `targets`, by address, sorted.

    IPv6 networks are left out (scan them with nmap). `args` are `tools.masscan.args` and must
    name the adapter (MasscanRefused otherwise); `timeout` caps the run's time budget.
    """
    networks = [net for net in targets.networks(4) if isinstance(net, IPv4Network)]
    exclude = [net for net in targets.excluded(4) if isinstance(net, IPv4Network)]
    check_args(args)
    if not networks:
        return {}
    argv = scan_argv(networks, ports, rate=rate, args=args, exclude=exclude, masscan=command)
    budget = min(timeout, masscan_budget(networks, ports, rate))
    result = await runner(argv, timeout=budget)
    _check_complete(result)
    return _by_address(result, targets)


def masscan_budget(networks: Sequence[IPv4Network], ports: str, rate: int, wait: int = DEFAULT_WAIT) -> float:
    """Seconds a run may take: the nominal send time (at most CEILING probes per second) times
    SLOWNESS, plus the wait and the start-up."""
    probes = sum(net.num_addresses for net in networks) * port_count(ports)
    return probes / min(rate, CEILING) * SLOWNESS + wait + STARTUP_SECONDS


def _check_complete(result: ToolResult) -> None:
    """MasscanFailed unless masscan exited cleanly or was killed after sending every probe."""
    if result.ok:
        return
    progress = parse_progress(result.stderr)
    if result.timed_out:
        if progress is not None and progress.sent_all:
            return
        sent = f"{progress.percent:.2f}%" if progress else "nothing"
        raise MasscanFailed(
            f"masscan was stopped after {result.duration:.0f} s having sent {sent} of its probes "
            "(it sends slower than the rate asked for, or tools.masscan.timeout is too short)"
        )
    message = last_message(result.stderr) or "no message"
    raise MasscanFailed(f"masscan exited with status {result.returncode}: {message}")


def _by_address(result: ToolResult, targets: TargetSet) -> dict[IPAddress, list[int]]:
    """Reported TCP ports of allowed addresses, de-duplicated and sorted."""
    found: dict[IPv4Address, set[int]] = {}
    for item in parse_discovered(result.stdout):
        if item.protocol == "tcp" and targets.contains(item.ip):
            found.setdefault(item.ip, set()).add(item.port)
    return {ip: sorted(found[ip]) for ip in sorted(found)}

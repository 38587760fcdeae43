"""A namespace lab that masscan can scan without any way out of it.

    with masscan_lab(3) as lab:              # the hosts of netns_lab, plus a scanner and a router
        lab.hosts.http_server(lab.hosts.hosts[0], 80)
        await masscan_candidates(..., command="masscan", args=lab.args, runner=lab.runner)

masscan sends every frame to one MAC (`--router-mac`) and answers ARP for its `--adapter-ip`
itself. So, beside the hosts of `netns_lab` on bridge `aucote-t-br0`:

* `aucote-t-scan`: the scanner namespace, whose `eth0` (no address of its kernel's own, so the
  kernel neither answers ARP nor resets connections) hangs on the bridge. masscan runs there
  (`ip netns exec aucote-t-scan masscan --adapter eth0 --adapter-ip 198.18.0.254 ...`): the
  only wire it can reach is the lab bridge.
* `aucote-t-rt`: the router namespace, 198.18.0.253 on the bridge, forwarding on, ICMP redirects
  off and no route but the lab's /24. Its MAC is the `--router-mac`: it hands masscan's SYNs
  back to the lab hosts on the same link, and drops whatever is addressed elsewhere.

The gateway of the lab (198.18.0.1, this machine) never receives masscan's unicast frames.
Everything named `aucote-t-` is removed by netns_lab at the end, also after a failure.
"""

import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aucote.tools.result import ToolResult
from aucote.tools.runner import Runner, run_tool
from tests.support.netns_lab import BRIDGE, PREFIX, SUBNET, Lab, ip, netns_lab

SCANNER = f"{PREFIX}scan"
ROUTER = f"{PREFIX}rt"
SCANNER_IP = f"{SUBNET}.254"
ROUTER_IP = f"{SUBNET}.253"
ADAPTER = "eth0"


@dataclass(frozen=True, slots=True)
class InNamespace:
    """A Runner that runs every command inside network namespace `namespace`."""

    namespace: str
    runner: Runner = run_tool

    async def __call__(
        self,
        argv: Sequence[str],
        *,
        timeout: float,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
    ) -> ToolResult:
        return await self.runner(
            ["ip", "netns", "exec", self.namespace, *argv], timeout=timeout, stdin=stdin, env=env
        )


@dataclass(frozen=True, slots=True)
class MasscanLab:
    """The hosts, and what masscan needs to scan them from the scanner namespace."""

    hosts: Lab
    router_mac: str

    @property
    def args(self) -> list[str]:
        """`tools.masscan.args` for this lab: adapter, its address and the router's MAC."""
        return ["--adapter", ADAPTER, "--adapter-ip", SCANNER_IP, "--router-mac", self.router_mac]

    @property
    def runner(self) -> InNamespace:
        """A runner starting commands in the scanner namespace."""
        return InNamespace(SCANNER)

    @property
    def infrastructure(self) -> list[str]:
        """Addresses of the lab that are not hosts: gateway, router, scanner (exclude them)."""
        return [self.hosts.gateway, ROUTER_IP, SCANNER_IP]


@contextmanager
def masscan_lab(count: int) -> Iterator[MasscanLab]:
    """`count` lab hosts, a router and a scanner namespace; all removed afterwards."""
    if count > 250:
        raise ValueError("a masscan lab has at most 250 hosts")
    with netns_lab(count) as lab:
        router_mac = _add_router()
        _add_scanner()
        yield MasscanLab(lab, router_mac)


def _attach(namespace: str, veth: str) -> None:
    """A new namespace whose `eth0` is one end of a veth pair on the lab bridge."""
    ip("netns", "add", namespace)
    ip("link", "add", veth, "type", "veth", "peer", "name", ADAPTER, "netns", namespace)
    Path(f"/proc/sys/net/ipv6/conf/{veth}/disable_ipv6").write_text("1")
    ip("link", "set", veth, "master", BRIDGE, "up")
    _sysctl(namespace, "net.ipv6.conf.all.disable_ipv6=1")
    ip("-n", namespace, "link", "set", ADAPTER, "up")
    ip("-n", namespace, "link", "set", "lo", "up")


def _add_router() -> str:
    """The router namespace; returns its MAC."""
    _attach(ROUTER, f"{PREFIX}vrt")
    _sysctl(
        ROUTER,
        "net.ipv4.ip_forward=1",
        "net.ipv4.conf.all.send_redirects=0",
        f"net.ipv4.conf.{ADAPTER}.send_redirects=0",
        "net.ipv4.icmp_ratelimit=0",
    )
    ip("-n", ROUTER, "addr", "add", f"{ROUTER_IP}/24", "dev", ADAPTER)
    return _mac(ROUTER)


def _add_scanner() -> None:
    """The scanner namespace: an address-less eth0 on the bridge (masscan brings its own IP)."""
    _attach(SCANNER, f"{PREFIX}vsc")


def _mac(namespace: str) -> str:
    """The MAC of `eth0` in `namespace`."""
    out = ip("-n", namespace, "-o", "link", "show", ADAPTER).stdout
    return out.split("link/ether")[1].split()[0]


def _sysctl(namespace: str, *settings: str) -> None:
    argv = ["ip", "netns", "exec", namespace, "sysctl", "-qw", *settings]
    subprocess.run(argv, check=True, capture_output=True)

"""A lab of hosts in network namespaces, joined to this machine by a bridge and to nothing else.

    with netns_lab(3) as lab:                # hosts 198.18.0.2 .. 198.18.0.4
        host = lab.hosts[0]
        lab.range_server(host, 8080)
        lab.ftp_server(host, 21, anonymous=True)
        ...                                  # scan lab.network, excluding lab.gateway

Layout: bridge `aucote-t-br0` in the root namespace holding 198.18.0.1/24 (the gateway: THIS
machine, so every scan of the lab must exclude it), one namespace `aucote-t-h<N>` per host with
198.18.0.<N>/24 on its end of a veth pair (no default route, no IPv6, ICMP rate limit off).
Every process started in a host is killed at the end; namespaces and bridge are deleted, also
when the block fails. Leftovers of an earlier, killed run (anything named `aucote-t-`) are removed
first; a lock file makes labs on this machine take turns, so that clean-up never hits a live lab.
Labs of other names may be open at the same time (`netns_lab(2, name=f"{LAB_NAME}a")`: bridge
`aucote-<name>-br0`, subnet 198.18.<n>.0/24 of `LabNet`), e.g. two network zones of one test.
Needs root and iproute2.
"""

import fcntl
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.listeners import Contact, read_log
from tests.support.ports import wait_for_port

LAB_NAME = os.environ.get("AUCOTE_LAB_NAME", "t") + os.environ.get("PYTEST_XDIST_WORKER", "").removeprefix(
    "gw"
)
"""Labs of different names (a long soak bench, the tests) live side by side: own prefix, own
subnet (198.18.0.0/24 for the tests' `t`, 198.18.<1..200>.0/24 for another name), own lock. Each
pytest-xdist worker (gw0, gw1 …) adds its number: `t0`, `t1` …. At most 3 characters in all, the
worker's included: a link is named `aucote-<name>-v<N>`, and Linux allows 15."""


@dataclass(frozen=True, slots=True)
class LabNet:
    """The names and addresses of one lab: prefix `aucote-<name>-`, its bridge, subnet and lock."""

    name: str

    @property
    def prefix(self) -> str:
        """What every namespace and link of the lab is named with."""
        return f"aucote-{self.name}-"

    @property
    def bridge(self) -> str:
        """The lab's bridge in the root namespace."""
        return f"{self.prefix}br0"

    @property
    def subnet(self) -> str:
        """The first three octets of the lab's /24."""
        return "198.18.0" if self.name == "t" else f"198.18.{sum(self.name.encode()) % 200 + 1}"

    @property
    def network(self) -> str:
        """The lab's /24."""
        return f"{self.subnet}.0/24"

    @property
    def gateway(self) -> str:
        """The bridge's address: this machine."""
        return f"{self.subnet}.1"

    @property
    def lock(self) -> Path:
        """The lock file that makes labs of this name take turns."""
        return Path(f"/run/aucote-{self.name}-lab.lock")


DEFAULT = LabNet(LAB_NAME)
PREFIX = DEFAULT.prefix
BRIDGE = DEFAULT.bridge
SUBNET = DEFAULT.subnet
NETWORK = DEFAULT.network
GATEWAY = DEFAULT.gateway

REPO = Path(__file__).parents[2]


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `ip ARGS`; raise with its message when `check` and it fails."""
    done = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and done.returncode:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")
    return done


@dataclass(frozen=True, slots=True)
class LabHost:
    """One namespace host: 198.18.0.<index>."""

    index: int
    net: LabNet = DEFAULT

    @property
    def name(self) -> str:
        """The namespace's name."""
        return f"{self.net.prefix}h{self.index}"

    @property
    def ip(self) -> str:
        """The host's address."""
        return f"{self.net.subnet}.{self.index}"

    def argv(self, command: Sequence[str]) -> list[str]:
        """`command` run inside the host's namespace."""
        return ["ip", "netns", "exec", self.name, *command]


@dataclass
class Lab:
    """The hosts of a running lab and the processes started in them."""

    hosts: list[LabHost]
    workdir: Path
    net: LabNet = DEFAULT
    processes: list["subprocess.Popen[bytes]"] = field(default_factory=list)

    @property
    def network(self) -> str:
        """The lab's /24."""
        return self.net.network

    @property
    def gateway(self) -> str:
        """This machine's address in the lab (the bridge's): exclude it from every scan."""
        return self.net.gateway

    def start(self, host: LabHost, command: Sequence[str], port: int | None = None) -> None:
        """Run `command` in `host` until the lab ends; wait until `port` answers, if given."""
        proc = subprocess.Popen(
            host.argv(command),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            cwd=self.workdir,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        self.processes.append(proc)
        if port is not None:
            wait_for_port(host.ip, port)

    def python(self, host: LabHost, module: str, *args: str, port: int | None = None) -> None:
        """Run one of tests/support's server modules in `host`."""
        self.start(host, [sys.executable, "-m", f"tests.support.{module}", *args], port)

    def http_server(self, host: LabHost, port: int) -> None:
        """Python's plain http.server (not vulnerable to anything Aucote checks)."""
        self.start(host, [sys.executable, "-m", "http.server", str(port), "--bind", host.ip], port)

    def range_server(self, host: LabHost, port: int) -> None:
        """The Apache 2.2.19 look-alike that http-vuln-cve2011-3192 reports VULNERABLE."""
        self.python(host, "range_server", str(port), host.ip, port=port)

    def ftp_server(self, host: LabHost, port: int, anonymous: bool = True) -> None:
        """The tiny FTP server, letting anonymous in or not."""
        mode = "anonymous" if anonymous else "closed"
        self.python(host, "ftp_server", str(port), host.ip, mode, port=port)

    def banner_server(self, host: LabHost, port: int, banner: str, reply: str = "") -> None:
        """A server greeting with `banner` and answering each line with `reply` (SSH, SMTP …)."""
        self.python(host, "banner_server", str(port), host.ip, banner, reply, port=port)

    def silent_server(self, host: LabHost, port: int) -> None:
        """A port that accepts and never answers (nmap -sV waits on it until its host timeout)."""
        self.python(host, "silent_server", str(port), host.ip, port=port)

    def recorder(self, host: LabHost, ports: Sequence[int] = ()) -> Path:
        """Record every contact with `host` (listening on `ports`); read it with `contacts`."""
        log = self.workdir / f"contacts-{host.index}.jsonl"
        self.python(host, "listeners", host.ip, "eth0", str(log), *map(str, ports))
        _wait_for_file(log)
        return log

    def contacts(self, log: Path) -> list[Contact]:
        """What a recorder saw so far."""
        return read_log(str(log))

    def stop(self) -> None:
        """End every process started in the lab (their whole process groups)."""
        for proc in self.processes:
            _kill_group(proc)
        self.processes.clear()


@contextmanager
def netns_lab(count: int, name: str = LAB_NAME) -> Iterator[Lab]:
    """`count` hosts <subnet>.2 … <subnet>.<count+1> of lab `name` (198.18.0.x for the tests' `t`),
    removed with everything in them afterwards. Labs of different names may be open together
    (each its own bridge and subnet: at most 3 characters, see LAB_NAME)."""
    if not 1 <= count <= 250:
        raise ValueError("a lab has 1 to 250 hosts")
    net = LabNet(name)
    if len(f"{net.prefix}v{count + 1}") > 15:
        raise ValueError(f"lab name {name!r} too long for {count} hosts: Linux link names have 15 characters")
    hosts = [LabHost(index, net) for index in range(2, count + 2)]
    net.lock.parent.mkdir(parents=True, exist_ok=True)
    with open(net.lock, "w") as lock, tempfile.TemporaryDirectory(prefix=net.prefix) as workdir:
        fcntl.flock(lock, fcntl.LOCK_EX)
        remove_leftovers(net)
        lab = Lab(hosts, Path(workdir), net)
        try:
            _create(net, hosts)
            yield lab
        finally:
            lab.stop()
            remove_leftovers(net)


def leftovers(net: LabNet = DEFAULT) -> tuple[list[str], list[str]]:
    """Namespaces and links of this machine whose names start with the lab's prefix (`aucote-t-`),
    each sorted by name (`ip netns list` gives them in no set order)."""
    namespaces = [line.split()[0] for line in ip("netns", "list").stdout.splitlines() if line.strip()]
    lines = ip("-o", "link", "show").stdout.splitlines()
    links = [line.split(":")[1].strip().split("@")[0] for line in lines]
    return sorted(n for n in namespaces if n.startswith(net.prefix)), sorted(
        n for n in links if n.startswith(net.prefix)
    )


def remove_leftovers(net: LabNet = DEFAULT) -> None:
    """Kill what runs in the lab's (`aucote-t-`) namespaces, delete them and every link of the lab."""
    for namespace in leftovers(net)[0]:
        _kill_namespace(namespace)
        ip("netns", "delete", namespace, check=False)
    for link in leftovers(net)[1]:
        ip("link", "delete", link, check=False)


def _create(net: LabNet, hosts: Sequence[LabHost]) -> None:
    ip("link", "add", net.bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0")
    Path(f"/proc/sys/net/ipv6/conf/{net.bridge}/disable_ipv6").write_text("1")
    ip("addr", "add", f"{net.gateway}/24", "dev", net.bridge)
    ip("link", "set", net.bridge, "up")
    for host in hosts:
        _create_host(host)


def _create_host(host: LabHost) -> None:
    veth = f"{host.net.prefix}v{host.index}"
    ip("netns", "add", host.name)
    ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", host.name)
    Path(f"/proc/sys/net/ipv6/conf/{veth}/disable_ipv6").write_text("1")
    ip("link", "set", veth, "master", host.net.bridge, "up")
    sysctl = ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv4.icmp_ratelimit=0"]
    subprocess.run(host.argv(sysctl), check=True, capture_output=True)
    ip("-n", host.name, "addr", "add", f"{host.ip}/24", "dev", "eth0")
    ip("-n", host.name, "link", "set", "eth0", "up")
    ip("-n", host.name, "link", "set", "lo", "up")


def _kill_namespace(namespace: str) -> None:
    for pid in ip("netns", "pids", namespace, check=False).stdout.split():
        with suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)


def _kill_group(proc: "subprocess.Popen[bytes]") -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _wait_for_file(path: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.read_text()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} was not written within {timeout} s")
        time.sleep(0.02)

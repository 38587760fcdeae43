"""What one nmap run reported, as frozen values (built by `aucote.tools.nmap.xml`)."""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from aucote.model.protocol import Protocol
from aucote.model.target import IPAddress


@dataclass(frozen=True, slots=True)
class ScriptElem:
    """One `<elem>` of an NSE script's structured output; `key` is None in a list."""

    key: str | None
    value: str


@dataclass(frozen=True, slots=True)
class ScriptTable:
    """One `<table>` of structured output (the script's top level is a table with key None)."""

    key: str | None = None
    elems: tuple[ScriptElem, ...] = ()
    tables: tuple["ScriptTable", ...] = ()

    def get(self, key: str) -> str | None:
        """Value of the first elem named `key` directly in this table."""
        return next((e.value for e in self.elems if e.key == key), None)

    def table(self, key: str) -> "ScriptTable | None":
        """The first sub-table named `key`."""
        return next((t for t in self.tables if t.key == key), None)

    def values(self) -> tuple[str, ...]:
        """Values of the unnamed elems (a Lua list such as `ids` or `refs`)."""
        return tuple(e.value for e in self.elems if e.key is None)


@dataclass(frozen=True, slots=True)
class ScriptResult:
    """Output of one NSE script: its printed text and its structured data."""

    id: str
    output: str
    data: ScriptTable = ScriptTable()


@dataclass(frozen=True, slots=True)
class NmapService:
    """The `<service>` of a port: `method` "probed" is -sV detection, "table" a guess by port number."""

    name: str
    product: str | None = None
    version: str | None = None
    extrainfo: str | None = None
    ostype: str | None = None
    tunnel: str | None = None
    method: str = "table"
    conf: int = 0
    cpes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NmapPort:
    """One port of a host: state ("open", "open|filtered", "closed" …) and why nmap thinks so."""

    number: int
    protocol: Protocol
    state: str
    reason: str
    service: NmapService | None = None
    scripts: tuple[ScriptResult, ...] = ()

    def script(self, script_id: str) -> ScriptResult | None:
        """The result of script `script_id` on this port, if it printed anything."""
        return next((s for s in self.scripts if s.id == script_id), None)


@dataclass(frozen=True, slots=True)
class NmapHost:
    """One scanned host; `timed_out` when nmap gave up on it (--host-timeout)."""

    address: IPAddress
    state: str
    reason: str
    mac: str | None = None
    ports: tuple[NmapPort, ...] = ()
    scripts: tuple[ScriptResult, ...] = ()
    timed_out: bool = False

    @property
    def is_up(self) -> bool:
        return self.state == "up"


@dataclass(frozen=True, slots=True)
class RunStats:
    """How the run ended: `exit` is "success" or "error" (then `errormsg` says why)."""

    exit: str
    errormsg: str | None
    elapsed: float
    finished: float | None
    hosts_up: int
    hosts_down: int
    hosts_total: int

    @property
    def ok(self) -> bool:
        return self.exit == "success"


@dataclass(frozen=True, slots=True, kw_only=True)
class NmapRun:
    """A whole nmap XML report; `started` is None when the report has no start time, `scanned`
    the protocols of its `<scaninfo>` elements ("tcp", "udp", "ip" …; none for a ping scan)."""

    version: str
    args: str
    started: float | None
    hosts: tuple[NmapHost, ...]
    stats: RunStats
    prescripts: tuple[ScriptResult, ...] = ()
    postscripts: tuple[ScriptResult, ...] = ()
    scanned: tuple[str, ...] = ()


def merged_hosts(hosts: Iterable[NmapHost]) -> tuple[NmapHost, ...]:
    """One host per address, in first-seen order: nmap lists a target given twice (or two names of
    one address) twice. The merge is up if any is; ports by (protocol, number) and scripts by id,
    the first seen winning (also within one host of an edited file)."""
    merged: dict[IPAddress, NmapHost] = {}
    for host in hosts:
        seen = merged.get(host.address, replace(host, ports=(), scripts=()))
        merged[host.address] = _merge(seen, host)
    return tuple(merged.values())


def _merge(first: NmapHost, second: NmapHost) -> NmapHost:
    ports: dict[tuple[Protocol, int], NmapPort] = {}
    for port in (*first.ports, *second.ports):
        ports.setdefault((port.protocol, port.number), port)
    scripts: dict[str, ScriptResult] = {}
    for script in (*first.scripts, *second.scripts):
        scripts.setdefault(script.id, script)
    up = first if first.is_up or not second.is_up else second
    return replace(
        first,
        state=up.state,
        reason=up.reason,
        ports=tuple(sorted(ports.values(), key=lambda p: (p.protocol, p.number))),
        scripts=tuple(scripts.values()),
        timed_out=first.timed_out and second.timed_out,
    )

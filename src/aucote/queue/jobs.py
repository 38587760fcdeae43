"""The jobs, as plain JSON-ready data (never pickles): a host job (port scan and service
detection of one host for one scan) and a checks job (a batch of checks of one app on one port
for one scan). `key` names the job in Aucote's own record (storage.repository.queue_jobs)."""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from ipaddress import ip_address
from typing import Any

from aucote.checks.contract import Selected
from aucote.engine.options import PortScanOptions
from aucote.model.protocol import Protocol
from aucote.model.target import Node, Port, Service

Json = dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class HostJob:
    """Find the open ports of one host and their services, for one port scan."""

    key: str
    scan_id: int
    node_id: int
    ip: str
    scan: PortScanOptions
    discover: bool
    version_intensity: int | None

    @classmethod
    def of(
        cls, *, scan_id: int, node_id: int, ip: str, scan: PortScanOptions, version_intensity: int | None
    ) -> "HostJob":
        """The job of host `node_id` for scan `scan_id` (keyed by both)."""
        return cls(
            key=f"host:{scan_id}:{node_id}",
            scan_id=scan_id,
            node_id=node_id,
            ip=ip,
            scan=scan,
            discover=scan.host_discovery,
            version_intensity=version_intensity,
        )

    def to_json(self) -> Json:
        return {**asdict(self), "scan": {**asdict(self.scan), "protocol": int(self.scan.protocol)}}

    @classmethod
    def from_json(cls, data: Json) -> "HostJob":
        scan = PortScanOptions(**{**data["scan"], "protocol": Protocol(data["scan"]["protocol"])})
        return cls(**{**data, "scan": scan})


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckJob:
    """Run the checks of `app` for these exploits on one port; `rows` are their security scans
    (exploit id → row id), planned QUEUED by the service."""

    key: str
    scan_id: int
    tools_scanner: str
    port: Json
    app: str
    rows: dict[int, int]
    forced: tuple[int, ...] = ()
    allow_intrusive: bool = False

    @classmethod
    def of(
        cls,
        *,
        scan_id: int,
        tools_scanner: str,
        port: Port,
        app: str,
        group: Sequence[Selected],
        planned: Mapping[int, int],
        allow_intrusive: bool,
    ) -> "CheckJob":
        """The job of a batch of checks (`planned`: exploit id → its security scan, of at least
        the group's exploits), keyed by its first security scan."""
        rows = {item.exploit.id: planned[item.exploit.id] for item in group}
        return cls(
            key=f"checks:{min(rows.values())}",
            scan_id=scan_id,
            tools_scanner=tools_scanner,
            port=port_to_json(port),
            app=app,
            rows=rows,
            forced=tuple(item.exploit.id for item in group if item.forced),
            allow_intrusive=allow_intrusive,
        )

    def to_json(self) -> Json:
        return {**asdict(self), "rows": {str(exploit): row for exploit, row in self.rows.items()}}

    @classmethod
    def from_json(cls, data: Json) -> "CheckJob":
        rows = {int(exploit): row for exploit, row in data["rows"].items()}
        return cls(**{**data, "rows": rows, "forced": tuple(data.get("forced", ()))})

    @property
    def target(self) -> Port:
        return port_from_json(self.port)


def port_to_json(port: Port) -> Json:
    """A port (with its node and service) as JSON."""
    service = None if port.service is None else asdict(port.service)
    return {
        "node_id": port.node.id,
        "ip": str(port.node.ip),
        "number": port.number,
        "protocol": int(port.protocol),
        "service": service,
    }


def port_from_json(data: Json) -> Port:
    """The port `port_to_json` wrote."""
    service = None if data["service"] is None else Service(**data["service"])
    node = Node(data["node_id"], ip_address(data["ip"]))
    return Port(node, data["number"], Protocol(data["protocol"]), service)

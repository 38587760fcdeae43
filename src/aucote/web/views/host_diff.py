"""Two scans of a host compared (`GET /hosts/{address}/diff?from=A&to=B`): the host as it stood
after scan A and after scan B (`aucote.storage.queries.host_state`: the ports of the newest port
scan of each protocol up to that scan, the findings of the newest DONE run of each check up to
it), and what differs from A to B: ports opened and closed, services and versions changed,
findings appeared, resolved (with why: the port closed, or the check no longer reported it) and
with changed evidence. Without `from` and `to` the newest scan is compared with the previous scan
of its scanner; with one of them, the other is chosen the same way."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field
from sqlalchemy import Connection

from aucote.api.params import Parameters
from aucote.storage.queries.host_state import (
    FindingState,
    HostState,
    PortKey,
    PortState,
    host_scans,
    host_state,
    previous_of,
    scan_of_host,
)
from aucote.storage.queries.hosts import HostRow
from aucote.storage.queries.port_scans import ServiceRow
from aucote.storage.queries.records import ScanRow
from aucote.web.serving import Missing
from aucote.web.views.host import find_host


class DiffQuery(Parameters):
    """The two scans: `from` (the earlier state) and `to`."""

    from_: int | None = Field(default=None, alias="from", ge=1)
    to: int | None = Field(default=None, ge=1)


class Resolution(StrEnum):
    """Why a finding of A is not in B."""

    PORT_CLOSED = "port closed"
    NOT_REPORTED = "no longer reported"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceChange:
    """A port open in both scans whose detected service differs."""

    protocol: int
    port: int
    before: ServiceRow | None
    after: ServiceRow | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved:
    """A finding of A missing from B, and why."""

    finding: FindingState
    why: Resolution


@dataclass(frozen=True, slots=True, kw_only=True)
class Changed:
    """A finding in both scans whose evidence differs."""

    before: FindingState
    after: FindingState


@dataclass(frozen=True, slots=True, kw_only=True)
class HostDiff:
    """What differs from the host's state `older` to its state `newer`."""

    older: HostState
    newer: HostState
    opened: list[PortState]
    closed: list[PortState]
    services: list[ServiceChange]
    appeared: list[FindingState]
    resolved: list[Resolved]
    changed: list[Changed]
    uncovered: list[int]
    """Protocols whose ports one of the two states knows nothing of (no port scan covered it yet)."""

    @property
    def empty(self) -> bool:
        """Whether nothing differs."""
        parts = (self.opened, self.closed, self.services, self.appeared, self.resolved, self.changed)
        return not any(parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class HostDiffView:
    """The diff page: the host, its scans to pick from, the pair picked and their diff (None when
    the host has fewer than one scan)."""

    host: HostRow
    scans: list[ScanRow]
    diff: HostDiff | None


def host_diff_view(connection: Connection, address: str, query: DiffQuery) -> HostDiffView:
    """The page (Missing when the host, or a scan of it named in the query, is unknown)."""
    host = find_host(connection, address)
    scans = host_scans(connection, host.id)
    pair = pick(scans, query)
    if pair is None:
        return HostDiffView(host=host, scans=scans, diff=None)
    older, newer = (host_state(connection, host.id, scan) for scan in pair)
    return HostDiffView(host=host, scans=scans, diff=compare(older, newer))


def pick(scans: Sequence[ScanRow], query: DiffQuery) -> tuple[ScanRow, ScanRow] | None:
    """The two scans to compare (`scans` newest first); None when the host has no scan."""
    older = _named(scans, query.from_, "from")
    newer = _named(scans, query.to, "to") or (scans[0] if scans else None)
    if newer is None:
        return None
    return (older or previous_of(scans, newer) or newer), newer


def compare(older: HostState, newer: HostState) -> HostDiff:
    """What differs from `older` to `newer`."""
    both = older.ports.keys() & newer.ports.keys()
    return HostDiff(
        older=older,
        newer=newer,
        opened=_ordered(newer.ports, newer.ports.keys() - older.ports.keys()),
        closed=_ordered(older.ports, older.ports.keys() - newer.ports.keys()),
        services=[change for key in sorted(both) if (change := _service_change(older, newer, key))],
        appeared=[newer.findings[key] for key in sorted(newer.findings.keys() - older.findings.keys())],
        resolved=[
            _resolved(older.findings[key], newer)
            for key in sorted(older.findings.keys() - newer.findings.keys())
        ],
        changed=[
            Changed(before=older.findings[key], after=newer.findings[key])
            for key in sorted(older.findings.keys() & newer.findings.keys())
            if older.findings[key].output != newer.findings[key].output
        ],
        uncovered=sorted(set(older.covered) ^ set(newer.covered)),
    )


def _named(scans: Sequence[ScanRow], scan_id: int | None, name: str) -> ScanRow | None:
    if scan_id is None:
        return None
    found = scan_of_host(list(scans), scan_id)
    if found is None:
        raise Missing(f"Scan {scan_id} ({name}) of this host")
    return found


def _ordered(ports: dict[PortKey, PortState], keys: Iterable[PortKey]) -> list[PortState]:
    return [ports[key] for key in sorted(keys)]


def _service_change(older: HostState, newer: HostState, key: PortKey) -> ServiceChange | None:
    before, after = older.ports[key].service, newer.ports[key].service
    if _service_text(before) == _service_text(after):
        return None
    return ServiceChange(protocol=key[0], port=key[1], before=before, after=after)


def _service_text(service: ServiceRow | None) -> tuple[str | None, ...]:
    if service is None:
        return (None, None, None)
    return (service.name, service.product, service.version)


def _resolved(finding: FindingState, newer: HostState) -> Resolved:
    closed = finding.protocol in newer.covered and (finding.protocol, finding.port) not in newer.ports
    return Resolved(finding=finding, why=Resolution.PORT_CLOSED if closed else Resolution.NOT_REPORTED)

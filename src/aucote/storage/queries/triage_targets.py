"""What a triage change applies to: the exploits on ports (FindingKey) named one by one or matched by
a filter of a finding list (the API's or the dashboard's), each with its address and exploit names
(for the audit log), and the evidence each one's newest run reported
(model.triage.evidence_digest)."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, tuple_

from aucote.model.protocol import Protocol
from aucote.model.triage import FindingKey, evidence_digest
from aucote.storage.queries.findings import FindingFilter, finding_conditions
from aucote.storage.queries.records import ExploitRef
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter, conditions
from aucote.storage.tables import exploits, nodes, scans, vulnerabilities

BATCH = 500
"""Keys per statement (4 bound values each: well within SQLite's limit)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageTarget:
    """An exploit on a port that has findings, with its address and exploit."""

    key: FindingKey
    ip: str
    exploit: ExploitRef

    def label(self) -> str:
        """How the audit log names it: `nmap http-vuln-cve2011-3192 (exploit 72) on 10.12.2.175
        port 80/TCP`."""
        exploit, place = self.exploit, f"{self.key.port}/{_protocol_name(self.key.protocol)}"
        return f"{exploit.app} {exploit.name} (exploit {exploit.id}) on {self.ip} port {place}"


def targets_of(connection: Connection, keys: Sequence[FindingKey]) -> dict[FindingKey, TriageTarget]:
    """The keys that have at least one finding (any risk, current or expired), by key."""
    found: dict[FindingKey, TriageTarget] = {}
    for batch in _batches(list(dict.fromkeys(keys))):
        statement = _targets().where(_key_columns().in_([_values(key) for key in batch]))
        found.update((target.key, target) for target in map(_target, connection.execute(statement)))
    return found


def described(connection: Connection, keys: Sequence[FindingKey]) -> dict[FindingKey, TriageTarget]:
    """The keys with their node's address and exploit (from the nodes and exploits, whether or not
    findings remain); keys naming no node or exploit are left out."""
    wanted = list(dict.fromkeys(keys))
    ips = _by_id(connection, [nodes.c.id, nodes.c.ip], {key.node_id for key in wanted})
    names = _by_id(
        connection, [exploits.c.id, exploits.c.app, exploits.c.name], {k.exploit_id for k in wanted}
    )
    return {
        key: TriageTarget(
            key=key, ip=ips[key.node_id][0], exploit=ExploitRef(key.exploit_id, *names[key.exploit_id])
        )
        for key in wanted
        if key.node_id in ips and key.exploit_id in names
    }


def node_ids(connection: Connection, ips: Sequence[str]) -> dict[str, int]:
    """The ids of the nodes with these addresses (unknown addresses are left out)."""
    wanted = sorted(set(ips))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), BATCH):
        statement = select(nodes.c.ip, nodes.c.id).where(nodes.c.ip.in_(wanted[start : start + BATCH]))
        found.update((str(row.ip), int(row.id)) for row in connection.execute(statement))
    return found


def _by_id(connection: Connection, columns: list[Any], ids: set[int]) -> dict[int, tuple[Any, ...]]:
    """id → the other columns, for the rows with these ids (the first column)."""
    wanted = sorted(ids)
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(wanted), BATCH):
        statement = select(*columns).where(columns[0].in_(wanted[start : start + BATCH]))
        found.update((int(row[0]), tuple(row[1:])) for row in connection.execute(statement))
    return found


def filtered_targets(connection: Connection, where: VulnerabilityFilter, limit: int) -> list[TriageTarget]:
    """The keys of the findings the finding list shows for `where`, at most `limit` (ordered by
    node, protocol, port, exploit)."""
    statement = (
        _targets()
        .join(scans, scans.c.id == vulnerabilities.c.scan_id)
        .where(*conditions(where))
        .order_by(*_key_columns().clauses)
        .limit(limit)
    )
    return [_target(row) for row in connection.execute(statement)]


def listed_targets(connection: Connection, where: FindingFilter, limit: int) -> list[TriageTarget]:
    """The keys of the findings the dashboard's finding list shows for `where` (every page), at
    most `limit` (ordered by node, protocol, port, exploit): one statement."""
    statement = (
        _targets()
        .join(scans, scans.c.id == vulnerabilities.c.scan_id)
        .where(*finding_conditions(connection, where))
        .order_by(*_key_columns().clauses)
        .limit(limit)
    )
    return [_target(row) for row in connection.execute(statement)]


def evidence_of(connection: Connection, keys: Sequence[FindingKey]) -> dict[FindingKey, str]:
    """The digest of what the newest run that reported findings for each key reported."""
    digests: dict[FindingKey, str] = {}
    for batch in _batches(list(keys)):
        newest = (
            select(func.max(vulnerabilities.c.security_scan_id))
            .where(_key_columns().in_([_values(key) for key in batch]))
            .group_by(*_key_columns().clauses)
        )
        rows = connection.execute(
            select(*_key_columns().clauses, vulnerabilities.c.subid, vulnerabilities.c.output).where(
                vulnerabilities.c.security_scan_id.in_(newest)
            )
        )
        reported: dict[FindingKey, list[tuple[int, str]]] = defaultdict(list)
        for row in rows:
            reported[_key(row)].append((row.subid, row.output))
        digests.update((key, evidence_digest(found)) for key, found in reported.items())
    return digests


def _targets() -> Any:
    """Distinct keys of findings with the node's address and the exploit (joined for filters)."""
    table = vulnerabilities
    return (
        select(
            *_key_columns().clauses,
            nodes.c.ip.label("node_ip"),
            exploits.c.app.label("exploit_app"),
            exploits.c.name.label("exploit_name"),
        )
        .distinct()
        .select_from(table)
        .join(nodes, nodes.c.id == table.c.node_id)
        .join(exploits, exploits.c.id == table.c.exploit_id)
    )


def _key_columns() -> Any:
    table = vulnerabilities
    return tuple_(table.c.node_id, table.c.protocol, table.c.port, table.c.exploit_id)


def _values(key: FindingKey) -> tuple[int, int, int, int]:
    return (key.node_id, key.protocol, key.port, key.exploit_id)


def _key(row: Any) -> FindingKey:
    return FindingKey(exploit_id=row.exploit_id, node_id=row.node_id, protocol=row.protocol, port=row.port)


def _target(row: Any) -> TriageTarget:
    exploit = ExploitRef(row.exploit_id, row.exploit_app, row.exploit_name)
    return TriageTarget(key=_key(row), ip=row.node_ip, exploit=exploit)


def _batches(keys: list[FindingKey]) -> Iterator[list[FindingKey]]:
    for start in range(0, len(keys), BATCH):
        yield keys[start : start + BATCH]


def _protocol_name(number: int) -> str:
    try:
        return Protocol(number).name
    except ValueError:
        return str(number)

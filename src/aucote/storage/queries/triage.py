"""Triage as read: whether a triage applies to a finding (the `triage` filter of the finding lists
and the open counts), the triage shown beside a finding (`include=triage`, the dashboard's
findings), and the triage list."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, Label, Row, and_, exists, or_, select, tuple_

from aucote.model.triage import FindingKey, TriageState, TriageView
from aucote.storage.queries.columns import exploit_columns, node_columns, read_exploit, read_node
from aucote.storage.queries.filters import all_of, equal_to
from aucote.storage.queries.paging import Page, Window, by_offset, cut
from aucote.storage.queries.records import ExploitRef, NodeRef
from aucote.storage.tables import exploits, nodes, triage, vulnerabilities

KEY = ("node_id", "protocol", "port", "exploit_id")
BATCH = 500
"""Keys per statement (4 bound values each: well within SQLite's limit)."""


@dataclass(frozen=True, slots=True)
class TriageFilter:
    """Findings by their triage as of `now` (a triage past its expiry no longer applies)."""

    view: TriageView
    now: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageInfo:
    """The triage of a finding: state, reason, expiry, who set it and when, and when a later run
    first reported different evidence (None: unchanged since)."""

    state: TriageState
    reason: str
    expires: float | None
    actor: str
    time: float
    changed: float | None

    def applies(self, now: float) -> bool:
        """Whether it applies at `now`: no expiry, or a later one."""
        return self.expires is None or self.expires > now


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageRow:
    """A triage entry with its port and exploit."""

    id: int
    node: NodeRef
    port: int
    protocol: int
    exploit: ExploitRef
    info: TriageInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageListFilter:
    """Which triage entries to list; `expired` (as of `now`) True: those past their expiry, False:
    those applying; `changed` True: flagged as changed since triage."""

    now: float
    state: TriageState | None = None
    node_id: int | None = None
    node_ip: str | None = None
    port: int | None = None
    protocol: int | None = None
    exploit_id: int | None = None
    expired: bool | None = None
    changed: bool | None = None


def applies(table: FromClause, now: float) -> ColumnElement[bool]:
    """The triage row (of `table`, triage or an alias) applies at `now`: no expiry, or a later one."""
    return or_(table.c.expires.is_(None), table.c.expires > now)


def same_key(table: FromClause, findings: FromClause = vulnerabilities) -> ColumnElement[bool]:
    """The triage row (of `table`) is keyed by the finding's exploit and port."""
    return and_(*(table.c[name] == findings.c[name] for name in KEY))


def untriaged(now: float) -> ColumnElement[bool]:
    """The finding (a vulnerabilities row) has no triage applying at `now`."""
    return ~_triaged([], now)


def matching(where: TriageFilter) -> ColumnElement[bool]:
    """The condition on vulnerabilities rows of a triage view."""
    view = where.view
    if view is TriageView.UNTRIAGED:
        return untriaged(where.now)
    extra: list[ColumnElement[bool]] = []
    if (state := view.state()) is not None:
        extra.append(APPLYING.c.state == state.value)
    if view is TriageView.CHANGED:
        extra.append(APPLYING.c.changed.is_not(None))
    return _triaged(extra, where.now)


APPLYING = triage.alias("applying")
"""The triage table as the filters' subqueries read it (apart from a triage joined to the list)."""


def _triaged(extra: list[ColumnElement[bool]], now: float) -> ColumnElement[bool]:
    found = select(APPLYING.c.id).where(same_key(APPLYING), applies(APPLYING, now), *extra)
    return exists(found.correlate_except(APPLYING))


def triage_columns() -> list[Label[Any]]:
    """The triage's columns, labelled triage_* (null when no triage row was joined)."""
    names = ("id", "state", "reason", "expires", "actor", "time", "changed")
    return [triage.c[name].label(f"triage_{name}") for name in names]


def read_triage(row: Row[Any]) -> TriageInfo | None:
    """The triage selected by `triage_columns`, None when none was joined."""
    if row.triage_id is None:
        return None
    return TriageInfo(
        state=TriageState(row.triage_state),
        reason=row.triage_reason,
        expires=row.triage_expires,
        actor=row.triage_actor,
        time=row.triage_time,
        changed=row.triage_changed,
    )


def list_triage(connection: Connection, where: TriageListFilter, window: Window) -> Page[TriageRow]:
    """Triage entries, newest first (time DESC, id DESC)."""
    statement = (
        select(*triage_columns(), triage.c.port, triage.c.protocol, *node_columns(), *exploit_columns())
        .select_from(
            triage.join(nodes, nodes.c.id == triage.c.node_id).join(
                exploits, exploits.c.id == triage.c.exploit_id
            )
        )
        .where(all_of(_list_conditions(where)))
        .order_by(triage.c.time.desc(), triage.c.id.desc())
    )
    return cut([_read_row(row) for row in connection.execute(by_offset(statement, window))], window)


def triage_of(connection: Connection, key: FindingKey) -> TriageInfo | None:
    """The triage stored for the key (applying or not), or None."""
    statement = select(*triage_columns()).where(*(triage.c[name] == getattr(key, name) for name in KEY))
    row = connection.execute(statement).first()
    return None if row is None else read_triage(row)


def stored_triage(connection: Connection, keys: Sequence[FindingKey]) -> dict[FindingKey, TriageInfo]:
    """The triage stored for each key that has one (applying or not: `TriageInfo.applies`), in
    statements of `BATCH` keys."""
    wanted = list(dict.fromkeys(keys))
    found: dict[FindingKey, TriageInfo] = {}
    columns = tuple_(*(triage.c[name] for name in KEY))
    for start in range(0, len(wanted), BATCH):
        batch = [tuple(getattr(key, name) for name in KEY) for key in wanted[start : start + BATCH]]
        statement = select(*(triage.c[name] for name in KEY), *triage_columns()).where(columns.in_(batch))
        for row in connection.execute(statement):
            info = read_triage(row)
            assert info is not None
            found[FindingKey(**{name: row._mapping[name] for name in KEY})] = info
    return found


def _list_conditions(where: TriageListFilter) -> list[ColumnElement[bool]]:
    conditions = equal_to(
        [
            (triage.c.state, None if where.state is None else where.state.value),
            (triage.c.node_id, where.node_id),
            (nodes.c.ip, where.node_ip),
            (triage.c.port, where.port),
            (triage.c.protocol, where.protocol),
            (triage.c.exploit_id, where.exploit_id),
        ]
    )
    if where.expired is not None:
        conditions.append(~applies(triage, where.now) if where.expired else applies(triage, where.now))
    if where.changed is not None:
        conditions.append(triage.c.changed.is_not(None) if where.changed else triage.c.changed.is_(None))
    return conditions


def _read_row(row: Row[Any]) -> TriageRow:
    info = read_triage(row)
    assert info is not None
    return TriageRow(
        id=row.triage_id,
        node=read_node(row),
        port=row.port,
        protocol=row.protocol,
        exploit=read_exploit(row),
        info=info,
    )

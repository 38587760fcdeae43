"""Writing triage: set (or replace) the decision about exploits on ports, clear it, and flag it when
a later run reports different evidence. Audit entries and the day's totals are the caller's, in
the same transaction (aucote.api.triage_changes)."""

from collections.abc import Mapping, Sequence

from sqlalchemy import ColumnElement, Connection, and_, delete, or_, update

from aucote.model.triage import FindingKey, TriageDecision
from aucote.storage.repository.upsert import upsert
from aucote.storage.tables import triage

KEY = ("node_id", "protocol", "port", "exploit_id")
BATCH = 500


def set_triage(
    connection: Connection, evidence: Mapping[FindingKey, str | None], decision: TriageDecision, now: float
) -> int:
    """Set `decision` on each key (replacing any earlier triage of it), with the digest of the
    evidence it was taken on and no change flagged; how many keys."""
    rows = [
        {
            "node_id": key.node_id,
            "protocol": key.protocol,
            "port": key.port,
            "exploit_id": key.exploit_id,
            "state": decision.state.value,
            "reason": decision.reason,
            "expires": decision.expires,
            "actor": decision.actor,
            "time": now,
            "evidence": digest,
            "changed": None,
        }
        for key, digest in evidence.items()
    ]
    for start in range(0, len(rows), BATCH):
        upsert(connection, triage, rows[start : start + BATCH], KEY)
    return len(rows)


def clear_triage(connection: Connection, keys: Sequence[FindingKey]) -> list[FindingKey]:
    """Remove the triage of the keys; the keys that had one."""
    cleared: list[FindingKey] = []
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        columns = [triage.c[name] for name in KEY]
        statement = delete(triage).where(or_(*(_is(key) for key in batch))).returning(*columns)
        cleared += [FindingKey(**row._mapping) for row in connection.execute(statement)]
    return cleared


def note_evidence(connection: Connection, key: FindingKey, digest: str, when: float) -> bool:
    """A run reported evidence with `digest` for the key at `when`: flag its triage as changed
    (once: the first change is kept) when that differs from the evidence it was set on. Whether
    a triage was flagged now."""
    statement = (
        update(triage)
        .where(_is(key), triage.c.changed.is_(None), triage.c.time <= when)
        .where(or_(triage.c.evidence.is_(None), triage.c.evidence != digest))
        .values(changed=when)
    )
    return bool(connection.execute(statement).rowcount)


def _is(key: FindingKey) -> ColumnElement[bool]:
    return and_(*(triage.c[name] == getattr(key, name) for name in KEY))

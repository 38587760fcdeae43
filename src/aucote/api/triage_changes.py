"""Setting and clearing triage, for the API and the dashboard alike: resolve what is selected (named
findings, or a filter of the API's finding list or of the dashboard's), change the triage and
append one audit entry per exploit on a port (who, from where, what) in one transaction, so an
audit entry stands or falls with its change; then rewrite the day's totals of open findings.
Refusals are data."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from aucote.access.audit import Actor, record_all
from aucote.api.times import human
from aucote.model.access import AuditAction
from aucote.model.triage import FindingKey, TriageDecision, TriageRefusal
from aucote.storage.queries.findings import FindingFilter
from aucote.storage.queries.triage_targets import (
    TriageTarget,
    described,
    evidence_of,
    filtered_targets,
    listed_targets,
    node_ids,
    targets_of,
)
from aucote.storage.queries.vulnerabilities import VulnerabilityFilter
from aucote.storage.repository.daily_totals import record_day
from aucote.storage.repository.triage import clear_triage, set_triage

MAX_SELECTED = 10_000
"""Exploits on ports one change may touch (a bigger filter is refused: narrow it)."""
CLEARED = "cleared"


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedFinding:
    """An exploit on a port, the node by address or id."""

    exploit_id: int
    port: int
    protocol: int
    node_ip: str | None = None
    node_id: int | None = None


Selection = Sequence[NamedFinding] | VulnerabilityFilter | FindingFilter
"""Named findings, or the findings a finding list shows for a filter: the API's
(`/api/v1/vulnerabilities`) or the dashboard's (`/findings`, every page)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageOutcome:
    """How many exploits on ports were changed, or why nothing was (`refusal`, with `detail`: the
    position of the named finding, or the limit)."""

    count: int = 0
    refusal: TriageRefusal | None = None
    detail: str | None = None


def set_triage_on(
    engine: Engine, selection: Selection, decision: TriageDecision, actor: Actor, now: float
) -> TriageOutcome:
    """Set `decision` on the selection (every named finding must exist)."""
    with engine.begin() as connection:
        targets, refused = _targets(connection, selection, strict=True)
        if refused is not None:
            return refused
        evidence = evidence_of(connection, [target.key for target in targets])
        set_triage(connection, {t.key: evidence.get(t.key) for t in targets}, decision, now)
        detail = _decision_text(decision)
        entries = [(target.label(), detail) for target in targets]
        record_all(connection, actor, AuditAction.TRIAGE, entries, now=now)
    _totals(engine, now, len(targets))
    return TriageOutcome(count=len(targets))


def clear_triage_on(engine: Engine, selection: Selection, actor: Actor, now: float) -> TriageOutcome:
    """Clear the triage of the selection (named findings without one are no error)."""
    with engine.begin() as connection:
        targets, refused = _targets(connection, selection, strict=False)
        if refused is not None:
            return refused
        cleared = set(clear_triage(connection, [target.key for target in targets]))
        entries = [(target.label(), CLEARED) for target in targets if target.key in cleared]
        record_all(connection, actor, AuditAction.TRIAGE, entries, now=now)
    _totals(engine, now, len(cleared))
    return TriageOutcome(count=len(cleared))


def _totals(engine: Engine, now: float, changed: int) -> None:
    """The day's totals again after a change of `changed` triage entries, in a transaction of its
    own (its reads take no write lock before the short upsert; the scanner is not held up)."""
    if changed:
        with engine.begin() as connection:
            record_day(connection, now)


def _targets(
    connection: Connection, selection: Selection, *, strict: bool
) -> tuple[list[TriageTarget], TriageOutcome | None]:
    """The selected exploits on ports; with `strict`, each named one must have findings."""
    if isinstance(selection, VulnerabilityFilter | FindingFilter):
        found = (
            filtered_targets(connection, selection, MAX_SELECTED + 1)
            if isinstance(selection, VulnerabilityFilter)
            else listed_targets(connection, selection, MAX_SELECTED + 1)
        )
        if len(found) > MAX_SELECTED:
            return [], TriageOutcome(refusal=TriageRefusal.TOO_MANY, detail=str(MAX_SELECTED))
        return found, None
    keys = _keys(connection, selection)
    known = targets_of(connection, [key for key in keys if key is not None]) if strict else {}
    for position, key in enumerate(keys):
        if strict and (key is None or key not in known):
            return [], TriageOutcome(refusal=TriageRefusal.UNKNOWN_FINDING, detail=str(position))
    named = described(connection, [key for key in keys if key is not None])
    return list(named.values()), None


def _keys(connection: Connection, named: Sequence[NamedFinding]) -> list[FindingKey | None]:
    """The key of each named finding (None when its address names no node)."""
    ids = node_ids(connection, [item.node_ip for item in named if item.node_ip is not None])
    keys: list[FindingKey | None] = []
    for item in named:
        node_id = item.node_id if item.node_ip is None else ids.get(item.node_ip)
        keys.append(
            None
            if node_id is None
            else FindingKey(
                exploit_id=item.exploit_id, node_id=node_id, protocol=item.protocol, port=item.port
            )
        )
    return keys


def _decision_text(decision: TriageDecision) -> str:
    """`accepted_risk until 2027-01-01T00:00:00+00:00: <reason>` (no `until` without expiry)."""
    until = "" if decision.expires is None else f" until {human(decision.expires)}"
    return f"{decision.state.value}{until}: {decision.reason}"

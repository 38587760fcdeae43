"""Triage: beside a finding and in the triage list."""

from aucote.api.links import Links
from aucote.api.render.common import exploit_ref, port, protocol_name
from aucote.api.schemas.triage import Triage, TriageEntry
from aucote.api.times import human, maybe_human, maybe_number, number
from aucote.storage.queries.triage import TriageInfo, TriageRow


def triage(info: TriageInfo) -> Triage:
    """A triage as shown beside a finding."""
    return Triage(
        state=info.state.value,
        reason=info.reason,
        expires=maybe_number(info.expires),
        expires_human=maybe_human(info.expires),
        by=info.actor,
        time=number(info.time),
        time_human=human(info.time),
        changed=maybe_number(info.changed),
        changed_human=maybe_human(info.changed),
    )


def triage_entry(row: TriageRow, links: Links, now: float) -> TriageEntry:
    """A triage list entry; `expired` as of `now`."""
    info = row.info
    findings = links.listing("vulnerabilities", node_id=row.node.id, port=row.port, exploit_id=row.exploit.id)
    return TriageEntry(
        id=row.id,
        port=port(row.node, row.port, row.protocol),
        exploit=exploit_ref(row.exploit),
        **dict(triage(info)),
        expired=info.expires is not None and info.expires <= now,
        vulnerabilities_url=f"{findings}&protocol={protocol_name(row.protocol)}",
    )

"""Triage: the decision about the findings of an exploit on a port, as shown beside a finding
(`include=triage`) and in the triage list, and the answer to a change."""

from aucote.api.params import TriageStateName
from aucote.api.schemas.common import ExploitRef, Meta, Navigation, Number, Port, Schema


class Triage(Schema):
    """A triage: its state, why, until when (null: no expiry), who set it and when, and when a later
    run first reported different evidence (`changed`: null while unchanged since)."""

    state: TriageStateName
    reason: str
    expires: Number | None
    expires_human: str | None
    by: str
    time: Number
    time_human: str
    changed: Number | None
    changed_human: str | None


class TriageEntry(Schema):
    """A triage with the port and exploit it is keyed by (then the `Triage` keys), whether it is
    past its expiry, and the findings it covers."""

    id: int
    port: Port
    exploit: ExploitRef
    state: TriageStateName
    reason: str
    expires: Number | None
    expires_human: str | None
    by: str
    time: Number
    time_human: str
    changed: Number | None
    changed_human: str | None
    expired: bool
    vulnerabilities_url: str


class TriageList(Schema):
    """A page of triage entries, newest first."""

    triage: list[TriageEntry]
    navigation: Navigation
    meta: Meta


class TriageChanged(Schema):
    """A change was made: what (`Triage set`, `Triage cleared`) and to how many exploits on ports."""

    code: str
    count: int
    meta: Meta

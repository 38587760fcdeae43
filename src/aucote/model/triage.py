"""Triage of findings: an operator's decision about one exploit on one port, and the views of the
finding lists it adds (docs/dashboard.md#triage)."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class TriageState(StrEnum):
    """What an operator decided about a finding (exploit on a port)."""

    ACCEPTED_RISK = "accepted_risk"
    """Known and accepted: it stays, on purpose."""
    FALSE_POSITIVE = "false_positive"
    """The check is wrong about this port."""
    FIX_PENDING = "fix_pending"
    """Real, and a fix is on its way."""


class TriageView(StrEnum):
    """Which findings a list shows by their triage (the `triage` filter)."""

    UNTRIAGED = "untriaged"
    """No triage applies: none set, or it expired."""
    TRIAGED = "triaged"
    """A triage applies (any state)."""
    ACCEPTED_RISK = "accepted_risk"
    FALSE_POSITIVE = "false_positive"
    FIX_PENDING = "fix_pending"
    CHANGED = "changed"
    """A triage applies and the finding's evidence changed after it was set."""

    def state(self) -> TriageState | None:
        """The one state this view selects, if it is a state."""
        try:
            return TriageState(self.value)
        except ValueError:
            return None


class TriageRefusal(StrEnum):
    """Why a triage change was refused (nothing was changed)."""

    UNKNOWN_FINDING = "unknown_finding"
    """A named exploit on a port has no finding to triage."""
    TOO_MANY = "too_many"
    """A filter selects more exploits on ports than one change may touch."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingKey:
    """What triage is keyed by: one exploit on one port of one node (it survives re-scans)."""

    exploit_id: int
    node_id: int
    protocol: int
    port: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageDecision:
    """What an operator sets: the state, why (required), until when (None: no expiry), and who."""

    state: TriageState
    reason: str
    expires: float | None
    actor: str


def evidence_digest(findings: Iterable[tuple[int, str]]) -> str:
    """The SHA-256 (hex) of what one run reported for an exploit on a port: its findings as
    (subid, output), in subid order. Equal digests: the same evidence."""
    digest = hashlib.sha256()
    for subid, output in sorted(findings):
        digest.update(f"{subid}\0{len(output)}\0".encode())
        digest.update(output.encode())
    return digest.hexdigest()


class TriageInputProblem(StrEnum):
    """Why a dashboard's triage form was refused (nothing was changed)."""

    NO_STATE = "no_state"
    UNKNOWN_STATE = "unknown_state"
    NO_REASON = "no_reason"
    LONG_REASON = "long_reason"
    BAD_EXPIRY = "bad_expiry"
    """The expiry is not a day (YYYY-MM-DD)."""
    PAST_EXPIRY = "past_expiry"
    NOTHING_SELECTED = "nothing_selected"
    TOO_MANY_SELECTED = "too_many_selected"
    UNKNOWN_FINDING = "unknown_finding"
    """A selected finding does not exist (any more)."""
    TOO_MANY_MATCHING = "too_many_matching"
    """The view's filters select more exploits on ports than one change may touch."""
    BAD_FIELD = "bad_field"
    """Any other field the form does not take, or a value it cannot read."""

"""Notifications: the events a rule can ask for, the channel kinds, how a delivery went, and
the rules the engine applies when it records a change."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network, ip_address

from aucote.model.status import RiskLevel


class EventKind(StrEnum):
    """What happened, as a notification rule names it (`notifications.rules[].events`)."""

    FINDING_NEW = "finding_new"
    """A finding appeared that no earlier scan had recorded on that port."""
    FINDING_REOPENED = "finding_reopened"
    """A finding appeared again after an earlier scan had recorded it and a later one not."""
    FINDING_RESOLVED = "finding_resolved"
    """A re-test no longer found what the previous scan had found."""
    PORT_OPENED = "port_opened"
    PORT_CLOSED = "port_closed"
    SERVICE_CHANGED = "service_changed"
    """The detected service (name, product, version) of an open port changed."""
    SCAN_FAILED = "scan_failed"
    """A scanner's run ended FAILED."""
    WORKER_LOST = "worker_lost"
    """A worker went silent while it ran a job (the job went back to its queue or failed)."""


FINDING_EVENTS = frozenset({EventKind.FINDING_NEW, EventKind.FINDING_REOPENED, EventKind.FINDING_RESOLVED})
"""Events that carry a risk (`min_risk` filters them; the others pass it)."""


class ChannelType(StrEnum):
    """How a channel delivers (`notifications.channels.<name>.type`)."""

    WEBHOOK = "webhook"
    """JSON POST signed with HMAC-SHA256 of the timestamp and the body."""
    EMAIL = "email"
    """A plain-text e-mail over SMTP (STARTTLS and login when configured)."""
    SLACK = "slack"
    """A Slack incoming webhook (`{"text": …}`)."""
    TEAMS = "teams"
    """A Microsoft Teams incoming webhook (a MessageCard)."""


class DeliveryOutcome(StrEnum):
    """How one attempt to deliver a message went."""

    DELIVERED = "delivered"
    """The receiver accepted it (2xx, or the SMTP server queued it)."""
    REFUSED = "refused"
    """The receiver answered with an error status (retried)."""
    UNREACHABLE = "unreachable"
    """No connection, a timeout or a TLS/SMTP protocol failure (retried)."""


RISK_ORDER = (RiskLevel.NONE, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)


@dataclass(frozen=True, kw_only=True)
class NoticeRule:
    """A notification rule as the engine applies it when it records a change (from
    `notifications.rules`): empty `scanners` or `networks` mean every one."""

    name: str
    events: frozenset[EventKind]
    channels: tuple[str, ...]
    min_risk: RiskLevel = RiskLevel.LOW
    scanners: frozenset[str] = frozenset()
    networks: tuple[IPv4Network | IPv6Network, ...] = ()
    digest: float | None = None


@dataclass(frozen=True, kw_only=True)
class Notice:
    """One event to notify: its idempotency key, what happened, where, and its JSON payload (the
    changed item itself)."""

    key: str
    kind: EventKind
    scanner: str
    time: float
    host: str | None = None
    risk: RiskLevel | None = None
    payload: Mapping[str, object]


def rule_matches(rule: NoticeRule, notice: Notice) -> bool:
    """Whether the rule asks for this notice (events without a host pass a network filter)."""
    if notice.kind not in rule.events or (rule.scanners and notice.scanner not in rule.scanners):
        return False
    if notice.risk is not None and RISK_ORDER.index(notice.risk) < RISK_ORDER.index(rule.min_risk):
        return False
    if rule.networks and notice.host is not None:
        address = ip_address(notice.host)
        return any(address in network for network in rule.networks)
    return True


def due_time(rule: NoticeRule, now: float) -> float:
    """When a notice of the rule may be sent: now, or the end of the digest period it falls in."""
    if rule.digest is None:
        return now
    return (math.floor(now / rule.digest) + 1) * rule.digest

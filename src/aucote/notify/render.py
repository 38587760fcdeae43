"""Notifications as text for people (e-mail, Slack, Teams): one line per changed item, saying
what changed where, with the finding's output or the service before and after."""

from collections import Counter
from collections.abc import Mapping, Sequence

Event = Mapping[str, object]

TITLES = {
    "finding_new": "New finding",
    "finding_reopened": "Finding reopened",
    "finding_resolved": "Finding resolved",
    "port_opened": "Port opened",
    "port_closed": "Port closed",
    "service_changed": "Service changed",
    "scan_failed": "Scan failed",
    "worker_lost": "Worker lost",
}


def subject(events: Sequence[Event]) -> str:
    """`Aucote: 2 new findings, 1 port opened` style summary."""
    counts = Counter(str(event["event"]) for event in events)
    parts = [f"{count} x {TITLES.get(kind, kind).lower()}" for kind, count in sorted(counts.items())]
    return "Aucote: " + ", ".join(parts)


def lines(events: Sequence[Event]) -> list[str]:
    """One line per event, then its output (findings) indented."""
    found: list[str] = []
    for event in events:
        found.append(_headline(event))
        found.extend(f"    {line}" for line in _details(event))
    return found


def _headline(event: Event) -> str:
    item = _item(event)
    kind = str(event["event"])
    title = TITLES.get(kind, kind)
    if kind == "scan_failed":
        return (
            f"{title}: {event['scanner']} scan {event['scan_id']}: {item.get('reason') or 'no reason given'}"
        )
    if kind == "worker_lost":
        return (
            f"{title}: {item.get('worker')} (zone {item.get('zone')}) on {event['scanner']} scan"
            f" {event['scan_id']}: {item.get('kind')} job, attempt {item.get('attempt')},"
            f" {item.get('outcome')}"
        )
    where = f"{item.get('host')}:{item.get('port')}/{item.get('protocol')}"
    exploit = item.get("exploit")
    if isinstance(exploit, Mapping):
        return f"{title} [{item.get('risk')}] {where} {exploit.get('name')}: {exploit.get('title')}"
    change = f"{item.get('before') or '-'} → {item.get('after') or '-'}" if kind == "service_changed" else ""
    service = item.get("after") or item.get("before") or ""
    return f"{title} {where} {change or service}".rstrip()


def _details(event: Event) -> list[str]:
    item = _item(event)
    if not isinstance(item.get("exploit"), Mapping):
        return []
    output = item.get("after") if item.get("after") is not None else item.get("before")
    return str(output or "").splitlines()[:40]


def _item(event: Event) -> Mapping[str, object]:
    item = event.get("item")
    return item if isinstance(item, Mapping) else {}

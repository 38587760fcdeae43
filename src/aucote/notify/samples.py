"""The sample message `aucote notify test` sends: one event of each kind, made up, marked as a test."""

import uuid

from aucote.model.notification import EventKind
from aucote.notify.channels import Outgoing

EXPLOIT = {"id": 72, "app": "nmap", "name": "http-vuln-cve2011-3192", "title": "Apache byterange filter DoS"}


def sample_message(channel: str, now: float) -> Outgoing:
    """A test message for `channel` with one made-up event of each kind (host 192.0.2.10, a
    documentation address)."""
    return Outgoing(
        key=f"test-{uuid.uuid4().hex}", channel=channel, events=[_event(kind, now) for kind in EventKind]
    )


def _event(kind: EventKind, now: float) -> dict[str, object]:
    item: dict[str, object] = {
        "host": "192.0.2.10",
        "port": 80,
        "protocol": "tcp",
        "before": None,
        "after": None,
    }
    if kind in (EventKind.FINDING_NEW, EventKind.FINDING_REOPENED, EventKind.FINDING_RESOLVED):
        output = "VULNERABLE:\n  Apache byterange filter DoS (test notification)"
        side = "before" if kind is EventKind.FINDING_RESOLVED else "after"
        item.update({"exploit": EXPLOIT, "risk": "High", side: output})
    elif kind is EventKind.SERVICE_CHANGED:
        item.update({"before": "http Apache httpd 2.4.57", "after": "http nginx 1.24.0"})
    elif kind is EventKind.SCAN_FAILED:
        item = {"reason": "test notification"}
    elif kind is EventKind.WORKER_LOST:
        item = {"worker": "test-dmz", "zone": "dmz", "job": "test", "kind": "checks", "attempt": 1,
                "outcome": "queued_again"}  # fmt: skip
    else:
        item["after" if kind is EventKind.PORT_OPENED else "before"] = "http Apache httpd 2.4.57"
    return {
        "key": uuid.uuid4().hex,
        "event": kind.value,
        "scanner": "test",
        "scan_id": 0,
        "previous_scan_id": None,
        "time": now,
        "test": True,
        "item": item,
    }

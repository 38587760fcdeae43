"""Notifications of a scan's changes, written to the outbox in the transaction that stores the
changes: events by kind (new, resolved, reopened findings with their risk; ports opened and
closed), each carrying its changed item; rules filter by event, risk and network; a rolled-back
transaction leaves no notification behind."""

import json
from ipaddress import ip_network

import pytest
from sqlalchemy import Engine, select

from aucote.engine.changes import changes_since_previous
from aucote.model.notification import EventKind, NoticeRule
from aucote.model.status import RiskLevel
from aucote.storage.tables import changes, notification_outbox
from tests.engine.test_changes import _scan

EVERYTHING = NoticeRule(
    name="all", events=frozenset(EventKind), channels=("hook", "mail"), min_risk=RiskLevel.NONE
)
HIGH_ELSEWHERE = NoticeRule(
    name="high", events=frozenset(EventKind), channels=("chat",), networks=(ip_network("198.51.100.0/24"),)
)


def _outbox(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        rows = connection.execute(select(notification_outbox).order_by(notification_outbox.c.id)).all()
    return [{**row._asdict(), "payload": json.loads(row.payload)} for row in rows]


def test_changes_become_notifications_with_their_items(engine: Engine) -> None:
    first = _scan(engine, 100.0, {80: "http", 22: "ssh"}, "VULNERABLE")
    second = _scan(engine, 200.0, {80: "http", 443: "https"}, None)
    third = _scan(engine, 300.0, {80: "http", 443: "https"}, "VULNERABLE again")
    rules = [EVERYTHING, HIGH_ELSEWHERE]
    with engine.begin() as connection:
        assert changes_since_previous(connection, "tcp", second, 250.0, rules) == 6
        assert changes_since_previous(connection, "tcp", third, 350.0, rules) == 2
    rows = _outbox(engine)
    assert {row["channel"] for row in rows} == {"hook", "mail"}
    hook = [row["payload"] for row in rows if row["channel"] == "hook"]
    assert [(event["event"], event["item"]["port"]) for event in hook] == [
        ("port_closed", 22),
        ("port_opened", 443),
        ("finding_resolved", 80),
        ("finding_reopened", 80),
    ]
    resolved, reopened = hook[2], hook[3]
    assert resolved == {
        "key": resolved["key"],
        "event": "finding_resolved",
        "scanner": "tcp",
        "scan_id": second,
        "previous_scan_id": first,
        "time": 250.0,
        "item": {
            "host": "192.0.2.10",
            "port": 80,
            "protocol": "tcp",
            "before": "VULNERABLE",
            "after": None,
            "exploit": {"id": 72, "app": "nmap", "name": "http-vuln-cve2011-3192", "title": ""},
            "risk": "None",
        },
    }
    assert reopened["item"]["after"] == "VULNERABLE again"
    assert hook[1]["item"] == {
        "host": "192.0.2.10",
        "port": 443,
        "protocol": "tcp",
        "before": None,
        "after": "https",
    }
    assert len({event["key"] for event in hook}) == 4
    mail_keys = [row["key"] for row in rows if row["channel"] == "mail"]
    assert mail_keys == [row["key"] for row in rows if row["channel"] == "hook"]  # one key per event
    assert all(row["due"] == row["created"] and row["delivered"] is None for row in rows)


def test_the_minimum_risk_and_the_digest(engine: Engine) -> None:
    first = _scan(engine, 100.0, {80: "http"}, None)
    second = _scan(engine, 200.0, {80: "http"}, "VULNERABLE")
    del first
    only_low = NoticeRule(name="low", events=frozenset(EventKind), channels=("hook",), digest=3600.0)
    with engine.begin() as connection:
        assert changes_since_previous(connection, "tcp", second, 250.0, [only_low]) == 0  # risk None < Low
    none_and_up = NoticeRule(
        name="any",
        events=frozenset({EventKind.FINDING_NEW}),
        channels=("hook",),
        min_risk=RiskLevel.NONE,
        digest=3600.0,
    )
    with engine.begin() as connection:
        connection.execute(changes.delete())
        assert changes_since_previous(connection, "tcp", second, 250.0, [none_and_up]) == 1
    [row] = _outbox(engine)
    assert (row["kind"], row["created"], row["due"]) == ("finding_new", 250.0, 3600.0)


def test_a_rolled_back_change_leaves_no_notification(engine: Engine) -> None:
    _scan(engine, 100.0, {80: "http"}, None)
    second = _scan(engine, 200.0, {80: "http", 443: "https"}, None)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        assert changes_since_previous(connection, "tcp", second, 250.0, [EVERYTHING]) == 2
        raise RuntimeError("the transaction fails after the changes were written")
    assert _outbox(engine) == []
    with engine.connect() as connection:
        assert connection.execute(select(changes)).all() == []

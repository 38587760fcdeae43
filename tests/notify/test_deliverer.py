"""The deliverer against real local receivers: a signed webhook whose signature verifies and whose
events are the changed items; a receiver that is down gets every event once it is back (retried
with backoff, each message under the same idempotency key, nothing lost, nothing twice); a digest
waits for its period's end and goes as one message; an e-mail over STARTTLS with login reaches an
aiosmtpd server with the changed items in its body."""

import asyncio
import json
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from sqlalchemy import Engine, select

from aucote.config.notifications import ChannelSettings, RetrySettings
from aucote.engine.notices import write_notices
from aucote.model.notification import EventKind, Notice, NoticeRule
from aucote.model.status import RiskLevel
from aucote.notify.deliverer import Deliverer, backoff
from aucote.notify.signing import HEADER, IDEMPOTENCY_HEADER, verify
from aucote.storage.tables import notification_outbox
from tests.support.ports import free_port
from tests.support.tls_servers import Authority, server_context
from tests.support.webhook_receiver import Received, webhook_receiver

SECRET = "webhook-s3cret"
RETRY = RetrySettings(initial=1.0, max=8.0)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def notice(n: int, when: float) -> Notice:
    item = {"host": "192.0.2.10", "port": 8000 + n, "protocol": "tcp", "before": None, "after": f"http {n}"}
    payload = {
        "key": f"event-{n}",
        "event": "port_opened",
        "scanner": "tcp",
        "scan_id": 7,
        "time": when,
        "item": item,
    }
    return Notice(
        key=f"event-{n}",
        kind=EventKind.PORT_OPENED,
        scanner="tcp",
        time=when,
        host="192.0.2.10",
        payload=payload,
    )


def add(engine: Engine, rule: NoticeRule, numbers: range, when: float) -> None:
    with engine.begin() as connection:
        write_notices(connection, [rule], [notice(n, when) for n in numbers])


def hook(port: int) -> ChannelSettings:
    return ChannelSettings.model_validate(
        {"type": "webhook", "url": f"http://127.0.0.1:{port}/hook", "secret": SECRET}, strict=False
    )


def deliver(deliverer: Deliverer) -> int:
    async def once() -> int:
        async with httpx.AsyncClient() as client:
            return await deliverer.deliver_due(client)

    return asyncio.run(once())


def events_of(received: Received, clock: Clock) -> list[dict[str, Any]]:
    events = []
    for headers, body, _ in received.posts:
        assert verify(SECRET, headers[HEADER], body, now=clock.now)
        message = json.loads(body)
        assert headers[IDEMPOTENCY_HEADER] == message["key"]
        events.extend(message["events"])
    return events


IMMEDIATE = NoticeRule(name="now", events=frozenset(EventKind), channels=("hook",), min_risk=RiskLevel.NONE)


def test_a_receiver_that_was_down_gets_everything_once(engine: Engine) -> None:
    port, clock, received = free_port(), Clock(1000.0), Received()
    deliverer = Deliverer(engine, {"hook": hook(port)}, RETRY, clock)
    add(engine, IMMEDIATE, range(3), 1000.0)
    assert deliver(deliverer) == 0  # refused: nobody listens
    clock.now = 1000.5
    add(engine, IMMEDIATE, range(3, 5), 1000.5)
    assert deliver(deliverer) == 0  # the new events fail too; the first message waits its backoff
    with engine.connect() as connection:
        rows = connection.execute(select(notification_outbox).order_by(notification_outbox.c.id)).all()
    assert [(row.attempts, row.next_attempt) for row in rows] == [(1, 1001.0)] * 3 + [(1, 1001.5)] * 2
    assert "ConnectError" in str(rows[0].last_error)
    first_message = rows[0].message
    clock.now = 1001.0
    assert deliver(deliverer) == 0
    with webhook_receiver(received, port):
        clock.now = 1002.0
        assert deliver(deliverer) == 1  # the second message (1 s after its one failure)
        clock.now = 1003.0
        assert deliver(deliverer) == 1  # the first, 2 s after its second failure
        clock.now = 1100.0
        assert deliver(deliverer) == 0  # delivered is delivered
    events = events_of(received, clock)
    assert sorted(event["key"] for event in events) == [f"event-{n}" for n in range(5)]  # once each
    assert events[2]["item"] == {
        "host": "192.0.2.10",
        "port": 8000,
        "protocol": "tcp",
        "before": None,
        "after": "http 0",
    }
    assert received.posts[1][0][IDEMPOTENCY_HEADER] == first_message  # the key of its first attempt
    with engine.connect() as connection:
        rows = connection.execute(select(notification_outbox).order_by(notification_outbox.c.id)).all()
    assert [(row.delivered, row.attempts, row.last_error) for row in rows] == [(1003.0, 3, None)] * 3 + [
        (1002.0, 2, None)
    ] * 2


def test_a_refusing_receiver_is_retried_and_backoff_is_capped(engine: Engine) -> None:
    clock, received = Clock(50.0), Received(status=503)
    with webhook_receiver(received) as port:
        deliverer = Deliverer(engine, {"hook": hook(port)}, RETRY, clock)
        add(engine, IMMEDIATE, range(1), 50.0)
        assert deliver(deliverer) == 0
        received.status = 200
        clock.now = 51.0
        assert deliver(deliverer) == 1
    first, second = (json.loads(body) for _, body, _ in received.posts)
    assert (first["sent"], second["sent"]) == (50.0, 51.0)
    assert {**first, "sent": 0} == {**second, "sent": 0}  # the same message, key and events
    assert [backoff(RETRY, n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_a_digest_goes_at_its_period_end_as_one_message(engine: Engine) -> None:
    clock, received = Clock(7300.0), Received()
    hourly = NoticeRule(name="hourly", events=frozenset(EventKind), channels=("hook",), digest=3600.0)
    with webhook_receiver(received) as port:
        deliverer = Deliverer(engine, {"hook": hook(port)}, RETRY, clock)
        add(engine, hourly, range(2), 7300.0)
        clock.now = 9000.0
        add(engine, hourly, range(2, 4), 9000.0)
        assert deliver(deliverer) == 0
        clock.now = 10800.0
        assert deliver(deliverer) == 1
    assert len(received.posts) == 1
    assert [event["key"] for event in events_of(received, clock)] == [f"event-{n}" for n in range(4)]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Envelope] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"


def authenticate(
    server: object, session: object, envelope: object, mechanism: str, data: object
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"aucote", b"mail-pass")
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[int, Mailbox, Path]]:
    authority = Authority.create(tmp_path)
    files = authority.issue(tmp_path, "smtp")
    mailbox, port = Mailbox(), free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context(files),
        require_starttls=True,
        authenticator=authenticate,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield port, mailbox, authority.cert_file
    finally:
        controller.stop()


def test_an_email_over_starttls_with_login_carries_the_items(
    engine: Engine, smtp_server: tuple[int, Mailbox, Path]
) -> None:
    port, mailbox, ca_file = smtp_server
    channel = ChannelSettings.model_validate(
        {
            "type": "email",
            "host": "127.0.0.1",
            "port": port,
            "ca_file": str(ca_file),
            "username": "aucote",
            "password": "mail-pass",
            "sender": "aucote@example.org",
            "to": ["soc@example.org", "admin@example.org"],
        },
        strict=False,
    )
    clock = Clock(500.0)
    rule = NoticeRule(name="mail", events=frozenset(EventKind), channels=("mail",), min_risk=RiskLevel.NONE)
    add(engine, rule, range(2), 500.0)
    assert deliver(Deliverer(engine, {"mail": channel}, RETRY, clock)) == 1
    [envelope] = mailbox.messages
    assert envelope.rcpt_tos == ["soc@example.org", "admin@example.org"]
    mail = message_from_bytes(envelope.original_content or b"")
    assert mail["Subject"] == "Aucote: 2 x port opened"
    body = mail.get_payload(decode=True).decode()
    assert body.splitlines() == [
        "Port opened 192.0.2.10:8000/tcp http 0",
        "Port opened 192.0.2.10:8001/tcp http 1",
    ]


def test_a_wrong_smtp_password_is_a_failed_attempt(
    engine: Engine, smtp_server: tuple[int, Mailbox, Path]
) -> None:
    port, mailbox, ca_file = smtp_server
    settings = {"type": "email", "host": "127.0.0.1", "port": port, "ca_file": str(ca_file), "timeout": 2}
    settings |= {
        "username": "aucote",
        "password": "wrong",
        "sender": "a@example.org",
        "to": ["b@example.org"],
    }
    channel = ChannelSettings.model_validate(settings, strict=False)
    rule = NoticeRule(name="mail", events=frozenset(EventKind), channels=("mail",))
    add(engine, rule, range(1), 10.0)
    assert deliver(Deliverer(engine, {"mail": channel}, RETRY, Clock(10.0))) == 0
    assert mailbox.messages == []
    with engine.connect() as connection:
        [row] = connection.execute(select(notification_outbox)).all()
    # aiosmtpd answers 535 to smtplib's AUTH PLAIN, then stalls its fallback AUTH LOGIN
    assert str(row.last_error).startswith(("SMTPAuthenticationError", "SMTPServerDisconnected"))
    assert row.attempts == 1 and row.delivered is None

"""The notification outbox: rows written with the change they report, grouped into messages,
marked delivered or scheduled for another attempt (docs/operations.md#notifications)."""

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select, update

from aucote.storage.tables import notification_outbox as outbox

MESSAGE_ITEMS = 200
"""At most this many events in one message."""


@dataclass(frozen=True, kw_only=True)
class NewOutboxRow:
    """One event for one channel."""

    key: str
    channel: str
    rule: str
    kind: str
    created: float
    due: float
    payload: str


@dataclass(frozen=True, kw_only=True)
class PendingMessage:
    """Events fixed into one message for a channel, not yet delivered."""

    key: str
    channel: str
    attempts: int
    events: list[dict[str, object]]


@dataclass(frozen=True, kw_only=True)
class ChannelHealth:
    """A channel's deliveries: waiting, the oldest waiting, the latest error and success."""

    channel: str
    pending: int
    oldest_pending: float | None
    attempts: int
    last_error: str | None
    last_delivered: float | None


def add_outbox(connection: Connection, rows: Sequence[NewOutboxRow]) -> None:
    """Insert outbox rows (in the caller's transaction: the change's own)."""
    if rows:
        values = [{**row.__dict__, "attempts": 0} for row in rows]
        connection.execute(insert(outbox), values)


def form_messages(connection: Connection, now: float) -> int:
    """Give every due row not yet in a message one, per channel (at most MESSAGE_ITEMS per
    message); how many rows were grouped."""
    query = (
        select(outbox.c.id, outbox.c.channel)
        .where(outbox.c.delivered.is_(None), outbox.c.message.is_(None), outbox.c.due <= now)
        .order_by(outbox.c.id)
    )
    groups: dict[str, list[list[int]]] = {}
    for row in connection.execute(query):
        chunks = groups.setdefault(row.channel, [[]])
        if len(chunks[-1]) == MESSAGE_ITEMS:
            chunks.append([])
        chunks[-1].append(row.id)
    grouped = 0
    for chunks in groups.values():
        for ids in chunks:
            message = uuid.uuid4().hex
            connection.execute(update(outbox).where(outbox.c.id.in_(ids)).values(message=message))
            grouped += len(ids)
    return grouped


def due_messages(connection: Connection, now: float) -> list[PendingMessage]:
    """Messages to (re)send now, oldest first."""
    query = (
        select(outbox.c.message, outbox.c.channel, outbox.c.attempts, outbox.c.payload)
        .where(outbox.c.delivered.is_(None), outbox.c.message.is_not(None))
        .where(func.coalesce(outbox.c.next_attempt, 0.0) <= now)
        .order_by(outbox.c.id)
    )
    messages: dict[str, PendingMessage] = {}
    for row in connection.execute(query):
        found = messages.setdefault(
            row.message,
            PendingMessage(key=row.message, channel=row.channel, attempts=row.attempts, events=[]),
        )
        found.events.append(json.loads(row.payload))
    return list(messages.values())


def mark_delivered(connection: Connection, message: str, now: float) -> None:
    """The message reached its receiver."""
    connection.execute(
        update(outbox)
        .where(outbox.c.message == message)
        .values(delivered=now, attempts=outbox.c.attempts + 1, last_error=None)
    )


def mark_failed(connection: Connection, message: str, error: str, retry_at: float) -> None:
    """The attempt failed: note why and when to try again."""
    connection.execute(
        update(outbox)
        .where(outbox.c.message == message)
        .values(attempts=outbox.c.attempts + 1, last_error=error[:2000], next_attempt=retry_at)
    )


def channel_health(connection: Connection) -> list[ChannelHealth]:
    """Per channel with rows: what waits, since when, how many attempts, the last error and success."""
    pending = outbox.c.delivered.is_(None)
    query = select(
        outbox.c.channel,
        func.count().filter(pending),
        func.min(outbox.c.created).filter(pending),
        func.max(outbox.c.attempts).filter(pending),
        func.max(outbox.c.delivered),
    ).group_by(outbox.c.channel)
    errors = dict(
        connection.execute(
            select(outbox.c.channel, func.max(outbox.c.last_error)).where(pending).group_by(outbox.c.channel)
        ).all()
    )
    return [
        ChannelHealth(
            channel=row[0],
            pending=int(row[1] or 0),
            oldest_pending=row[2],
            attempts=int(row[3] or 0),
            last_error=errors.get(row[0]),
            last_delivered=row[4],
        )
        for row in connection.execute(query.order_by(outbox.c.channel))
    ]

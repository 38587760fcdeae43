"""The deliverer: a task of the service that sends the outbox's messages, at least once.

Each pass groups the due rows into messages (fixed from then on, so a retry sends the same events
under the same idempotency key), sends each due message through its channel and marks it
delivered, or notes the error and the time of the next attempt (doubling from
`notifications.retry.initial` up to `.max`). A message is only marked delivered after its
receiver accepted it: a crash in between sends it again (receivers dedupe by key). It wakes when
the recorder commits notifications, and polls every `notifications.poll` for the rest (digests
falling due, retries, other processes' imports)."""

import asyncio
import logging
from collections.abc import Callable, Mapping

import httpx
from sqlalchemy import Engine

from aucote.config.notifications import ChannelSettings, RetrySettings
from aucote.model.notification import DeliveryOutcome
from aucote.notify.channels import Attempt, Outgoing, send
from aucote.storage.repository import outbox

log = logging.getLogger(__name__)


def backoff(retry: RetrySettings, attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt."""
    return float(min(retry.max, retry.initial * 2 ** max(0, attempts - 1)))


class Deliverer:
    """Delivers the outbox through the configured channels until stopped."""

    def __init__(
        self,
        engine: Engine,
        channels: Mapping[str, ChannelSettings],
        retry: RetrySettings,
        clock: Callable[[], float],
        poll: float = 1.0,
    ) -> None:
        self.engine, self.channels, self.retry, self.clock, self.poll = engine, channels, retry, clock, poll
        self._wake = asyncio.Event()
        self.delivered = 0

    def wake(self) -> None:
        """Something was committed to the outbox: look now (thread-safe from the loop's thread)."""
        self._wake.set()

    async def run(self, stopping: asyncio.Event) -> None:
        """Deliver until `stopping` is set."""
        async with httpx.AsyncClient() as client:
            while not stopping.is_set():
                try:
                    await self.deliver_due(client)
                except Exception:  # a database hiccup must not end deliveries for good
                    log.exception("notification delivery pass failed")
                await self._sleep(stopping)

    async def _sleep(self, stopping: asyncio.Event) -> None:
        waiters = [asyncio.ensure_future(stopping.wait()), asyncio.ensure_future(self._wake.wait())]
        await asyncio.wait(waiters, timeout=self.poll, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            waiter.cancel()
        self._wake.clear()

    async def deliver_due(self, client: httpx.AsyncClient) -> int:
        """One pass: group due rows, send due messages; how many messages were delivered."""
        if not self.channels:
            return 0  # notifications are off: nothing is written to the outbox either
        now = self.clock()
        messages = await asyncio.to_thread(self._due, now)
        sent = 0
        for message in messages:
            channel = self.channels.get(message.channel)
            if channel is None:
                continue  # its channel left the configuration: kept until it comes back
            outgoing = Outgoing(key=message.key, channel=message.channel, events=message.events)
            attempt = await send(channel, outgoing, client, self.clock())
            await asyncio.to_thread(self._note, message, attempt)
            sent += attempt.outcome is DeliveryOutcome.DELIVERED
        self.delivered += sent
        return sent

    def _due(self, now: float) -> list[outbox.PendingMessage]:
        with self.engine.begin() as connection:
            outbox.form_messages(connection, now)
            return outbox.due_messages(connection, now)

    def _note(self, message: outbox.PendingMessage, attempt: Attempt) -> None:
        now = self.clock()
        with self.engine.begin() as connection:
            if attempt.outcome is DeliveryOutcome.DELIVERED:
                outbox.mark_delivered(connection, message.key, now)
                return
            wait = backoff(self.retry, message.attempts + 1)
            outbox.mark_failed(connection, message.key, attempt.error or attempt.outcome.value, now + wait)
        log.warning(
            "notification %s to %s failed (%s); next attempt in %.0f s",
            message.key,
            message.channel,
            attempt.error,
            wait,
        )

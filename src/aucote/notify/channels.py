"""Sending one message through one channel: a signed JSON webhook, a Slack or Teams webhook, or
an e-mail over SMTP. Foreign errors become a DeliveryOutcome with its text, never an exception."""

import asyncio
import json
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

import httpx

from aucote.config.notifications import ChannelSettings
from aucote.model.notification import ChannelType, DeliveryOutcome
from aucote.notify import render
from aucote.notify.signing import HEADER, IDEMPOTENCY_HEADER, sign


@dataclass(frozen=True, kw_only=True)
class Outgoing:
    """A message: its idempotency key, the channel's name, the events it carries."""

    key: str
    channel: str
    events: Sequence[Mapping[str, object]]


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """How one attempt went; `error` says why it failed."""

    outcome: DeliveryOutcome
    error: str | None = None


async def send(channel: ChannelSettings, message: Outgoing, client: httpx.AsyncClient, now: float) -> Attempt:
    """Deliver `message` through `channel` once."""
    try:
        if channel.type is ChannelType.EMAIL:
            await asyncio.to_thread(send_email, channel, message)
            return Attempt(outcome=DeliveryOutcome.DELIVERED)
        return await _post(channel, message, client, now)
    except (httpx.HTTPError, OSError, smtplib.SMTPException, ssl.SSLError) as error:
        return Attempt(outcome=DeliveryOutcome.UNREACHABLE, error=f"{type(error).__name__}: {error}")


async def _post(
    channel: ChannelSettings, message: Outgoing, client: httpx.AsyncClient, now: float
) -> Attempt:
    body = json.dumps(_body(channel.type, message, now), sort_keys=True).encode()
    headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: message.key}
    if channel.type is ChannelType.WEBHOOK:
        headers[HEADER] = sign(channel.secret or "", int(now), body)
    response = await client.post(str(channel.url), content=body, headers=headers, timeout=channel.timeout)
    if response.is_success:
        return Attempt(outcome=DeliveryOutcome.DELIVERED)
    return Attempt(
        outcome=DeliveryOutcome.REFUSED, error=f"HTTP {response.status_code}: {response.text[:200]}"
    )


def _body(kind: ChannelType, message: Outgoing, now: float) -> dict[str, object]:
    if kind is ChannelType.WEBHOOK:
        return {"key": message.key, "channel": message.channel, "sent": now, "events": list(message.events)}
    text = "\n".join([render.subject(message.events), *render.lines(message.events)])
    if kind is ChannelType.SLACK:
        return {"text": text}
    return {  # Teams: a MessageCard, which its incoming webhooks (and Workflows) accept
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": render.subject(message.events),
        "text": text.replace("\n", "  \n"),
    }


def email_message(channel: ChannelSettings, message: Outgoing) -> EmailMessage:
    """The e-mail of a message: the summary as subject, one line per changed item as body."""
    mail = EmailMessage()
    mail["Subject"] = render.subject(message.events)
    mail["From"] = str(channel.sender)
    mail["To"] = ", ".join(channel.to)
    mail["Message-ID"] = f"<{message.key}@aucote>"
    mail.set_content("\n".join(render.lines(message.events)) + "\n")
    return mail


def send_email(channel: ChannelSettings, message: Outgoing) -> None:
    """Send over SMTP (STARTTLS with certificate checks when `starttls`, against the system CAs or
    `ca_file`; login when configured)."""
    with smtplib.SMTP(str(channel.host), channel.port, timeout=channel.timeout) as smtp:
        if channel.starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=channel.ca_file))
        if channel.username is not None and channel.password is not None:
            smtp.login(channel.username, channel.password)
        smtp.send_message(email_message(channel, message))

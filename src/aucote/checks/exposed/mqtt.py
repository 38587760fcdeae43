"""MQTT broker open to anonymous clients: CONNECT without credentials accepted and a SUBSCRIBE to
`#` and `$SYS/#` granted (paho-mqtt, see mqtt_session.py); a few topic names are the evidence."""

import asyncio
from typing import Final

from aucote.catalog.matching import service_names
from aucote.checks.contract import CheckContext
from aucote.checks.exposed.mqtt_session import REFUSED_LOGIN, TOPICS, Session, Target, run_session
from aucote.checks.exposed.probe import ProbeFailed, host, require
from aucote.model.protocol import Protocol
from aucote.model.target import Port

LISTEN: Final = 2.0
"""Seconds to collect topic names after the subscription is granted (less with a short timeout)."""
MAX_TOPICS: Final = 5
SUBSCRIBE_REFUSED: Final = 0x80
TLS_PORTS: Final = frozenset({8883})


def uses_tls(port: Port) -> bool:
    """TLS from the first byte: an ssl tunnel, nmap's secure-mqtt, or port 8883 when nothing was detected."""
    names = service_names(port.service)
    if names:
        return "ssl" in names or "secure-mqtt" in names
    return port.number in TLS_PORTS


def target(port: Port, timeout: float) -> Target:
    """The session's target within the check's timeout."""
    budget = max(timeout - 0.5, 0.5)
    listen = min(LISTEN, budget / 3)
    return Target(
        host=host(port),
        port=port.number,
        tls=uses_tls(port),
        listen=listen,
        max_topics=MAX_TOPICS,
        budget=budget,
    )


def evidence(session: Session) -> str | None:
    """The finding's text, None when the broker refused the anonymous client or every subscription."""
    if session.connack in REFUSED_LOGIN:
        return None
    if session.connack != 0:
        raise ProbeFailed(f"the broker refused the connection: CONNACK return code {session.connack}")
    granted = session.granted or []
    if all(code >= SUBSCRIBE_REFUSED for code in granted):
        return None
    grants = ", ".join(f"{topic!r} {_grant(code)}" for topic, code in zip(TOPICS, granted, strict=False))
    seen = ", ".join(session.topics) or "none"
    accepted = "MQTT broker accepts anonymous clients: CONNACK 0 (accepted)"
    return f"{accepted}; SUBSCRIBE {grants}; topics seen: {seen}"


def _grant(code: int) -> str:
    return "refused (0x80)" if code >= SUBSCRIBE_REFUSED else f"granted QoS {code}"


async def mqtt_anonymous(port: Port, context: CheckContext) -> str | None:
    """Evidence: the accepted anonymous CONNECT, the granted subscriptions and a few topic names."""
    require(port, Protocol.TCP)
    session = await asyncio.to_thread(run_session, target(port, context.timeout))
    return evidence(session)

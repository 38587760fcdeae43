"""One anonymous MQTT 3.1.1 session through paho-mqtt, driven step by step in the calling thread:
CONNECT without credentials, SUBSCRIBE to `#` and `$SYS/#`, listen for a bounded time, DISCONNECT.
Nothing is published."""

import secrets
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.reasoncodes import ReasonCode

TOPICS: Final = ("#", "$SYS/#")
REFUSED_LOGIN: Final = frozenset({4, 5, 0x86, 0x87})
"""CONNACK codes that mean credentials are required: MQTT 3.1.1's 4 (bad user name or password) and
5 (not authorised), which paho 2 reports as their MQTT 5 reason codes 0x86 and 0x87."""


@dataclass
class Session:
    """What the broker answered, filled in by paho's callbacks."""

    connack: int | None = None
    granted: list[int] | None = None
    topics: dict[str, None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where to connect, over TLS or not, and how long the whole session may take."""

    host: str
    port: int
    tls: bool
    listen: float
    max_topics: int
    budget: float


def _client(session: Session, target: Target) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"aucote-{secrets.token_hex(4)}")
    client.connect_timeout = target.budget
    if target.tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        client.tls_set_context(context)
    client.on_connect = lambda _c, _u, _f, code, _p: setattr(session, "connack", _code(code))
    client.on_subscribe = lambda _c, _u, _m, codes, _p: setattr(session, "granted", [_code(c) for c in codes])
    client.on_message = lambda _c, _u, message: _seen(session, message.topic, target.max_topics)
    return client


def _code(code: ReasonCode | int) -> int:
    """A reason code's number (paho 2 maps MQTT 3.1.1 return codes and QoS grants to ReasonCode)."""
    return code.value if isinstance(code, ReasonCode) else int(code)


def _seen(session: Session, topic: str, limit: int) -> None:
    if len(session.topics) < limit:
        session.topics[topic] = None


def _pump(client: mqtt.Client, until: float, done: Callable[[], bool]) -> None:
    """Run paho's loop until `done()` or the deadline; errors of the connection become exceptions."""
    while not done() and time.monotonic() < until:
        code = client.loop(timeout=0.1)
        if done():
            return
        if code is MQTTErrorCode.MQTT_ERR_PROTOCOL:
            raise ValueError("not an MQTT answer")
        if code is not MQTTErrorCode.MQTT_ERR_SUCCESS:
            raise EOFError("the service closed the connection")


def run_session(target: Target) -> Session:
    """The session's answers; TimeoutError when CONNACK or SUBACK does not come within the budget."""
    session = Session()
    client = _client(session, target)
    deadline = time.monotonic() + target.budget
    client.connect(target.host, target.port, keepalive=30)
    try:
        _pump(client, deadline, lambda: session.connack is not None)
        if session.connack is None:
            raise TimeoutError("no CONNACK")
        if session.connack == 0:
            _subscribe(client, session, target, deadline)
        return session
    finally:
        client.disconnect()


def _subscribe(client: mqtt.Client, session: Session, target: Target, deadline: float) -> None:
    client.subscribe([(topic, 0) for topic in TOPICS])
    _pump(client, deadline, lambda: session.granted is not None)
    if session.granted is None:
        raise TimeoutError("no SUBACK")
    listen_until = min(deadline, time.monotonic() + target.listen)
    _pump(client, listen_until, lambda: len(session.topics) >= target.max_topics)

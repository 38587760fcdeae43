"""Users and real API tokens for the API's access tests, made through aucote.access (with the
cheapest Argon2 parameters: the code paths are the real ones), and a stand-in of the service's
controller, and real HTTP serving on this helper's ports."""

import hashlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from argon2 import profiles
from sqlalchemy import Engine
from starlette.types import ASGIApp

from aucote.access import accounts, api_tokens
from aucote.access.audit import Actor
from aucote.access.passwords import Passwords
from aucote.live.control import StartResult, StopResult
from aucote.model.access import Role
from tests.api.conftest import NOW

CHEAP = Passwords(profiles.CHEAPEST)
PASSWORD = "correct horse battery staple"
CLI = Actor(name="cli:test")
CREATED = NOW - 1000.0
LEGACY = "the-original-shared-token"
LEGACY_HASH = hashlib.sha512(LEGACY.encode()).hexdigest()  # the original's form of service.api.password
WRONG = "aucote_" + "A" * 43


@dataclass(frozen=True, slots=True, kw_only=True)
class Tokens:
    """Secrets of the tokens `issue_tokens` made (at CREATED; the app's clock says NOW)."""

    viewer: str
    operator: str
    admin: str
    revoked: str
    expired: str


def add_user(engine: Engine, name: str, role: Role) -> None:
    """An enabled user."""
    with engine.begin() as connection:
        accounts.add_user(
            connection, CLI, name=name, role=role, password=PASSWORD, now=CREATED, passwords=CHEAP
        )


def token(engine: Engine, user: str, label: str, expires: float | None = None) -> str:
    """A new token of the user."""
    with engine.begin() as connection:
        created = api_tokens.create_token(
            connection, CLI, user_name=user, label=label, now=CREATED, expires=expires
        )
    return created.secret


def revoke(engine: Engine, user: str, label: str) -> None:
    """Revoke the user's token."""
    with engine.begin() as connection:
        api_tokens.revoke_token(connection, CLI, user_name=user, label=label, now=CREATED + 1)


def issue_tokens(engine: Engine) -> Tokens:
    """Users viewer, operator and admin with one token each, and two more admin tokens: one revoked,
    one expired (10 s before NOW)."""
    for role in Role:
        add_user(engine, role.value, role)
    revoked = token(engine, "admin", "revoked")
    revoke(engine, "admin", "revoked")
    return Tokens(
        viewer=token(engine, "viewer", "t"),
        operator=token(engine, "operator", "t"),
        admin=token(engine, "admin", "t"),
        revoked=revoked,
        expired=token(engine, "admin", "expired", expires=NOW - 10.0),
    )


def bearer(secret: str) -> dict[str, str]:
    """The Authorization header of a secret."""
    return {"Authorization": f"Bearer {secret}"}


async def legacy_hash() -> str:
    """service.api.password as the service would read it."""
    return LEGACY_HASH


class Service:
    """A stand-in controller: `tcp` runs, `udp` is idle, `tools` is disabled."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def start(self, name: str) -> StartResult:
        self.calls.append(f"start {name}")
        return {"tcp": "running", "udp": "started", "tools": "disabled"}.get(name, "unknown")  # type: ignore[return-value]

    async def stop(self, name: str) -> StopResult:
        self.calls.append(f"stop {name}")
        return {"tcp": "stopping", "udp": "idle", "tools": "idle"}.get(name, "unknown")  # type: ignore[return-value]

    async def shutdown(self) -> None:
        self.calls.append("shutdown")


PORTS = range(18400, 18500)
"""The ports these tests may listen on."""


def local_port() -> int:
    """A port of PORTS nothing listens on right now, on 127.0.0.1."""
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@contextmanager
def served(app: ASGIApp, port: int) -> Iterator[str]:
    """`app` served over real HTTP by uvicorn on 127.0.0.1:`port` (in a thread); its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    )
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        while not server.started:
            thread.join(0.01)
            assert thread.is_alive(), "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()

"""Audit entries for what a principal does through the API (the control calls): who (the request's
principal), from where (`aucote.api.clients.client_address`: X-Forwarded-For only from a trusted
proxy), what and to what. Appended in a worker thread, as a write may wait for the scanning
process's transaction."""

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aucote.access.audit import Actor, record
from aucote.api.access.principal import principal_of
from aucote.api.clients import client_address
from aucote.api.context import settings_of
from aucote.model.access import AuditAction


async def audit(request: Request, action: AuditAction, target: str | None, detail: str | None = None) -> None:
    """Append the entry of `action` by the request's principal."""
    settings = settings_of(request)
    actor = Actor(name=(await principal_of(request)).name, address=client_address(request))
    await run_in_threadpool(_append, settings.engine, actor, action, target, detail, settings.clock())


def _append(
    engine: Engine, actor: Actor, action: AuditAction, target: str | None, detail: str | None, now: float
) -> None:
    with engine.begin() as connection:
        record(connection, actor, action, target, detail, now=now)

"""Who makes a change through the API, as the audit log records it: the request's principal (let
through by the route's role rule, `aucote.api.access.guard.require`) and the client's address
(`aucote.api.clients.client_address`: X-Forwarded-For only from a trusted proxy)."""

from starlette.requests import Request

from aucote.access.audit import Actor
from aucote.api.access.principal import principal_of
from aucote.api.clients import client_address


async def acting(request: Request) -> Actor:
    """Dependency: the actor of the request's change."""
    return Actor(name=(await principal_of(request)).name, address=client_address(request))

"""Who may change triage, until the API's role rules (issue 12: `require(Role.OPERATOR)`) guard it:
the holder of the control token (`service.api.password`, checked like the control endpoints'),
recorded in the audit log under that name with the client's address."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aucote.access.audit import Actor
from aucote.api.auth import bearer_token, token_matches
from aucote.api.clients import client_address
from aucote.api.context import ApiDep
from aucote.api.errors import ApiError

PASSWORD_ACTOR = "service.api.password"


async def operator(request: Request, api: ApiDep) -> Actor:
    """Dependency: the actor of a change, once the bearer token matched (else 401)."""
    token = bearer_token(request.headers.get("authorization"))
    stored = await api.settings.password_hash()
    if token is None or not await run_in_threadpool(token_matches, token, stored):
        raise ApiError(401, "Unauthorized", {"WWW-Authenticate": "Bearer"})
    return Actor(name=PASSWORD_ACTOR, address=client_address(request))

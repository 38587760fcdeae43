"""The `Authorization` header as a credential: a user's API token, else `service.api.password`. A
header that is present but not a valid Bearer credential is refused (401), never ignored."""

from starlette.requests import Request

from aucote.api.access.errors import Unauthenticated
from aucote.api.access.password import PRINCIPAL as PASSWORD
from aucote.api.access.tokens import token_principal
from aucote.api.auth import bearer_token
from aucote.api.context import settings_of
from aucote.model.access import Principal


async def bearer_principal(request: Request) -> Principal | None:
    """Who the Bearer credential belongs to; None when the request has no Authorization header."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    token = bearer_token(header)
    if token is None:
        raise Unauthenticated(invalid=True)
    settings = settings_of(request)
    principal = await token_principal(settings.engine, token, settings.clock())
    if principal is None and await settings.access.password.matches(token):
        principal = PASSWORD
    if principal is None:
        raise Unauthenticated(invalid=True)
    return principal

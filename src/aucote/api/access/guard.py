"""The role rule of a route: `require(role)` is a dependency every route is registered with
(`aucote.api.routing.add_route`). It resolves the request's principal and refuses it when its role
does not allow the route: 401 without a credential, 403 with one of a smaller role, and 403 for a
state-changing request made with the session cookie but without its CSRF token. Its parameters
declare the credentials in the OpenAPI document (a Bearer token or the dashboard's session cookie)."""

from typing import Annotated, Final

from fastapi import Depends, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import Request

from aucote.api.access.errors import Forbidden, Unauthenticated
from aucote.api.access.principal import principal_of
from aucote.api.login.csrf import check_csrf
from aucote.model.access import Credential, Principal, Role

SESSION_COOKIE: Final = "aucote_session"
BEARER = HTTPBearer(
    scheme_name="bearer",
    description="A user's API token (`aucote token create`) or the password hashed in service.api.password",
    auto_error=False,
)
SESSION = APIKeyCookie(
    name=SESSION_COOKIE,
    scheme_name="session",
    description="The dashboard's session cookie (state-changing requests also need its CSRF token)",
    auto_error=False,
)


class RoleGuard:
    """The dependency that lets only principals of `role` (or a larger one) through."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(
        self,
        request: Request,
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
        _session: Annotated[str | None, Security(SESSION)],
    ) -> Principal:
        principal = await principal_of(request)
        if principal.role.allows(self.role):
            await check_csrf(request, principal)
            return principal
        if principal.credential is Credential.OPEN:
            raise Unauthenticated()
        raise Forbidden(self.role)


def require(role: Role) -> RoleGuard:
    """The role rule of a route."""
    return RoleGuard(role)


async def current_principal(request: Request) -> Principal:
    """Dependency: the principal the route's guard let through."""
    return await principal_of(request)


PrincipalDep = Annotated[Principal, Depends(current_principal)]

"""Who is looking at a page: the principal of the request (None: nobody known, as in open mode on
loopback), the role rules of the pages, and the CSRF token the page's forms carry."""

from dataclasses import dataclass

from starlette.requests import Request

from aucote.model.access import Principal, Role


@dataclass(frozen=True, slots=True, kw_only=True)
class Viewer:
    """The principal (None when nobody logged in) and the CSRF token of its session (None without one)."""

    principal: Principal | None
    csrf_token: str | None

    def may(self, role: Role) -> bool:
        """Whether the viewer holds `role` or a higher one."""
        return self.principal is not None and self.principal.role.allows(role)


def viewer_of(request: Request) -> Viewer:
    """The request's viewer. Without browser sessions installed nobody is logged in: the pages read
    as the API reads (open on loopback) and show no operator controls."""
    principal: Principal | None = getattr(request.state, "principal", None)
    csrf: str | None = getattr(request.state, "csrf_token", None)
    return Viewer(principal=principal, csrf_token=csrf)

"""Who is looking at a page: the principal of the request's session (None: nobody logged in) and
the session's CSRF token, which the page's forms carry."""

from dataclasses import dataclass

from aucote.model.access import Principal, Role


@dataclass(frozen=True, slots=True, kw_only=True)
class Viewer:
    """The principal (None when nobody logged in) and the CSRF token of its session (None without one)."""

    principal: Principal | None
    csrf_token: str | None

    def may(self, role: Role) -> bool:
        """Whether the viewer holds `role` or a higher one."""
        return self.principal is not None and self.principal.role.allows(role)


NOBODY = Viewer(principal=None, csrf_token=None)

"""The refusals of access control, in the API's error shape (`aucote.api.errors`): 401 with a
`WWW-Authenticate: Bearer` challenge (RFC 6750) when the request has no valid credential, 403 when
its credential's role is too small."""

from aucote.api.errors import ApiError
from aucote.model.access import Role

CHALLENGE = "Bearer"
INVALID = 'Bearer error="invalid_token"'


class Unauthenticated(ApiError):
    """No credential where one is needed (plain challenge), or a credential that is not valid:
    wrong, revoked, expired, of a disabled user, not a Bearer token (`invalid_token`)."""

    def __init__(self, *, invalid: bool = False) -> None:
        super().__init__(401, "Unauthorized", {"WWW-Authenticate": INVALID if invalid else CHALLENGE})


class Forbidden(ApiError):
    """A valid credential whose role does not allow the call."""

    def __init__(self, needed: Role) -> None:
        challenge = f'Bearer error="insufficient_scope", error_description="needs the {needed.value} role"'
        super().__init__(403, f"Forbidden: needs the {needed.value} role", {"WWW-Authenticate": challenge})

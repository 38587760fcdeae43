"""Who may do what: roles, the credential a request came with, and the audit log's vocabulary."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A user's role; each role may do everything the roles before it may."""

    VIEWER = "viewer"
    """Reads everything."""
    OPERATOR = "operator"
    """Also starts and stops scanners and triages findings."""
    ADMIN = "admin"
    """Also manages users and tokens and kills the service."""

    def allows(self, needed: "Role") -> bool:
        """Whether this role may do what `needed` may."""
        return _RANK[self] >= _RANK[needed]


_RANK = {Role.VIEWER: 0, Role.OPERATOR: 1, Role.ADMIN: 2}


class Credential(StrEnum):
    """How a request proved who it comes from."""

    TOKEN = "token"
    """An API token of a user (`Authorization: Bearer`)."""
    PASSWORD = "password"
    """The configured `service.api.password` (the original's shared admin token)."""
    SESSION = "session"
    """A browser session cookie from the login page."""
    OPEN = "open"
    """None: a loopback-only service without users reads without a credential, as the original."""


class AuditAction(StrEnum):
    """What an audit log entry records."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    USER_ADDED = "user_added"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    USER_PASSWORD = "user_password"
    USER_ROLE = "user_role"
    SCANNER_START = "scanner_start"
    SCANNER_STOP = "scanner_stop"
    SERVICE_KILL = "service_kill"
    TRIAGE = "triage"


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """Who a request comes from: a user (or the configured password) with a role."""

    name: str
    role: Role
    credential: Credential
    user_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """An account; its password hash never leaves storage."""

    id: int
    name: str
    role: Role
    disabled: bool
    created: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiToken:
    """A user's API token as stored: its label and times, never the token itself."""

    id: int
    user_id: int
    name: str
    created: float
    expires: float | None
    last_used: float | None
    revoked: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One append-only audit log row: who did what, when, from where."""

    id: int
    time: float
    actor: str
    address: str | None
    action: AuditAction
    target: str | None
    detail: str | None


class AccountProblem(StrEnum):
    """Why an account or token operation was refused."""

    UNKNOWN_USER = "unknown_user"
    DUPLICATE_USER = "duplicate_user"
    BAD_NAME = "bad_name"
    BAD_PASSWORD = "bad_password"
    UNKNOWN_TOKEN = "unknown_token"
    DUPLICATE_TOKEN = "duplicate_token"
    BAD_EXPIRY = "bad_expiry"


class TokenState(StrEnum):
    """Whether a token authenticates now, and if not why."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USER_DISABLED = "user disabled"


class LoginRefusal(StrEnum):
    """Why a name and password did not log in (for the audit log only: never told to the client)."""

    UNKNOWN_USER = "unknown_user"
    WRONG_PASSWORD = "wrong_password"
    DISABLED = "disabled"
    LOCKED_OUT = "locked_out"
    """Refused before the password was checked: too many recent failures for the name or the address
    (such refusals are audited but do not count as failures themselves)."""


class CsrfRefusal(StrEnum):
    """Why a state-changing request made with a session cookie was refused."""

    MISSING = "missing"
    """No CSRF token in the X-CSRF-Token header or the csrf_token form field."""
    WRONG = "wrong"
    """A token that is not the session's."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """A browser session as stored: its id is the hash of the secret in the cookie, never the secret."""

    id: str
    user_id: int
    created: float
    last_seen: float
    csrf: str
    address: str | None
    ended: float | None

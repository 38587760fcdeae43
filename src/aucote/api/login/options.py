"""What the login page and the sessions are built with, and the state they share in the app."""

import asyncio
from dataclasses import dataclass, field

from starlette.requests import HTTPConnection

from aucote.access.lockout import LoginLimits
from aucote.access.passwords import Passwords
from aucote.access.sessions import SessionTimeouts
from aucote.config.sessions import LoginSettings, SessionsSettings

DEFAULT_TIMEOUTS = SessionTimeouts(idle=1800.0, absolute=43200.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginOptions:
    """Sessions' timeouts, the lock-out's limits, how many logins are checked at once, and the
    password hasher (None: the documented Argon2id parameters)."""

    timeouts: SessionTimeouts = DEFAULT_TIMEOUTS
    limits: LoginLimits = field(default_factory=LoginLimits)
    concurrent: int = 4
    passwords: Passwords | None = None


@dataclass(frozen=True, slots=True)
class LoginState:
    """The options and the semaphore bounding the logins checked at once (Argon2id memory)."""

    options: LoginOptions
    checking: asyncio.Semaphore


def login_state(options: LoginOptions) -> LoginState:
    """The app's login state for these options."""
    return LoginState(options, asyncio.Semaphore(options.concurrent))


def login_state_of(connection: HTTPConnection) -> LoginState:
    """The login state the app was built with."""
    state: LoginState = connection.app.state.login
    return state


def login_options(sessions: SessionsSettings, login: LoginSettings) -> LoginOptions:
    """The options of `service.api.sessions` and `service.api.login`."""
    limits = LoginLimits(
        user_failures=login.max_user_failures,
        address_failures=login.max_address_failures,
        window=login.failure_window,
        lockout=login.lockout,
        delay=login.failure_delay,
        max_delay=login.max_failure_delay,
    )
    timeouts = SessionTimeouts(idle=sessions.idle_timeout, absolute=sessions.absolute_timeout)
    return LoginOptions(timeouts=timeouts, limits=limits, concurrent=login.concurrent)

"""The login options from `service.api.sessions` and `service.api.login`."""

from aucote.access.lockout import LoginLimits
from aucote.access.sessions import SessionTimeouts
from aucote.api.login.options import LoginOptions, login_options
from aucote.config.sessions import LoginSettings, SessionsSettings


def test_the_options_of_the_settings() -> None:
    sessions = SessionsSettings(idle_timeout=60.0, absolute_timeout=600.0)
    login = LoginSettings(
        max_user_failures=3,
        max_address_failures=9,
        failure_window=120.0,
        lockout=300.0,
        failure_delay=0.25,
        max_failure_delay=2.0,
        concurrent=2,
    )
    assert login_options(sessions, login) == LoginOptions(
        timeouts=SessionTimeouts(idle=60.0, absolute=600.0),
        limits=LoginLimits(
            user_failures=3, address_failures=9, window=120.0, lockout=300.0, delay=0.25, max_delay=2.0
        ),
        concurrent=2,
    )


def test_the_defaults_agree() -> None:
    assert login_options(SessionsSettings(), LoginSettings()) == LoginOptions()

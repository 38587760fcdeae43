"""The service hands `service.api.sessions` and `service.api.login` to its API process as JSON."""

from aucote.access.lockout import LoginLimits
from aucote.access.sessions import SessionTimeouts
from aucote.api.login.options import LoginOptions
from aucote.api.process import arguments, login_arguments
from aucote.config.sessions import LoginSettings, SessionsSettings

REQUIRED = ["--fd", "3", "--live", "/run/live.sock", "--parent", "1"]


def test_the_login_options_come_from_the_json_arguments() -> None:
    sessions = SessionsSettings(idle_timeout=300.0, absolute_timeout=3600.0).model_dump_json()
    login = LoginSettings(max_user_failures=3, lockout=60.0, concurrent=2).model_dump_json()
    options = login_arguments(arguments([*REQUIRED, "--sessions", sessions, "--login", login]))
    assert options == LoginOptions(
        timeouts=SessionTimeouts(idle=300.0, absolute=3600.0),
        limits=LoginLimits(user_failures=3, lockout=60.0),
        concurrent=2,
    )


def test_without_them_the_defaults() -> None:
    assert login_arguments(arguments(REQUIRED)) == LoginOptions()

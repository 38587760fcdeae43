"""`service.api.sessions` and `service.api.login`: documented defaults, periods in any form, and
bad values reported with file and key."""

from pathlib import Path

import pytest

from aucote.config.errors import ConfigError
from aucote.config.loader import load_settings
from aucote.config.sessions import LoginSettings, SessionsSettings
from tests.config.conftest import WriteConfig


def test_the_defaults() -> None:
    api = load_settings(None, environ={}).settings.service.api
    assert api.sessions == SessionsSettings(idle_timeout=1800.0, absolute_timeout=43200.0)
    assert api.login == LoginSettings(
        max_user_failures=5,
        max_address_failures=20,
        failure_window=900.0,
        lockout=900.0,
        failure_delay=0.5,
        max_failure_delay=8.0,
        concurrent=4,
    )


def test_periods_in_any_form(write_config: WriteConfig) -> None:
    text = (
        "service:\n  api:\n    sessions: {idle_timeout: 5m, absolute_timeout: 1d}\n    login: {lockout: 90}\n"
    )
    api = load_settings(write_config(text), environ={}).settings.service.api
    assert (api.sessions.idle_timeout, api.sessions.absolute_timeout, api.login.lockout) == (
        300.0,
        86400.0,
        90.0,
    )


def test_the_settings_cross_to_the_api_process_as_json() -> None:
    sessions = SessionsSettings(idle_timeout=60.0, absolute_timeout=3600.5)
    login = LoginSettings(max_user_failures=3, failure_delay=0.25, concurrent=2)
    assert SessionsSettings.model_validate_json(sessions.model_dump_json()) == sessions
    assert LoginSettings.model_validate_json(login.model_dump_json()) == login


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sessions: {idle_timeout: 0}", "service.api.sessions.idle_timeout: must be longer than 0s"),
        (
            "sessions: {idle_timeout: 2h, absolute_timeout: 1h}",
            "service.api.sessions.idle_timeout: must not be longer than absolute_timeout",
        ),
        ("sessions: {absolute_timeout: soon}", "service.api.sessions.absolute_timeout: expected a period"),
        (
            "login: {max_user_failures: 0}",
            "service.api.login.max_user_failures: input should be greater than or equal to 1, got 0",
        ),
        (
            "login: {concurrent: 100}",
            "service.api.login.concurrent: input should be less than or equal to 64, got 100",
        ),
        ("login: {lock_out: 5m}", "service.api.login.lock_out: unknown key"),
    ],
)
def test_bad_values_name_the_file_and_key(write_config: WriteConfig, text: str, problem: str) -> None:
    path: Path = write_config(f"service:\n  api:\n    {text}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert f"{path}: {problem}" in str(caught.value)

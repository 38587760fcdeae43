"""`service.api.sessions` (browser sessions' timeouts) and `service.api.login` (slowing down and
locking out failed logins); docs/access.md."""

from pydantic import Field, model_validator

from aucote.config.base import Section
from aucote.config.errors import ConfigProblem, KeyedProblems
from aucote.config.fields import Period


class SessionsSettings(Section):
    """How long a browser session lives: without a request (idle) and at most since login."""

    idle_timeout: Period = 1800.0
    absolute_timeout: Period = 43200.0

    @model_validator(mode="after")
    def _positive_and_ordered(self) -> "SessionsSettings":
        problems = [
            ConfigProblem(key, "must be longer than 0s")
            for key, value in (
                ("idle_timeout", self.idle_timeout),
                ("absolute_timeout", self.absolute_timeout),
            )
            if value <= 0
        ]
        if not problems and self.idle_timeout > self.absolute_timeout:
            problems.append(ConfigProblem("idle_timeout", "must not be longer than absolute_timeout"))
        if problems:
            raise KeyedProblems(problems)
        return self


class LoginSettings(Section):
    """When failed logins lock a name or an address out, and how each failure is slowed down."""

    max_user_failures: int = Field(default=5, ge=1, le=1000)
    max_address_failures: int = Field(default=20, ge=1, le=100000)
    failure_window: Period = 900.0
    lockout: Period = 900.0
    failure_delay: Period = 0.5
    max_failure_delay: Period = 8.0
    concurrent: int = Field(default=4, ge=1, le=64)

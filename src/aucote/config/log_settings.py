"""The `logging` section."""

from typing import Literal

from pydantic import field_validator

from aucote.config.base import Section

LogLevel = Literal["debug", "info", "warning", "error", "critical"]


class LoggingSettings(Section):
    """How much Aucote logs (to standard error)."""

    level: LogLevel = "info"

    @field_validator("level", mode="before")
    @classmethod
    def _lower_case(cls, level: object) -> object:
        return level.lower() if isinstance(level, str) else level

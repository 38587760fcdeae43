"""The `workers` section: network zones and the job queue that carries scan work to the workers
of each zone (docs/workers.md). Without zones and on SQLite, everything runs inside the service."""

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from aucote.config.base import Section
from aucote.config.fields import NetworkList, Period

_ZONE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62})")


class ZoneSettings(Section):
    """`workers.zones.<name>`: the networks whose hosts only this zone's workers may touch."""

    networks: NetworkList


class WorkersSettings(Section):
    """`workers`: where scan work runs and how lost work is recovered."""

    queue: Literal["auto", "in-process", "procrastinate"] = "auto"
    local_worker: bool = True
    zones: dict[str, ZoneSettings] = Field(default_factory=dict)
    max_attempts: int = Field(default=3, ge=1, le=100)
    heartbeat: Period = 10.0
    stalled_after: Period = 30.0
    drain_grace: Period = 30.0
    checks_per_job: int = Field(default=10, ge=1, le=1000)

    @field_validator("zones")
    @classmethod
    def _zone_names(cls, zones: dict[str, ZoneSettings]) -> dict[str, ZoneSettings]:
        for name in zones:
            if not _ZONE_NAME.fullmatch(name):
                raise ValueError(f"{name!r} is not a zone name (lower-case letters, digits, '-' and '_')")
        return zones

    @model_validator(mode="after")
    def _heartbeat_before_stall(self) -> "WorkersSettings":
        if self.stalled_after <= self.heartbeat:
            raise ValueError(
                f"stalled_after ({self.stalled_after:g} s) must be longer than heartbeat "
                f"({self.heartbeat:g} s), or every worker would look lost"
            )
        return self

"""The `workers` section: network zones and the job queue that carries scan work to the workers
of each zone (docs/workers.md). Without zones and on SQLite, everything runs inside the service."""

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from aucote.config.base import Section
from aucote.config.errors import ConfigProblem, KeyedProblems
from aucote.config.fields import NetworkList, Period
from aucote.model.zones import DEFAULT_ZONE

_ZONE_NAME = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62})")


class ZoneSettings(Section):
    """`workers.zones.<name>`: the networks whose hosts only this zone's workers may touch, and
    the zone's limits. `default` (the hosts of no other zone) has limits but no networks."""

    networks: NetworkList | None = None
    parallel_tasks: int | None = Field(default=None, ge=1, le=1000)
    """Jobs of the zone queued or running at once, over all its workers and runs (default:
    `service.scans.parallel_tasks`)."""
    scan_rate: int | None = Field(default=None, gt=0)
    """A cap on the packets/s of each port scan of the zone's hosts."""


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
        problems = [problem for name, zone in zones.items() for problem in _network_problems(name, zone)]
        if problems:
            raise KeyedProblems(problems)
        return zones

    @model_validator(mode="after")
    def _heartbeat_before_stall(self) -> "WorkersSettings":
        if self.stalled_after <= self.heartbeat:
            raise ValueError(
                f"stalled_after ({self.stalled_after:g} s) must be longer than heartbeat "
                f"({self.heartbeat:g} s), or every worker would look lost"
            )
        return self


def _network_problems(name: str, zone: ZoneSettings) -> list[ConfigProblem]:
    """A zone needs networks; `default` takes none (it is every host of no other zone)."""
    key = f"{name}.networks"
    if name == DEFAULT_ZONE and zone.networks is not None:
        return [
            ConfigProblem(key, "the default zone holds every host of no other zone: it takes no networks")
        ]
    if name != DEFAULT_ZONE and zone.networks is None:
        return [ConfigProblem(key, "missing required key (only the default zone has no networks)")]
    return []

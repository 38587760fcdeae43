"""The `retention` section: which old runs `aucote db prune` and the service's scheduled prune
delete (docs/operations.md#retention). Off while neither limit is set."""

from typing import Self

from pydantic import Field, field_validator, model_validator

from aucote.config.base import Section
from aucote.config.fields import Period


class RetentionSettings(Section):
    """How much history to keep; a row goes only when it is outside every limit that is set.
    Finished jobs of the job queue go after `finished_jobs`, whatever the history limits."""

    keep_runs: int | None = Field(default=None, ge=1)
    """Keep at least the newest N runs of each check on each port (and sightings of each port)."""
    max_age: Period | None = None
    """Keep at least everything younger than this."""
    finished_jobs: Period | None = 7 * 86400.0
    """Delete the job queue's finished jobs (Aucote's record and procrastinate's rows) older than
    this; None keeps them. Their outcomes live on in the security scans."""
    every: Period = 86400.0
    """How often the service prunes (when a limit is set)."""
    batch: int = Field(default=2000, ge=1, le=100_000)
    """Rows deleted per transaction: each transaction stays short, so writers and readers wait little."""

    @property
    def enabled(self) -> bool:
        """Whether anything is ever pruned."""
        return self.limits_history or self.finished_jobs is not None

    @property
    def limits_history(self) -> bool:
        """Whether old runs, findings, sightings, changes and notifications are pruned."""
        return self.keep_runs is not None or self.max_age is not None

    @field_validator("max_age", "every", "finished_jobs")
    @classmethod
    def _positive(cls, period: float | None) -> float | None:
        if period is not None and period <= 0:
            raise ValueError("expected a period longer than 0")
        return period

    @model_validator(mode="after")
    def _not_below_a_day(self) -> Self:
        if self.max_age is not None and self.max_age < 86400:
            raise ValueError(
                "max_age must be at least 1d (the dashboard's daily totals count the day's rows)"
            )
        return self

"""The queued and running jobs of each worker zone (`aucote_zone_jobs_*` metrics): every
configured zone and `default` are listed, with 0 when none of their jobs is open."""

from collections.abc import Iterable, Sequence

from aucote.engine.executor import ZoneLoad
from aucote.model.zones import DEFAULT_ZONE
from aucote.storage.queries.workers import OpenJob


def zone_loads(jobs: Sequence[OpenJob], zones: Iterable[str]) -> tuple[ZoneLoad, ...]:
    """The load of each zone, by name (a job's zone that is no longer configured is kept)."""
    names = sorted({DEFAULT_ZONE, *zones, *(job.zone for job in jobs)})
    return tuple(
        ZoneLoad(
            zone=name,
            queued=sum(1 for job in jobs if job.zone == name and job.worker is None),
            running=sum(1 for job in jobs if job.zone == name and job.worker is not None),
        )
        for name in names
    )
